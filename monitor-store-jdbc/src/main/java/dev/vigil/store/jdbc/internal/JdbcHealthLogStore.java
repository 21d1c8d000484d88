package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthStats;
import dev.vigil.health.HealthStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The {@link HealthLogStore} in the table {@code health_log}, one row per record, shared by the
 * instances of a cluster (only the leader's monitor appends its scheduled runs: see {@code
 * HealthMonitor}). {@link #stats} reads only the columns the statistics need (not the details
 * and errors) and computes them like the default, day by day in the given zone: the same numbers,
 * a fraction of the transfer. Timestamps are kept to the microsecond (PostgreSQL's precision),
 * latencies to the nanosecond; in details and errors, a NUL or a lone surrogate (binary output
 * echoed) becomes U+FFFD ({@link Db#text}) rather than failing the append. Thread-safe: each
 * call uses its own connection; {@link #deleteBefore} deletes in batches of {@value
 * #DELETE_BATCH} rows, each its own transaction, so no lock is held long.
 */
public final class JdbcHealthLogStore implements HealthLogStore {

  /** Rows deleted per statement by {@link #deleteBefore}. */
  static final int DELETE_BATCH = 1_000;
  private static final int MAX_CHECK = 200;

  private final Db db;
  private final String insert;
  private final String find;
  private final String statsColumns;
  private final String delete;

  /** Creates the store, and its table if the schema initialization says so. */
  public JdbcHealthLogStore(Db db) {
    this.db = requireNonNull(db, "db");
    String table = db.table("health_log");
    this.insert = "INSERT INTO " + table + " (check_name, checked_at, status, failure, detail, "
        + "latency_nanos, error, trigger_type, recovery_triggered, recovery_succeeded, "
        + "support_notified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    String range = " FROM " + table + " WHERE check_name = ? AND checked_at >= ?"
        + " AND checked_at < ? ORDER BY checked_at, id";
    this.find = "SELECT check_name, checked_at, status, failure, detail, latency_nanos, error, "
        + "trigger_type, recovery_triggered, recovery_succeeded, support_notified" + range;
    this.statsColumns = "SELECT checked_at, status, latency_nanos, recovery_triggered, "
        + "recovery_succeeded, support_notified" + range;
    this.delete = db.dialect().deleteAtMost(table, "id", "checked_at < ?");
    db.initialize("health");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the check's name has more than 200 characters
   */
  @Override
  public void append(HealthRecord r) {
    requireNonNull(r, "record");
    if (r.check().length() > MAX_CHECK) {
      throw new IllegalArgumentException("a check's name must have at most " + MAX_CHECK
          + " characters but had " + r.check().length());
    }
    db.update("append a health record", insert, r.check(), r.checkedAt(), r.status(),
        r.failure(), Db.text(r.detail()), r.latency().toNanos(), Db.text(r.error()),
        r.trigger(), r.recoveryTriggered(), r.recoverySucceeded(), r.supportNotified());
  }

  @Override
  public List<HealthRecord> find(String check, Instant from, Instant to) {
    requireNonNull(check, "check");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return List.copyOf(db.query("read the health records of " + check, find, rs ->
        new HealthRecord(rs.getString("check_name"), Db.instant(rs, "checked_at"),
            HealthStatus.valueOf(rs.getString("status")), failure(rs),
            rs.getString("detail"), Duration.ofNanos(rs.getLong("latency_nanos")),
            rs.getString("error"), HealthRecord.Trigger.valueOf(rs.getString("trigger_type")),
            rs.getBoolean("recovery_triggered"), recoverySucceeded(rs),
            rs.getBoolean("support_notified")), check, from, to));
  }

  @Override
  public long deleteBefore(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    long total = 0;
    int deleted;
    do {
      deleted = db.update("delete the old health records", delete, cutoff, DELETE_BATCH);
      total += deleted;
    } while (deleted == DELETE_BATCH);
    return total;
  }

  @Override
  public HealthStats stats(String check, Instant from, Instant to, ZoneId zone) {
    requireNonNull(check, "check");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(zone, "zone");
    // what the statistics read of a record; the texts stay in the database
    List<HealthRecord> records = db.query("read the health statistics of " + check, statsColumns,
        rs -> new HealthRecord(check, Db.instant(rs, "checked_at"),
            HealthStatus.valueOf(rs.getString("status")), null, "",
            Duration.ofNanos(rs.getLong("latency_nanos")), null, HealthRecord.Trigger.AUTOMATIC,
            rs.getBoolean("recovery_triggered"), recoverySucceeded(rs),
            rs.getBoolean("support_notified")), check, from, to);
    return HealthStats.of(check, from, to, records, zone);
  }

  private static FailureKind failure(ResultSet rs) throws SQLException {
    String kind = rs.getString("failure");
    return kind == null ? null : FailureKind.valueOf(kind);
  }

  private static Boolean recoverySucceeded(ResultSet rs) throws SQLException {
    boolean value = rs.getBoolean("recovery_succeeded");
    return rs.wasNull() ? null : value;
  }

  @Override
  public String toString() {
    return "JdbcHealthLogStore[" + db.table("health_log") + "]";
  }
}
