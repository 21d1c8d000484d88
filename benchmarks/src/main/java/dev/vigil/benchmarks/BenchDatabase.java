package dev.vigil.benchmarks;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL schema of a benchmark's own, created for a trial and dropped with everything in it
 * at its end, behind a HikariCP pool whose connections use it (with
 * {@code reWriteBatchedInserts=true}, as the JDBC store's README recommends).
 *
 * <p>The server: {@value #URL_PROPERTY} (default {@value #DEFAULT_URL}), user
 * {@value #USER_PROPERTY} (default {@code postgres}), password {@value #PASSWORD_PROPERTY}
 * (default empty). Not thread-safe; the data source is.
 */
final class BenchDatabase implements AutoCloseable {

  static final String URL_PROPERTY = "vigil.bench.jdbcUrl";
  static final String USER_PROPERTY = "vigil.bench.jdbcUser";
  static final String PASSWORD_PROPERTY = "vigil.bench.jdbcPassword";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private final String url = System.getProperty(URL_PROPERTY, DEFAULT_URL);
  private final String user = System.getProperty(USER_PROPERTY, "postgres");
  private final String password = System.getProperty(PASSWORD_PROPERTY, "");
  private final String schema;
  private final HikariDataSource dataSource;

  static {
    // HikariCP's DEBUG lines would otherwise fill the benchmark's output
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.zaxxer.hikari"))
        .setLevel(Level.WARN);
  }

  /** Creates schema {@code <prefix>_<random>} and a pool of {@code poolSize} connections. */
  BenchDatabase(String prefix, int poolSize) {
    this.schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    execute("CREATE SCHEMA " + schema);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema
        + "&reWriteBatchedInserts=true");
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("vigil-bench-" + prefix);
    this.dataSource = new HikariDataSource(config);
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code sql} in the schema. */
  void update(String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql, e);
    }
  }

  /** Returns the first column of the first row of {@code sql}, run in the schema. */
  long queryLong(String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql, e);
    }
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + " on " + url + " (set -D"
          + URL_PROPERTY + ", -D" + USER_PROPERTY + " and -D" + PASSWORD_PROPERTY
          + " for another server)", e);
    }
  }

  /** Closes the pool and drops the schema with everything in it. */
  @Override
  public void close() {
    dataSource.close();
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
