package dev.vigil.boot;

import dev.vigil.alerts.AlertStore;
import dev.vigil.boot.internal.Settings;
import dev.vigil.cluster.Leadership;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.MaintenanceQueue;
import dev.vigil.notify.Outbox;
import dev.vigil.store.EventStore;
import dev.vigil.store.jdbc.JdbcStore;
import dev.vigil.store.jdbc.JdbcStoreException;
import dev.vigil.store.jdbc.SchemaInitialization;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Every Vigil store in the application's {@link DataSource} when {@code vigil.store.type=jdbc}
 * and {@code dev.vigil:monitor-store-jdbc} is on the classpath: events, alerts, the notification
 * outbox, health logs and the maintenance queue, with the cluster {@link Leadership} that lets one
 * instance at a time evaluate rules, notify and run maintenance. Each bean backs off for one of
 * the application's own.
 */
@AutoConfiguration(before = VigilAutoConfiguration.class, afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", // Boot 4
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"}) // Boot 3.5
@ConditionalOnClass(JdbcStore.class)
@ConditionalOnProperty(name = "vigil.store.type", havingValue = "jdbc")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(VigilProperties.class)
public class VigilJdbcStoreAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  JdbcStore vigilJdbcStore(DataSource dataSource, VigilProperties properties) {
    VigilProperties.Jdbc jdbc = properties.getStore().getJdbc();
    JdbcStore.Builder builder = JdbcStore.builder(dataSource)
        .initializeSchema(initialization(jdbc.getInitializeSchema()));
    try {
      builder.tablePrefix(jdbc.getTablePrefix());
    } catch (RuntimeException e) {
      throw new InvalidVigilPropertyException("vigil.store.jdbc.table-prefix",
          jdbc.getTablePrefix(), "must be letters, digits and '_', not starting with a digit, "
          + "at most 30 characters");
    }
    Duration lease = Settings.positive("vigil.store.jdbc.lease-duration", jdbc.getLeaseDuration());
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidVigilPropertyException("vigil.store.jdbc.lease-duration", lease,
          "must be at least 1s");
    }
    builder.leaseDuration(lease);
    if (jdbc.getInstanceId() != null) {
      try {
        builder.instanceId(jdbc.getInstanceId());
      } catch (IllegalArgumentException e) {
        throw new InvalidVigilPropertyException("vigil.store.jdbc.instance-id",
            jdbc.getInstanceId(), "must have 1 to 200 characters");
      }
    }
    try {
      return builder.build();
    } catch (JdbcStoreException e) {
      throw new InvalidVigilPropertyException("vigil.store.type", "jdbc", e.getMessage(), e);
    }
  }

  private static SchemaInitialization initialization(String value) {
    String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
    try {
      return SchemaInitialization.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidVigilPropertyException("vigil.store.jdbc.initialize-schema", value,
          "is not one of 'always', 'embedded', 'never'");
    }
  }

  /**
   * Creates a store, whose tables must exist if the store is not to create them: a missing table
   * stops startup naming the property that would create it.
   */
  private static <T> T created(Supplier<T> store, VigilProperties properties) {
    try {
      return store.get();
    } catch (JdbcStoreException e) {
      throw new InvalidVigilPropertyException("vigil.store.jdbc.initialize-schema",
          properties.getStore().getJdbc().getInitializeSchema(), e.getMessage()
          + " (or set vigil.store.jdbc.initialize-schema=always)", e);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  EventStore vigilEventStore(JdbcStore store, VigilProperties properties) {
    return created(store::events, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  AlertStore vigilAlertStore(JdbcStore store, VigilProperties properties) {
    return created(store::alerts, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  Outbox vigilOutbox(JdbcStore store, VigilProperties properties) {
    return created(store::outbox, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  HealthLogStore vigilHealthLogStore(JdbcStore store, VigilProperties properties) {
    return created(store::healthLog, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  MaintenanceQueue vigilMaintenanceQueue(JdbcStore store, VigilProperties properties) {
    return created(store::maintenanceQueue, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  Leadership vigilLeadership(JdbcStore store, VigilProperties properties) {
    return created(store::leadership, properties);
  }
}
