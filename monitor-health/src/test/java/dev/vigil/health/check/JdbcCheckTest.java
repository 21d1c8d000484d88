package dev.vigil.health.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** JdbcCheck against the local PostgreSQL (127.0.0.1:5432, database test, user postgres). */
class JdbcCheckTest {

  private static PGSimpleDataSource dataSource(int port) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("test");
    ds.setUser("postgres");
    ds.setPassword("pg-s3cret");
    ds.setConnectTimeout(5);
    return ds;
  }

  @Test
  void isValidByDefault() {
    HealthResult r = JdbcCheck.builder("db").dataSource(dataSource(5432)).build().check();
    assertThat(r.status()).as(r.detail()).isEqualTo(HealthStatus.UP);
    assertThat(r.detail()).matches("connection valid in \\d+ ms");
  }

  @Test
  void validationQuery() {
    HealthResult r = JdbcCheck.builder("db").dataSource(dataSource(5432))
        .validationQuery("SELECT 1").build().check();
    assertThat(r.status()).as(r.detail()).isEqualTo(HealthStatus.UP);
    assertThat(r.detail()).matches("SELECT 1 in \\d+ ms");
  }

  @Test
  void slowQueryIsDegraded() {
    HealthResult r = JdbcCheck.builder("db").dataSource(dataSource(5432))
        .validationQuery("SELECT pg_sleep(0.05)").maxLatency(Duration.ofMillis(1)).build().check();
    assertThat(r.status()).as(r.detail()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(r.failure()).isEqualTo(FailureKind.RESOURCE);
    assertThat(r.detail()).endsWith(", slower than 1 ms");
  }

  @Test
  void queryTimeoutIsTimeout() {
    HealthResult r = JdbcCheck.builder("db").dataSource(dataSource(5432))
        .validationQuery("SELECT pg_sleep(10)").timeout(Duration.ofSeconds(1)).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).as(r.detail()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.detail()).startsWith("timed out after ").contains("[57014]");
  }

  @Test
  void badQueryIsError() {
    HealthResult r = JdbcCheck.builder("db").dataSource(dataSource(5432))
        .validationQuery("SELECT * FROM no_such_table").build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(r.detail()).contains("[42P01]", "no_such_table");
  }

  @Test
  void closedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HealthResult r = JdbcCheck.builder("db").dataSource(dataSource(port)).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).as(r.detail()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(r.detail()).startsWith("cannot connect after ").contains("[08001]");
  }

  @Test
  void kinds() {
    assertThat(JdbcCheck.kindOf(new SQLTimeoutException("slow"))).isEqualTo(FailureKind.TIMEOUT);
    assertThat(JdbcCheck.kindOf(new SQLException("gone", "08006")))
        .isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(JdbcCheck.kindOf(new SQLException("dup", "23505"))).isEqualTo(FailureKind.ERROR);
    assertThat(JdbcCheck.kindOf(new SQLException("no state"))).isEqualTo(FailureKind.ERROR);
  }

  @Test
  void connectionSourceAndToStringWithoutSecrets() {
    PGSimpleDataSource ds = dataSource(5432);
    JdbcCheck check = JdbcCheck.builder("db").connections(ds::getConnection).build();
    assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
    assertThat(JdbcCheck.builder("db").dataSource(ds).build().toString())
        .isEqualTo("JdbcCheck{db, PGSimpleDataSource, isValid, timeout PT5S}")
        .doesNotContain("pg-s3cret");
  }

  @Test
  void builderReportsEveryProblem() {
    assertThatThrownBy(() -> JdbcCheck.builder("db").validationQuery(" ")
        .timeout(Duration.ZERO).build())
        .hasMessage("invalid JdbcCheck 'db': dataSource or connections is required;"
            + " validationQuery must not be blank; timeout must be a positive duration but was"
            + " PT0S");
  }
}
