package dev.vigil.boot.actuate;

import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.VigilAlertsAutoConfiguration;
import dev.vigil.boot.VigilAutoConfiguration;
import dev.vigil.boot.VigilHealthAutoConfiguration;
import dev.vigil.boot.VigilNotifyAutoConfiguration;
import dev.vigil.boot.VigilReportAutoConfiguration;
import dev.vigil.boot.report.VigilReports;
import dev.vigil.health.HealthMonitor;
import dev.vigil.notify.Notifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code vigil} Actuator endpoint, when Actuator is present and the endpoint available. */
@AutoConfiguration(after = {VigilAutoConfiguration.class, VigilAlertsAutoConfiguration.class,
    VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
    VigilReportAutoConfiguration.class})
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Monitor.class)
@ConditionalOnAvailableEndpoint(endpoint = VigilEndpoint.class)
public class VigilEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  VigilEndpoint vigilEndpoint(Monitor monitor, ObjectProvider<AlertEngine> alerts,
      ObjectProvider<HealthMonitor> health, ObjectProvider<Notifier> notifier,
      ObjectProvider<VigilReports> reports) {
    return new VigilEndpoint(monitor, alerts.getIfAvailable(), health.getIfAvailable(),
        notifier.getIfAvailable(), reports.getIfAvailable());
  }
}
