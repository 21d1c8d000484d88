package dev.vigil.boot;

import dev.vigil.Monitor;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthListener;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.Recoverer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Runs the application's {@link HealthCheck} beans and the checks of {@code vigil.health.checks}
 * on their schedules, with the recoverer of {@code vigil.health} or the application's
 * {@link Recoverer} bean.
 */
@AutoConfiguration(after = VigilAutoConfiguration.class)
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vigil.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilHealthProperties.class)
public class VigilHealthAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  HealthMonitor vigilHealthMonitor(Monitor monitor, VigilHealthProperties properties,
      ObjectProvider<HealthCheck> checks, ObjectProvider<Recoverer> recoverer,
      ObjectProvider<HealthLogStore> store, ObjectProvider<HealthListener> listeners) {
    HealthMonitor.Builder builder = HealthMonitor.builder()
        .monitor(monitor)
        .retention(Settings.positive("vigil.health.retention", properties.getRetention()))
        .maxConcurrency(Settings.positive("vigil.health.max-concurrency", properties.getMaxConcurrency()));
    store.ifAvailable(builder::store);
    recoverer.ifAvailable(builder::recoverer);
    listeners.orderedStream().forEach(builder::listener);
    checks.orderedStream().forEach(builder::check);
    return builder.build().start();
  }
}
