package dev.vigil.boot;

import static dev.vigil.boot.VigilAlertsPropertiesTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertStore;
import dev.vigil.cluster.Leadership;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.MaintenanceQueue;
import dev.vigil.notify.Outbox;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStore;
import dev.vigil.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code vigil.store.type=jdbc}: every store in the application's DataSource (H2, PostgreSQL). */
class VigilJdbcStoreTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          VigilJdbcStoreAutoConfiguration.class, VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class))
      .withPropertyValues("vigil.appender.enabled=false");

  private static String h2() {
    return "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  @Test
  void everyStoreAndTheLeadershipComeFromTheDataSource() {
    runner.withPropertyValues(h2(), "vigil.store.type=jdbc").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(JdbcStore.class);
      JdbcStore jdbc = context.getBean(JdbcStore.class);
      assertThat(context.getBean(EventStore.class)).isSameAs(jdbc.events());
      assertThat(context.getBean(AlertStore.class)).isSameAs(jdbc.alerts());
      assertThat(context.getBean(Outbox.class)).isSameAs(jdbc.outbox());
      assertThat(context.getBean(HealthLogStore.class)).isSameAs(jdbc.healthLog());
      assertThat(context.getBean(MaintenanceQueue.class)).isSameAs(jdbc.maintenanceQueue());
      assertThat(context.getBean(Leadership.class)).isSameAs(jdbc.leadership());
      assertThat(context.getBean(AlertEngine.class).store()).isSameAs(jdbc.alerts());

      Monitor monitor = context.getBean(Monitor.class);
      assertThat(monitor.eventStore()).isSameAs(jdbc.events());
      monitor.log(LogLevel.ERROR, "payment failed for order 42");
      JdbcTemplate sql = new JdbcTemplate(context.getBean(DataSource.class));
      await().atMost(Duration.ofSeconds(5)).until(() -> sql.queryForObject(
          "SELECT count(*) FROM vigil_events WHERE message LIKE '%order 42%'", Long.class) == 1);
      assertThat(monitor.events(EventQuery.builder().text("order 42").build()).items())
          .hasSize(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.leadership().isLeader());
    });
  }

  @Test
  void twoApplicationsOnOneDatabaseHaveOneLeader() {
    String db = h2();
    runner.withPropertyValues(db, "vigil.store.type=jdbc", "vigil.name=a",
        "vigil.store.jdbc.lease-duration=1s").run(a -> runner.withPropertyValues(db,
            "vigil.store.type=jdbc", "vigil.name=b", "vigil.store.jdbc.lease-duration=1s")
        .run(b -> {
          Leadership la = a.getBean(Leadership.class);
          Leadership lb = b.getBean(Leadership.class);
          await().atMost(Duration.ofSeconds(10)).until(() -> la.isLeader() || lb.isLeader());
          assertThat(la.isLeader() && lb.isLeader()).isFalse();
          assertThat(a.getBean(JdbcStore.class).instanceId())
              .isNotEqualTo(b.getBean(JdbcStore.class).instanceId());
        }));
  }

  @Test
  void onPostgresqlTheTablesAreCreatedWhenAskedWithThePrefix() throws SQLException {
    String schema = "vigil_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    execute(url, "CREATE SCHEMA " + schema);
    try {
      runner.withPropertyValues("spring.datasource.url=" + url + "?currentSchema=" + schema,
          "spring.datasource.username=postgres", "vigil.store.type=JDBC",
          "vigil.store.jdbc.initialize-schema=always", "vigil.store.jdbc.table-prefix=ops_",
          "vigil.store.jdbc.instance-id=web-1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbcStore.class).instanceId()).isEqualTo("web-1");
            JdbcTemplate sql = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(sql.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = ?", String.class, schema))
                .contains("ops_events", "ops_lease")
                .noneMatch(t -> t.startsWith("vigil_"));
          });
    } finally {
      execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void onPostgresqlMissingTablesThatAreNotToBeCreatedStopStartupWithTheFix() throws SQLException {
    String schema = "vigil_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    execute(url, "CREATE SCHEMA " + schema);
    try {
      runner.withPropertyValues("spring.datasource.url=" + url + "?currentSchema=" + schema,
          "spring.datasource.username=postgres", "vigil.store.type=jdbc").run(context -> {
            InvalidVigilPropertyException e = failure(context);
            assertThat(e.property()).isEqualTo("vigil.store.jdbc.initialize-schema");
            assertThat(e.reason()).contains("does not exist", "postgresql/",
                "vigil.store.jdbc.initialize-schema=always");
          });
    } finally {
      execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void jdbcWithoutADataSourceFailsNamingThePropertyAndWhatIsMissing() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VigilJdbcStoreAutoConfiguration.class,
            VigilAutoConfiguration.class))
        .withPropertyValues("vigil.appender.enabled=false", "vigil.store.type=jdbc")
        .run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.store.type");
          assertThat(e.reason()).contains("monitor-store-jdbc", "DataSource");
        });
  }

  @Test
  void badJdbcSettingsFailNamingTheProperty() {
    runner.withPropertyValues(h2(), "vigil.store.type=jdbc",
        "vigil.store.jdbc.initialize-schema=sometimes").run(context ->
        assertThat(failure(context).property()).isEqualTo("vigil.store.jdbc.initialize-schema"));
    runner.withPropertyValues(h2(), "vigil.store.type=jdbc",
        "vigil.store.jdbc.table-prefix=x; DROP TABLE users").run(context ->
        assertThat(failure(context).property()).isEqualTo("vigil.store.jdbc.table-prefix"));
    runner.withPropertyValues(h2(), "vigil.store.type=jdbc",
        "vigil.store.jdbc.lease-duration=100ms").run(context ->
        assertThat(failure(context).property()).isEqualTo("vigil.store.jdbc.lease-duration"));
  }

  @Test
  void theMemoryStoreIgnoresTheDataSource() {
    runner.withPropertyValues(h2()).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(JdbcStore.class)
          .doesNotHaveBean(Leadership.class);
      assertThat(context.getBean(Monitor.class).eventStore().getClass().getSimpleName())
          .isEqualTo("InMemoryEventStore");
    });
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
