package dev.vigil.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A database of its own for a test: a fresh schema in the local PostgreSQL (127.0.0.1:5432,
 * database {@code test}), dropped on close, or a fresh in-memory H2 database.
 */
public final class TestDatabase implements AutoCloseable {

  /** The databases the store supports, for parameterized tests. */
  public enum Kind {
    POSTGRESQL,
    H2
  }

  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private final Kind kind;
  private final String name;
  private final HikariDataSource dataSource;
  private final List<HikariDataSource> otherPools = new ArrayList<>();

  private TestDatabase(Kind kind, int poolSize) {
    this.kind = kind;
    this.name = "vigil_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    if (kind == Kind.POSTGRESQL) {
      execute(PG_URL, "CREATE SCHEMA " + name);
    }
    this.dataSource = new HikariDataSource(config(poolSize, ""));
  }

  private HikariConfig config(int poolSize, String suffix) {
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(poolSize);
    config.setPoolName(name + suffix);
    config.setConnectionTimeout(5_000);
    if (kind == Kind.POSTGRESQL) {
      config.setJdbcUrl(PG_URL + "?currentSchema=" + name + "&reWriteBatchedInserts=true");
      config.setUsername("postgres");
    } else {
      config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }
    return config;
  }

  /**
   * Returns another pool of 8 connections on this database, configured further by {@code
   * settings} (as an application configures its pool: {@code setAutoCommit(false)}, say); closed
   * with this database.
   */
  public DataSource pool(Consumer<HikariConfig> settings) {
    HikariConfig config = config(8, "-" + otherPools.size());
    settings.accept(config);
    HikariDataSource pool = new HikariDataSource(config);
    otherPools.add(pool);
    return pool;
  }

  /** Returns a new database of {@code kind} with a pool of 8 connections. */
  public static TestDatabase create(Kind kind) {
    return new TestDatabase(kind, 8);
  }

  /** Returns a new PostgreSQL schema with a pool of 8 connections. */
  public static TestDatabase postgres() {
    return create(Kind.POSTGRESQL);
  }

  /** Returns a new in-memory H2 database with a pool of 8 connections. */
  public static TestDatabase h2() {
    return create(Kind.H2);
  }

  public Kind kind() {
    return kind;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Returns a store over this database that creates its tables. */
  public JdbcStore.Builder store() {
    return JdbcStore.builder(dataSource).initializeSchema(SchemaInitialization.ALWAYS);
  }

  /** Runs {@code sql} on this database. */
  public void execute(String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    otherPools.forEach(HikariDataSource::close);
    dataSource.close();
    if (kind == Kind.POSTGRESQL) {
      execute(PG_URL, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
