package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Checks a database through JDBC: takes a connection, validates it with {@link
 * Connection#isValid(int)} or runs a validation query, and gives it back.
 *
 * <pre>{@code
 * HealthCheck db = JdbcCheck.builder("orders-db")
 *     .dataSource(dataSource)
 *     .validationQuery("SELECT 1")            // optional; Connection.isValid otherwise
 *     .timeout(Duration.ofSeconds(3))
 *     .maxLatency(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 *
 * <p>Results: UP with the time taken; DEGRADED {@code RESOURCE} when slower than {@code
 * maxLatency}; DOWN {@code CONNECTION_REFUSED} for an {@link SQLException} of SQLState class
 * {@code 08} (connection exception), {@code TIMEOUT} for an {@link SQLTimeoutException} (or
 * SQLState {@code 57014}, a cancelled query, as PostgreSQL reports a query timeout), {@code
 * ERROR} for any other failure, and for a connection {@code isValid} declares broken.
 *
 * <p>{@code timeout} bounds the query ({@link Statement#setQueryTimeout}, rounded up to whole
 * seconds) or {@code isValid}; the time to connect is the data source's own setting (such as
 * {@code connectTimeout} of PostgreSQL), which this check does not change. Immutable and
 * thread-safe as far as the data source is; it never shows the data source's settings.
 */
public final class JdbcCheck implements HealthCheck {

  /** Gives a new or pooled connection, which the check closes after use. */
  @FunctionalInterface
  public interface ConnectionSource {
    /** Returns a connection. */
    Connection connection() throws SQLException;
  }

  private final String name;
  private final ConnectionSource connections;
  private final String sourceType;
  private final String validationQuery;
  private final Duration timeout;
  private final Duration maxLatency;

  private JdbcCheck(Builder b) {
    this.name = b.name;
    this.connections = b.connections;
    this.sourceType = b.sourceType;
    this.validationQuery = b.validationQuery;
    this.timeout = b.timeout;
    this.maxLatency = b.maxLatency;
  }

  /** Returns a builder for a check named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthResult check() {
    int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
        (timeout.toMillis() + 999) / 1000));
    long start = System.nanoTime();
    String what;
    try (Connection connection = connections.connection()) {
      if (validationQuery == null) {
        if (!connection.isValid(seconds)) {
          return HealthResult.down(FailureKind.ERROR, "connection not valid (isValid(" + seconds
              + ") returned false after " + Checks.ms(System.nanoTime() - start) + ")");
        }
        what = "connection valid";
      } else {
        try (Statement statement = connection.createStatement()) {
          statement.setQueryTimeout(seconds);
          statement.execute(validationQuery);
        }
        what = Checks.oneLine(validationQuery, 60);
      }
    } catch (SQLException e) {
      long nanos = System.nanoTime() - start;
      FailureKind kind = kindOf(e);
      String prefix = kind == FailureKind.CONNECTION_REFUSED ? "cannot connect"
          : kind == FailureKind.TIMEOUT ? "timed out" : "failed";
      return HealthResult.down(kind, prefix + " after " + Checks.ms(nanos) + ": "
          + (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ") + Checks.message(e))
          .withLatency(Duration.ofNanos(nanos));
    }
    long nanos = System.nanoTime() - start;
    Duration took = Duration.ofNanos(nanos);
    if (maxLatency != null && took.compareTo(maxLatency) > 0) {
      return HealthResult.degraded(FailureKind.RESOURCE, what + " in " + Checks.ms(nanos)
          + ", slower than " + Checks.ms(maxLatency)).withLatency(took);
    }
    return HealthResult.up(what + " in " + Checks.ms(nanos)).withLatency(took);
  }

  /** Returns the kind of a JDBC failure. */
  static FailureKind kindOf(SQLException e) {
    if (e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())) {
      return FailureKind.TIMEOUT;
    }
    String state = e.getSQLState();
    if (state != null && state.startsWith("08")
        || e instanceof java.sql.SQLNonTransientConnectionException
        || e instanceof java.sql.SQLTransientConnectionException) {
      return FailureKind.CONNECTION_REFUSED;
    }
    return FailureKind.ERROR;
  }

  @Override
  public String toString() {
    return "JdbcCheck{" + name + ", " + sourceType + ", "
        + (validationQuery == null ? "isValid" : Checks.oneLine(validationQuery, 60))
        + ", timeout " + timeout + "}";
  }

  /** Builds a {@link JdbcCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private ConnectionSource connections;
    private String sourceType;
    private String validationQuery;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration maxLatency;

    private Builder(String name) {
      this.name = name;
    }

    /** Takes connections from {@code dataSource}; this or {@link #connections} is required. */
    public Builder dataSource(DataSource dataSource) {
      requireNonNull(dataSource, "dataSource");
      this.connections = dataSource::getConnection;
      this.sourceType = dataSource.getClass().getSimpleName();
      return this;
    }

    /** Takes connections from {@code connections}; this or {@link #dataSource} is required. */
    public Builder connections(ConnectionSource connections) {
      this.connections = requireNonNull(connections, "connections");
      this.sourceType = "connection source";
      return this;
    }

    /** Sets a query to run, such as {@code SELECT 1}; {@code Connection.isValid} otherwise. */
    public Builder validationQuery(String validationQuery) {
      this.validationQuery = requireNonNull(validationQuery, "validationQuery");
      return this;
    }

    /** Sets the query or validation timeout (whole seconds, rounded up); 5 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** Reports DEGRADED when connecting and validating take longer; none by default. */
    public Builder maxLatency(Duration maxLatency) {
      this.maxLatency = requireNonNull(maxLatency, "maxLatency");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public JdbcCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.check(connections != null, "dataSource or connections is required");
      p.check(validationQuery == null || !validationQuery.isBlank(),
          "validationQuery must not be blank");
      p.positive("timeout", timeout);
      if (maxLatency != null) {
        p.positive("maxLatency", maxLatency);
      }
      p.throwIfAny("JdbcCheck", name);
      return new JdbcCheck(this);
    }
  }
}
