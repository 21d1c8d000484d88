package dev.vigil.boot;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.report.*} properties: the scheduled report (uptime and latency per check,
 * events by severity and category, incidents, top errors) and where it is sent.
 */
@ConfigurationProperties("vigil.report")
public class VigilReportProperties {

  /** How often reports are sent. */
  public enum Frequency {
    /** Once a week, on {@code vigil.report.day-of-week}. */
    WEEKLY,
    /** Every day. */
    DAILY
  }

  /**
   * Whether reports are sent on the schedule. Reports can be viewed (endpoint, dashboard)
   * either way.
   */
  private boolean enabled = false;

  /** How often reports are sent: weekly or daily. */
  private Frequency frequency = Frequency.WEEKLY;

  /** The day weekly reports are sent on. */
  private DayOfWeek dayOfWeek = DayOfWeek.MONDAY;

  /** The local time reports are sent at, as HH:mm, in vigil.report.zone. */
  private String time = "09:00";

  /** The time zone of the schedule and of the report's dates, such as Europe/Paris; the JVM's by default. */
  private String zone;

  /**
   * The period each report covers, ending when it is sent; one week for weekly reports and
   * one day for daily ones by default. Whole days are counted in local days of the zone.
   */
  private Duration period;

  /**
   * The notifier channels reports are sent to, by name; by default every channel that takes
   * reports (email and chat channels, webhooks, the console; not PagerDuty, Opsgenie,
   * Alertmanager nor SMS).
   */
  private List<String> channels = new ArrayList<>();

  /** The title and email subject; {name}, {from}, {to} and {zone} are replaced. */
  private String title = "Vigil report for {name}: {from} – {to}";

  /** How many groups of errors (ERROR and CRITICAL) the report lists, 0 to 100. */
  private int topErrors = 10;

  /** The uptime objective checks are compared with, in percent. */
  private double uptimeObjective = 99.9;

  /** The p95 latency objective checks are compared with. */
  private Duration latencyObjective = Duration.ofMillis(500);

  /** How many times a channel is tried when sending fails with a retryable error, 1 to 10. */
  private int attempts = 3;

  /** How long to wait before trying a channel again. */
  private Duration retryDelay = Duration.ofMinutes(1);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Frequency getFrequency() {
    return frequency;
  }

  public void setFrequency(Frequency frequency) {
    this.frequency = frequency;
  }

  public DayOfWeek getDayOfWeek() {
    return dayOfWeek;
  }

  public void setDayOfWeek(DayOfWeek dayOfWeek) {
    this.dayOfWeek = dayOfWeek;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getZone() {
    return zone;
  }

  public void setZone(String zone) {
    this.zone = zone;
  }

  public Duration getPeriod() {
    return period;
  }

  public void setPeriod(Duration period) {
    this.period = period;
  }

  public List<String> getChannels() {
    return channels;
  }

  public void setChannels(List<String> channels) {
    this.channels = channels;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public int getTopErrors() {
    return topErrors;
  }

  public void setTopErrors(int topErrors) {
    this.topErrors = topErrors;
  }

  public double getUptimeObjective() {
    return uptimeObjective;
  }

  public void setUptimeObjective(double uptimeObjective) {
    this.uptimeObjective = uptimeObjective;
  }

  public Duration getLatencyObjective() {
    return latencyObjective;
  }

  public void setLatencyObjective(Duration latencyObjective) {
    this.latencyObjective = latencyObjective;
  }

  public int getAttempts() {
    return attempts;
  }

  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  public Duration getRetryDelay() {
    return retryDelay;
  }

  public void setRetryDelay(Duration retryDelay) {
    this.retryDelay = retryDelay;
  }
}
