package dev.vigil.boot.health.boot3;

import dev.vigil.Redactor;
import dev.vigil.boot.health.bridge.VigilHealthActuatorProperties;
import dev.vigil.boot.health.bridge.internal.ContributorNames;
import dev.vigil.boot.health.bridge.internal.HealthMapping;
import dev.vigil.boot.health.bridge.internal.IndicatorWatchRegistrar;
import dev.vigil.health.HealthMonitor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health bridge on Spring Boot 3.5, when {@code org.springframework.boot.actuate.health} is on
 * the class path (Spring Boot 4 moved it; the starter bridges that line): Vigil's checks as the
 * contributor {@code vigil} ({@code vigil.health.actuator.*}) and the application's indicators
 * watched by Vigil ({@code vigil.health.indicators.*}).
 */
@AutoConfiguration(afterName = "dev.vigil.boot.VigilHealthAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthContributor")
public class VigilBoot3HealthAutoConfiguration {

  /** Registers a Vigil check per watched indicator, before the health monitor is built. */
  @Bean
  @ConditionalOnBooleanProperty(name = "vigil.health.indicators.watch")
  static IndicatorWatchRegistrar vigilIndicatorWatchRegistrar() {
    return new IndicatorWatchRegistrar(HealthContributor.class, Boot3Health::read);
  }

  /** Vigil's checks in {@code /actuator/health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(HealthMonitor.class)
  @ConditionalOnBooleanProperty(name = "vigil.health.actuator.enabled", matchIfMissing = true)
  @EnableConfigurationProperties(VigilHealthActuatorProperties.class)
  static class ContributorConfiguration {

    @Bean(ContributorNames.VIGIL_CONTRIBUTOR_BEAN)
    @ConditionalOnMissingBean(name = ContributorNames.VIGIL_CONTRIBUTOR_BEAN)
    HealthContributor vigilHealthContributor(HealthMonitor health,
        VigilHealthActuatorProperties properties, ObjectProvider<Redactor> redactor) {
      String degraded = HealthMapping.statusCode("vigil.health.actuator.degraded-status",
          properties.getDegradedStatus());
      return new Boot3Health.VigilHealthContributor(health, degraded,
          redactor.getIfAvailable(Redactor::defaults));
    }
  }
}
