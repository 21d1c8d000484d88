package dev.vigil.boot;

import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.internal.Settings;
import dev.vigil.boot.report.Report;
import dev.vigil.boot.report.ReportGenerator;
import dev.vigil.boot.report.ReportSchedule;
import dev.vigil.boot.report.VigilReports;
import dev.vigil.health.HealthMonitor;
import dev.vigil.notify.Notifier;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Reports ({@link VigilReports}): made on demand for the {@code vigil} endpoint and the
 * dashboard, and, with {@code vigil.report.enabled=true}, sent on the schedule of {@code
 * vigil.report} (Monday 09:00 by default) through the notifier's channels. Reads the monitor's
 * events, the health monitor's checks and the alert engine's alerts, when they exist.
 */
@AutoConfiguration(after = {VigilAutoConfiguration.class, VigilHealthAutoConfiguration.class,
    VigilNotifyAutoConfiguration.class, VigilAlertsAutoConfiguration.class})
@ConditionalOnBean(Monitor.class)
@EnableConfigurationProperties(VigilReportProperties.class)
public class VigilReportAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  VigilReports vigilReports(Monitor monitor, VigilReportProperties properties,
      ObjectProvider<HealthMonitor> health, ObjectProvider<AlertEngine> alerts,
      ObjectProvider<Notifier> notifier, ObjectProvider<VigilProperties> monitorProperties,
      ObjectProvider<VigilHealthProperties> healthProperties) {
    ZoneId zone = zone(properties.getZone());
    ReportGenerator.Builder generator = ReportGenerator.builder(monitor).zone(zone);
    int top = properties.getTopErrors();
    if (top < 0 || top > 100) {
      throw new InvalidVigilPropertyException("vigil.report.top-errors", top,
          "must be from 0 to 100");
    }
    generator.topErrors(top);
    String title = properties.getTitle();
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new InvalidVigilPropertyException("vigil.report.title", title,
          "must be 1 to 200 non-blank characters");
    }
    generator.title(title);
    double uptime = properties.getUptimeObjective();
    if (!(uptime >= 0 && uptime <= 100)) {
      throw new InvalidVigilPropertyException("vigil.report.uptime-objective", uptime,
          "must be a percentage from 0 to 100");
    }
    generator.objectives(new Report.Objectives(uptime / 100, Settings.positive(
        "vigil.report.latency-objective", properties.getLatencyObjective())));
    VigilProperties vigil = monitorProperties.getIfAvailable();
    if (vigil != null && vigil.getRetention() != null && vigil.getMaxEvents() > 0
        && !vigil.getRetention().isNegative() && !vigil.getRetention().isZero()) {
      generator.eventStore(vigil.getRetention(), vigil.getMaxEvents());
    }
    VigilHealthProperties healthConfig = healthProperties.getIfAvailable();
    if (healthConfig != null && healthConfig.getRetention() != null
        && !healthConfig.getRetention().isNegative() && !healthConfig.getRetention().isZero()) {
      generator.healthRetention(healthConfig.getRetention());
    }
    health.ifAvailable(generator::health);
    alerts.ifAvailable(engine -> generator.alerts(engine.store()));

    VigilReports.Builder reports = VigilReports.builder(generator.build())
        .clock(monitor.clock())
        .meterRegistry(monitor.meterRegistry());
    Notifier n = notifier.getIfAvailable();
    if (n != null) {
      reports.notifier(n);
    }
    List<String> channels = properties.getChannels();
    for (int i = 0; i < channels.size(); i++) {
      String name = channels.get(i);
      if (name == null || name.isBlank() || n == null || !n.channels().contains(name.strip())) {
        throw new InvalidVigilPropertyException("vigil.report.channels[" + i + "]", name,
            n == null ? "names a channel but there is no notifier (vigil.notify.enabled=false?)"
                : "is not a channel of the notifier; its channels are " + n.channels());
      }
    }
    reports.channels(channels.stream().map(String::strip).toList());
    int attempts = properties.getAttempts();
    if (attempts < 1 || attempts > 10) {
      throw new InvalidVigilPropertyException("vigil.report.attempts", attempts,
          "must be from 1 to 10");
    }
    reports.attempts(attempts);
    Duration retryDelay = properties.getRetryDelay();
    if (retryDelay == null || retryDelay.isNegative()
        || retryDelay.compareTo(Duration.ofHours(1)) > 0) {
      throw new InvalidVigilPropertyException("vigil.report.retry-delay", retryDelay,
          "must be from 0 to 1 hour");
    }
    reports.retryDelay(retryDelay);
    ReportSchedule schedule = schedule(properties, zone);
    if (schedule != null) {
      reports.schedule(schedule);
    }
    VigilReports built = reports.build();
    return properties.isEnabled() ? built.start() : built;
  }

  private static ZoneId zone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(zone.strip());
    } catch (DateTimeException e) {
      throw new InvalidVigilPropertyException("vigil.report.zone", zone,
          "is not a time zone id such as Europe/Paris or UTC");
    }
  }

  /** The schedule of the properties (also when reports are not sent: it sets their period). */
  private static ReportSchedule schedule(VigilReportProperties properties, ZoneId zone) {
    LocalTime time;
    try {
      time = LocalTime.parse(Settings.required("vigil.report.time", properties.getTime()));
    } catch (DateTimeParseException e) {
      throw new InvalidVigilPropertyException("vigil.report.time", properties.getTime(),
          "is not a local time such as 09:00");
    }
    if (properties.getFrequency() == null) {
      throw new InvalidVigilPropertyException("vigil.report.frequency", null, "is required");
    }
    ReportSchedule schedule;
    if (properties.getFrequency() == VigilReportProperties.Frequency.DAILY) {
      schedule = ReportSchedule.daily(time, zone);
    } else {
      if (properties.getDayOfWeek() == null) {
        throw new InvalidVigilPropertyException("vigil.report.day-of-week", null, "is required");
      }
      schedule = ReportSchedule.weekly(properties.getDayOfWeek(), time, zone);
    }
    Duration period = properties.getPeriod();
    if (period != null) {
      if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(366)) > 0) {
        throw new InvalidVigilPropertyException("vigil.report.period", period,
            "must be positive and at most 366 days");
      }
      schedule = schedule.period(period);
    }
    return schedule;
  }
}
