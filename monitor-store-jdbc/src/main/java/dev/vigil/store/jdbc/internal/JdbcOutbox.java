package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.internal.VigilThread;
import dev.vigil.notify.Notification;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The notification is kept as JSON ({@link NotificationJson}), exactly. The id, group and last
 * error are plain text columns, where a NUL (which PostgreSQL refuses) and a lone surrogate (which
 * UTF-8 cannot encode) become U+FFFD; an entry's id reads back exact all the same, from its
 * notification's. Rows are found by {@code id_hash}, a {@linkplain Db#hash hash} of the id as
 * stored: an id holds an alert's key, which may be longer than PostgreSQL can index.
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
    String insertColumns = "id_hash, " + COLUMNS + ", updated_at, seq, saved_seq";
    if (db.dialect() == Dialect.POSTGRESQL) {
      this.save = "INSERT INTO " + table + " AS o (" + insertColumns + ") "
          + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, q.n, q.n FROM (SELECT " + next + " AS n) q "
          + "ON CONFLICT (id_hash) DO UPDATE SET "
          + updateFrom("EXCLUDED", "EXCLUDED.saved_seq");
    } else {
      this.save = "MERGE INTO " + table + " o USING (SELECT CAST(? AS VARCHAR) id_hash, "
          + "CAST(? AS VARCHAR) id, "
          + "CAST(? AS VARCHAR) channel, CAST(? AS VARCHAR) state, CAST(? AS INTEGER) attempts, "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE) created_at, "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE) due_at, CAST(? AS VARCHAR) last_error, "
          + "CAST(? AS VARCHAR) group_key, CAST(? AS CHARACTER LARGE OBJECT) notification, "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE) updated_at, " + next + " n) s "
          + "ON o.id_hash = s.id_hash "
          + "WHEN MATCHED THEN UPDATE SET " + updateFrom("s", "s.n") + " "
          + "WHEN NOT MATCHED THEN INSERT (" + insertColumns + ") VALUES (s.id_hash, s.id, "
          + "s.channel, "
          + "s.state, s.attempts, s.created_at, s.due_at, s.last_error, s.group_key, "
          + "s.notification, s.updated_at, s.n, s.n)";
    }
    this.get = "SELECT " + COLUMNS + " FROM " + table + " WHERE id_hash = ?";
    this.pending = "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'PENDING' "
        + "ORDER BY seq";
    this.dead = "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'DEAD' "
        + "ORDER BY saved_seq DESC LIMIT ?";
    this.claimable = "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'PENDING' "
        + "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY seq LIMIT ?"
        + db.dialect().forUpdateSkipLocked();
    // the row is locked by the select: the condition again only guards against a database that
    // would return a row another claimer changed since the select's snapshot
    this.claim = "UPDATE " + table + " SET claimed_by = ?, claimed_until = ? WHERE id_hash = ? "
        + "AND state = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)";
    this.purgeDone = "SELECT id_hash FROM " + table + " WHERE state IN ('DELIVERED', 'CANCELLED')"
        + " AND updated_at < ? ORDER BY updated_at LIMIT ?";
    this.purgeDead = "SELECT id_hash FROM " + table + " WHERE state = 'DEAD'"
        + " ORDER BY saved_seq DESC LIMIT ? OFFSET ?";
    db.initialize("outbox");
  }

  @Override
  public void save(OutboxEntry entry) {
    requireNonNull(entry, "entry");
    String json = NotificationJson.toJson(entry.notification());
    db.update("save the outbox entry " + column(entry.id()), save, key(entry.id()),
        column(entry.id()), entry.channel(), entry.state(), entry.attempts(), entry.createdAt(),
        entry.dueAt(), column(entry.lastError()), column(entry.group()), json, clock.instant());
  }

  @Override
  public OutboxEntry get(String id) {
    requireNonNull(id, "id");
    List<OutboxEntry> found = db.query("read the outbox entry " + column(id), get,
        JdbcOutbox::entry, key(id));
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
          Db.bind(ps, owner, until, key(e.id()), now);
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
    Map<String, String> byKey = new LinkedHashMap<>(); // the rows' keys → the ids as given
    ids.forEach(id -> byKey.putIfAbsent(key(requireNonNull(id, "id")), id));
    List<String> all = new ArrayList<>(byKey.keySet());
    Set<String> lost = new HashSet<>();
    for (int from = 0; from < all.size(); from += ID_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
      String in = placeholders(chunk.size());
      String take = "UPDATE " + table + " SET claimed_by = ?, claimed_until = ? WHERE id_hash IN ("
          + in + ") AND state = 'PENDING' AND (claimed_by = ? OR claimed_until IS NULL"
          + " OR claimed_until < ?)";
      // after the update, what this owner does not hold is lost (unknown ids are not listed)
      String notHeld = "SELECT id_hash FROM " + table + " WHERE id_hash IN (" + in + ") AND NOT ("
          + "state = 'PENDING' AND COALESCE(claimed_by, '') = ?)";
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
        return Db.query(c, notHeld, rs -> byKey.get(rs.getString(1)), args.toArray());
      }));
    }
    return lost;
  }

  @Override
  public void release(String owner, Collection<String> ids) {
    requireNonNull(owner, "owner");
    requireNonNull(ids, "ids");
    Set<String> keys = new LinkedHashSet<>();
    ids.forEach(id -> keys.add(key(requireNonNull(id, "id"))));
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += ID_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
      List<Object> args = new ArrayList<>(chunk);
      args.add(owner);
      db.update("release outbox claims", "UPDATE " + table + " SET claimed_by = NULL, "
          + "claimed_until = NULL WHERE id_hash IN (" + placeholders(chunk.size()) + ")"
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
    List<String> ids;
    do { // the state again in the delete: a row saved since the select stays
      ids = db.query("find old outbox entries", purgeDone, rs -> rs.getString(1), before,
          DELETE_BATCH);
      total += delete(ids, " AND state IN ('DELIVERED', 'CANCELLED') AND updated_at < ?",
          before);
    } while (ids.size() == DELETE_BATCH);
    do {
      ids = db.query("find the oldest dead letters", purgeDead, rs -> rs.getString(1),
          DELETE_BATCH, maxDead);
      total += delete(ids, " AND state = 'DEAD'");
    } while (ids.size() == DELETE_BATCH);
    return total;
  }

  /** Deletes the rows of keys {@code keys} that meet {@code condition} too; returns how many. */
  private int delete(List<String> keys, String condition, Object... args) {
    int deleted = 0;
    for (int from = 0; from < keys.size(); from += ID_CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + ID_CHUNK));
      List<Object> all = new ArrayList<>(chunk);
      all.addAll(List.of(args));
      deleted += db.update("delete outbox entries", "DELETE FROM " + table + " WHERE id_hash IN ("
          + placeholders(chunk.size()) + ")" + condition, all.toArray());
    }
    return deleted;
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
      purger.shutdown(); // no interrupt into the driver's I/O: a purge under way finishes
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

  /** Returns the key of the row of entry {@code id}: the hash of the id as its column keeps it. */
  private static String key(String id) {
    return Db.hash(column(id));
  }

  /**
   * Returns {@code text} as a text column keeps it: a NUL, which PostgreSQL refuses, and a lone
   * surrogate, which has no UTF-8, become U+FFFD; anything else is kept.
   */
  static String column(String text) {
    if (text == null || text.codePoints().noneMatch(JdbcOutbox::unstorable)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> b.appendCodePoint(unstorable(cp) ? 0xFFFD : cp));
    return b.toString();
  }

  private static boolean unstorable(int codePoint) {
    return codePoint == 0 || codePoint >= Character.MIN_SURROGATE
        && codePoint <= Character.MAX_SURROGATE;
  }

  private static OutboxEntry entry(ResultSet rs) throws SQLException {
    Notification n = NotificationJson.fromJson(rs.getString("notification"));
    String channel = rs.getString("channel");
    String id = rs.getString("id");
    String usual = n.id() + "@" + channel; // the notifier's ids: exact even if the column is not
    if (!id.equals(usual) && id.equals(column(usual))) {
      id = usual;
    }
    return new OutboxEntry(id, channel, n,
        State.valueOf(rs.getString("state")), rs.getInt("attempts"),
        Db.instant(rs, "created_at"), Db.instant(rs, "due_at"), rs.getString("last_error"),
        rs.getString("group_key"));
  }

  @Override
  public String toString() {
    return "JdbcOutbox[" + table + "]";
  }
}
