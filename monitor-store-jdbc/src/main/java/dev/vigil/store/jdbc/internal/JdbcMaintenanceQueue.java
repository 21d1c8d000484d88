package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.MaintenanceQueue;
import dev.vigil.health.MaintenanceRun;
import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import dev.vigil.store.jdbc.JdbcStoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link MaintenanceQueue} in the table {@code maintenance_run}, shared by the instances of a
 * cluster. Bounded like the in-memory queue: at its capacity, adding drops the oldest finished
 * run, or fails if none is finished (runs added at the same moment by several instances may pass
 * the bound by as many). A claim locks the run's row with {@code SELECT … FOR UPDATE SKIP
 * LOCKED}, so that of two instances claiming one run, the second gets nothing at once instead of
 * waiting; the claim records the instance in {@code claimed_by}. {@link #addIfAbsent} relies on
 * the unique (task, slot) constraint, {@link #update(MaintenanceRun, State)} on a row lock.
 * Timestamps are kept to the microsecond (PostgreSQL's precision); in an error, a NUL or a lone
 * surrogate (an action's binary output quoted) becomes U+FFFD ({@link Db#text}) rather than failing
 * the write, which would leave the run PROCESSING. Thread-safe: each call uses
 * its own connection; purges delete in batches of {@value #PURGE_BATCH} rows, each its own
 * transaction, so no lock is held long.
 */
public final class JdbcMaintenanceQueue implements MaintenanceQueue {

  /** Rows deleted per statement when purging. */
  static final int PURGE_BATCH = 500;
  private static final int MAX_NAME = 200;
  private static final String COLUMNS = "id, task, trigger_type, scheduled_for, queued_at, status, "
      + "started_at, finished_at, error";
  private static final String FINISHED = "status IN ('COMPLETED', 'FAILED')";

  private final Db db;
  private final String instanceId;
  private final int capacity;
  private final String table;

  /**
   * Creates the queue of at most {@code capacity} runs, claiming runs as {@code instanceId}, and
   * its table if the schema initialization says so.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public JdbcMaintenanceQueue(Db db, String instanceId, int capacity) {
    this.db = requireNonNull(db, "db");
    this.instanceId = requireNonNull(instanceId, "instanceId");
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive but was " + capacity);
    }
    this.capacity = capacity;
    this.table = db.table("maintenance_run");
    db.initialize("maintenance");
  }

  @Override
  public void add(MaintenanceRun run) {
    insert(run, false);
  }

  @Override
  public boolean addIfAbsent(MaintenanceRun run) {
    return insert(run, run.trigger() == Trigger.AUTOMATIC);
  }

  /** Inserts {@code run}, with its slot if {@code slot} (false if that slot is taken). */
  private boolean insert(MaintenanceRun run, boolean slot) {
    requireNonNull(run, "run");
    checkLength("run id", run.id());
    checkLength("task name", run.task());
    try {
      return db.transaction("add a maintenance run", c -> {
        if (exists(c, "id = ?", run.id())) {
          throw new IllegalArgumentException("run " + run.id() + " is already queued");
        }
        if (slot && slotTaken(c, run)) {
          return false;
        }
        makeRoom(c);
        try (var ps = c.prepareStatement("INSERT INTO " + table + " (" + COLUMNS
            + ", slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          Db.bind(ps, run.id(), run.task(), run.trigger(), run.scheduledFor(), run.queuedAt(),
              run.state(), run.startedAt(), run.finishedAt(), Db.text(run.error()),
              slot ? run.scheduledFor() : null);
          ps.executeUpdate();
        }
        return true;
      });
    } catch (JdbcStoreException e) {
      if (!isUniqueViolation(e)) {
        throw e;
      }
      // another instance inserted the same id or slot between the checks and the insert
      boolean sameId = db.run("look a maintenance run up", c -> exists(c, "id = ?", run.id()));
      if (sameId) {
        throw new IllegalArgumentException("run " + run.id() + " is already queued", e);
      }
      if (slot && db.run("look a maintenance slot up", c -> slotTaken(c, run))) {
        return false;
      }
      throw e;
    }
  }

  private boolean slotTaken(Connection c, MaintenanceRun run) throws SQLException {
    return exists(c, "task = ? AND trigger_type = 'AUTOMATIC' AND scheduled_for = ?", run.task(),
        run.scheduledFor());
  }

  /** At the capacity, deletes the oldest finished runs to make room for one, or fails. */
  private void makeRoom(Connection c) throws SQLException {
    long count = Db.query(c, "SELECT COUNT(*) FROM " + table, rs -> rs.getLong(1)).get(0);
    if (count < capacity) {
      return;
    }
    List<String> oldest = Db.query(c, "SELECT id FROM " + table + " WHERE " + FINISHED
        + " ORDER BY seq LIMIT ?", rs -> rs.getString(1), count - capacity + 1);
    if (oldest.isEmpty()) {
      throw new IllegalStateException("maintenance queue full: " + count + " runs, none "
          + "finished (capacity " + capacity + ")");
    }
    deleteByIds(c, oldest);
  }

  private boolean exists(Connection c, String where, Object... args) throws SQLException {
    return !Db.query(c, "SELECT 1 FROM " + table + " WHERE " + where, rs -> 1, args).isEmpty();
  }

  @Override
  public void update(MaintenanceRun run) {
    requireNonNull(run, "run");
    db.run("update a maintenance run", c -> write(c, run));
  }

  @Override
  public boolean update(MaintenanceRun run, State expected) {
    requireNonNull(run, "run");
    requireNonNull(expected, "expected");
    return db.transaction("update a maintenance run", c -> {
      // waits for a change under way: the state to compare is the one it leaves
      List<String> states = Db.query(c, "SELECT status FROM " + table + " WHERE id = ? FOR UPDATE",
          rs -> rs.getString(1), run.id());
      if (states.isEmpty() || !states.get(0).equals(expected.name())) {
        return false;
      }
      return write(c, run) == 1;
    });
  }

  private int write(Connection c, MaintenanceRun run) throws SQLException {
    try (var ps = c.prepareStatement("UPDATE " + table + " SET task = ?, trigger_type = ?, "
        + "scheduled_for = ?, queued_at = ?, status = ?, started_at = ?, finished_at = ?, "
        + "error = ? WHERE id = ?")) {
      Db.bind(ps, run.task(), run.trigger(), run.scheduledFor(), run.queuedAt(), run.state(),
          run.startedAt(), run.finishedAt(), Db.text(run.error()), run.id());
      return ps.executeUpdate();
    }
  }

  @Override
  public Optional<MaintenanceRun> claim(MaintenanceRun run, Instant at) {
    requireNonNull(run, "run");
    requireNonNull(at, "at");
    return db.transaction("claim a maintenance run", c -> {
      // a row another instance is claiming is skipped: that instance gets it
      List<MaintenanceRun> found = Db.query(c, "SELECT " + COLUMNS + " FROM " + table
          + " WHERE id = ?" + db.dialect().forUpdateSkipLocked(), JdbcMaintenanceQueue::map,
          run.id());
      if (found.isEmpty() || found.get(0).state() != State.PENDING) {
        return Optional.empty();
      }
      MaintenanceRun stored = found.get(0);
      Instant startedAt = Db.micros(at);
      try (var ps = c.prepareStatement("UPDATE " + table
          + " SET status = ?, started_at = ?, claimed_by = ? WHERE id = ?")) {
        Db.bind(ps, State.PROCESSING, startedAt, instanceId, run.id());
        ps.executeUpdate();
      }
      return Optional.of(new MaintenanceRun(stored.id(), stored.task(), stored.trigger(),
          stored.scheduledFor(), stored.queuedAt(), State.PROCESSING, startedAt, null, null));
    });
  }

  @Override
  public List<MaintenanceRun> runs() {
    return List.copyOf(db.query("read the maintenance runs", "SELECT " + COLUMNS + " FROM "
        + table + " ORDER BY seq", JdbcMaintenanceQueue::map));
  }

  @Override
  public int purge(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    // ids first, then the rows by id: H2 2.5 miscounts a DELETE whose status IN (...) it answers
    // from the status index (and the table is small: at most its capacity)
    String select = "SELECT id FROM " + table + " WHERE " + FINISHED + " AND finished_at < ?"
        + " ORDER BY seq LIMIT " + PURGE_BATCH;
    int total = 0;
    int[] batch;
    do {
      batch = db.transaction("purge the maintenance runs", c ->
          deleteByIds(c, Db.query(c, select, rs -> rs.getString(1), cutoff)));
      total += batch[1];
    } while (batch[0] == PURGE_BATCH);
    return total;
  }

  /** Deletes the runs {@code ids}; returns how many ids and how many rows were deleted. */
  private int[] deleteByIds(Connection c, List<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return new int[] {0, 0};
    }
    int deleted = 0;
    try (var ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      for (String id : ids) {
        ps.setString(1, id);
        ps.addBatch();
      }
      for (int n : ps.executeBatch()) {
        deleted += Math.max(0, n);
      }
    }
    return new int[] {ids.size(), deleted};
  }

  private static MaintenanceRun map(ResultSet rs) throws SQLException {
    return new MaintenanceRun(rs.getString("id"), rs.getString("task"),
        Trigger.valueOf(rs.getString("trigger_type")), Db.instant(rs, "scheduled_for"),
        Db.instant(rs, "queued_at"), State.valueOf(rs.getString("status")),
        Db.instant(rs, "started_at"), Db.instant(rs, "finished_at"), rs.getString("error"));
  }

  private static void checkLength(String what, String value) {
    if (value.length() > MAX_NAME) {
      throw new IllegalArgumentException(what + " must have at most " + MAX_NAME
          + " characters but had " + value.length());
    }
  }

  /** Whether {@code e} comes from a unique or primary key constraint (SQLSTATE 23505). */
  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "JdbcMaintenanceQueue[" + table + ", capacity " + capacity + "]";
  }
}
