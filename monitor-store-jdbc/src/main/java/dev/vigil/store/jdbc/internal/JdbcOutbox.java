package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.internal.VigilThread;
import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxEntry;
import dev.vigil.notify.OutboxEntry.State;
import dev.vigil.notify.internal.Claims;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox} in the {@code outbox} table: every notification a notifier has to deliver,
 * shared by the instances of a cluster, which claim rows with {@code SELECT … FOR UPDATE SKIP
 * LOCKED} so that each goes to one notifier. Delivered and cancelled rows are kept for the
 * retention (they tell a notifier that still holds one that it is done), then deleted in batches;
 * the most recent dead letters are kept, up to a bound.
 *
 * <p>Thread-safe: holds no connection between calls; each claim is one transaction.
 */
public final class JdbcOutbox implements Outbox, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcOutbox.class);

  /** How many rows one retention statement deletes at most: no long lock. */
  static final int DELETE_BATCH = 1_000;
  /** How many ids one statement names at most. */
  private static final int ID_CHUNK = 500;
  private static final String COLUMNS = "id, channel, state, attempts, created_at, due_at, "
      + "last_error, group_key, notification";

  private final Db db;
  private final InstantSource clock;
  private final Duration retention;
  private final int maxDead;
  private final String table;
  private final String save;
  private final String get;
  private final String pending;
  private final String dead;
  private final String claimable;
  private final String claim;
  private final String purgeDone;
  private final String purgeDead;
  private ScheduledExecutorService purger; // guarded by this
  private boolean failing; // purger thread only

  /**
   * Creates the outbox, with its table if the schema initialization says so.
   *
   * @param clock the time of each save, which the retention counts from
   * @param retention how long delivered and cancelled rows are kept
   * @param maxDead how many dead letters are kept, the most recent
   */
  public JdbcOutbox(Db db, InstantSource clock, Duration retention, int maxDead) {
    this.db = requireNonNull(db, "db");
    this.clock = requireNonNull(clock, "clock");
    this.retention = requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the outbox retention must be positive but was "
          + retention);
    }
    if (maxDead < 1) {
      throw new IllegalArgumentException("maxDead must be positive but was " + maxDead);
    }
    this.maxDead = maxDead;
    this.table = db.table("outbox");
    String next = db.dialect().nextValue(db.table("outbox_seq"));
    String insertColumns = COLUMNS + ", updated_at, seq, saved_seq";
    if (db.dialect() == Dialect.POSTGRESQL) {
      this.save = "INSERT INTO " + table + " AS o (" + insertColumns + ") "
          + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, q.n, q.n FROM (SELECT " + next + " AS n) q "
          + "ON CONFLICT (id) DO UPDATE SET " + updateFrom("EXCLUDED", "EXCLUDED.saved_seq");
    } else {
      this.save = "MERGE INTO " + table + " o USING (SELECT CAST(? AS VARCHAR) id, "
          + "CAST(? AS VARCHAR) channel, CAST(? AS VARCHAR) state, CAST(? AS INTEGER) attempts, "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE) created_at, "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE) due_at, CAST(? AS VARCHAR) last_error, "
          + "CAST(? AS VARCHAR) group_key, CAST(? AS CHARACTER LARGE OBJECT) notification, "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE) updated_at, " + next + " n) s ON o.id = s.id "
          + "WHEN MATCHED THEN UPDATE SET " + updateFrom("s", "s.n") + " "
          + "WHEN NOT MATCHED THEN INSERT (" + insertColumns + ") VALUES (s.id, s.channel, "
          + "s.state, s.attempts, s.created_at, s.due_at, s.last_error, s.group_key, "
          + "s.notification, s.updated_at, s.n, s.n)";
    }
    this.get = "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?";
    this.pending = "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'PENDING' "
        + "ORDER BY seq";
    this.dead = "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'DEAD' "
        + "ORDER BY saved_seq DESC LIMIT ?";
    this.claimable = "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'PENDING' "
        + "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY seq LIMIT ?"
        + db.dialect().forUpdateSkipLocked();
    // the row is locked by the select: the condition again only guards against a database that
    // would return a row another claimer changed since the select's snapshot
    this.claim = "UPDATE " + table + " SET claimed_by = ?, claimed_until = ? WHERE id = ? "
        + "AND state = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)";
    this.purgeDone = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
        + " WHERE state IN ('DELIVERED', 'CANCELLED') AND updated_at < ? ORDER BY updated_at"
        + " LIMIT ?)";
    this.purgeDead = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
        + " WHERE state = 'DEAD' ORDER BY saved_seq DESC LIMIT ? OFFSET ?)";
    db.initialize("outbox");
  }

  @Override
  public void save(OutboxEntry entry) {
    requireNonNull(entry, "entry");
    String json = NotificationJson.toJson(entry.notification());
    db.update("save the outbox entry " + entry.id(), save, entry.id(), entry.channel(),
        entry.state(), entry.attempts(), entry.createdAt(), entry.dueAt(), entry.lastError(),
        entry.group(), json, clock.instant());
  }

  @Override
  public OutboxEntry get(String id) {
    requireNonNull(id, "id");
    List<OutboxEntry> found = db.query("read the outbox entry " + id, get, JdbcOutbox::entry, id);
    return found.isEmpty() ? null : found.get(0);
  }

  @Override
  public List<OutboxEntry> pending() {
    return Collections.unmodifiableList(db.query("read the pending outbox entries", pending,
        JdbcOutbox::entry));
  }

  @Override
  public List<OutboxEntry> deadLetters() {
    return Collections.unmodifiableList(db.query("read the dead letters", dead,
        JdbcOutbox::entry, maxDead));
  }

  @Override
  public List<OutboxEntry> claim(String owner, Instant now, Duration ttl, int max) {
    Claims.check(owner, now, ttl, max);
    Instant until = now.plus(ttl);
    return db.transaction("claim outbox entries", c -> {
      List<OutboxEntry> free = Db.query(c, claimable, JdbcOutbox::entry, now, max);
      if (free.isEmpty()) {
        return List.of();
      }
      int[] counts;
      try (PreparedStatement ps = c.prepareStatement(claim)) {
        for (OutboxEntry e : free) {
          Db.bind(ps, owner, until, e.id(), now);
          ps.addBatch();
        }
        counts = ps.executeBatch();
      }
      List<OutboxEntry> taken = new ArrayList<>(free.size());
      for (int i = 0; i < free.size(); i++) {
        if (counts[i] != 0) { // 1, or SUCCESS_NO_INFO
          taken.add(free.get(i));
        }
      }
      return Collections.unmodifiableList(taken);
    });
  }

  @Override
  public Set<String> renew(String owner, Collection<String> ids, Instant now, Duration ttl) {
    Claims.check(owner, now, ttl, 1);
    requireNonNull(ids, "ids");
    List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
    Set<String> lost = new HashSet<>();
    for (int from = 0; from < all.size(); from += ID_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
      String in = placeholders(chunk.size());
      String take = "UPDATE " + table + " SET claimed_by = ?, claimed_until = ? WHERE id IN ("
          + in + ") AND state = 'PENDING' AND (claimed_by = ? OR claimed_until IS NULL"
          + " OR claimed_until < ?)";
      // after the update, what this owner does not hold is lost (unknown ids are not listed)
      String notHeld = "SELECT id FROM " + table + " WHERE id IN (" + in + ") AND NOT (state = "
          + "'PENDING' AND COALESCE(claimed_by, '') = ?)";
      lost.addAll(db.transaction("renew outbox claims", c -> {
        try (PreparedStatement ps = c.prepareStatement(take)) {
          List<Object> args = new ArrayList<>();
          args.add(owner);
          args.add(now.plus(ttl));
          args.addAll(chunk);
          args.add(owner);
          args.add(now);
          Db.bind(ps, args.toArray());
          ps.executeUpdate();
        }
        List<Object> args = new ArrayList<>(chunk);
        args.add(owner);
        return Db.query(c, notHeld, rs -> rs.getString(1), args.toArray());
      }));
    }
    return lost;
  }

  @Override
  public void release(String owner, Collection<String> ids) {
    requireNonNull(owner, "owner");
    requireNonNull(ids, "ids");
    List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
    for (int from = 0; from < all.size(); from += ID_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
      List<Object> args = new ArrayList<>(chunk);
      args.add(owner);
      db.update("release outbox claims", "UPDATE " + table + " SET claimed_by = NULL, "
          + "claimed_until = NULL WHERE id IN (" + placeholders(chunk.size()) + ")"
          + " AND claimed_by = ?", args.toArray());
    }
  }

  /**
   * Deletes, in batches, the delivered and cancelled rows saved longer than the retention ago and
   * the dead letters beyond the bound; returns how many rows went.
   */
  public int purge() {
    Instant before = clock.instant().minus(retention);
    int total = 0;
    int n;
    do {
      n = db.update("delete old outbox entries", purgeDone, before, DELETE_BATCH);
      total += n;
    } while (n == DELETE_BATCH);
    do {
      n = db.update("delete the oldest dead letters", purgeDead, DELETE_BATCH, maxDead);
      total += n;
    } while (n == DELETE_BATCH);
    return total;
  }

  /** Runs {@link #purge()} every {@code every} on a thread of its own until closed; returns this. */
  public synchronized JdbcOutbox startPurging(Duration every) {
    if (purger == null) {
      purger = Executors.newSingleThreadScheduledExecutor(
          VigilThread.factory("vigil-outbox-retention"));
      long millis = every.toMillis();
      purger.scheduleWithFixedDelay(this::purgeQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void purgeQuietly() {
    try {
      purge();
      if (failing) {
        failing = false;
        LOG.info("Vigil deletes old outbox entries again");
      }
    } catch (RuntimeException e) {
      if (!failing) { // once per outage
        failing = true;
        LOG.warn("Vigil cannot delete old outbox entries; it tries again later", e);
      }
    }
  }

  /** Stops the retention thread, if started. */
  @Override
  public synchronized void close() {
    if (purger != null) {
      purger.shutdownNow();
      try {
        purger.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Returns the assignments of an upsert from the new row {@code row}, whose sequence value is
   * {@code n}: a row keeps its place in the pending order until it leaves PENDING, and its claim
   * goes then too.
   */
  private static String updateFrom(String row, String n) {
    return "channel = " + row + ".channel, state = " + row + ".state, attempts = " + row
        + ".attempts, created_at = " + row + ".created_at, due_at = " + row + ".due_at, "
        + "last_error = " + row + ".last_error, group_key = " + row + ".group_key, "
        + "notification = " + row + ".notification, updated_at = " + row + ".updated_at, "
        + "seq = CASE WHEN o.state <> 'PENDING' AND " + row + ".state = 'PENDING' THEN " + n
        + " ELSE o.seq END, saved_seq = " + n + ", "
        + "claimed_by = CASE WHEN " + row + ".state = 'PENDING' THEN o.claimed_by END, "
        + "claimed_until = CASE WHEN " + row + ".state = 'PENDING' THEN o.claimed_until END";
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static OutboxEntry entry(ResultSet rs) throws SQLException {
    return new OutboxEntry(rs.getString("id"), rs.getString("channel"),
        NotificationJson.fromJson(rs.getString("notification")),
        State.valueOf(rs.getString("state")), rs.getInt("attempts"),
        Db.instant(rs, "created_at"), Db.instant(rs, "due_at"), rs.getString("last_error"),
        rs.getString("group_key"));
  }

  @Override
  public String toString() {
    return "JdbcOutbox[" + table + "]";
  }
}
