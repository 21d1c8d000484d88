package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.cluster.Leadership;
import dev.vigil.internal.VigilThread;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease in one row of the {@code lease} table: its holder leads until the lease expires, on the
 * database's clock. Every instance tries to take or renew it every quarter of its duration; the
 * holder renews it, the others take it once it has expired, so a dead leader is replaced within
 * about 1¼ lease durations and a closed one (which gives the lease up) within a quarter.
 *
 * <p>An instance that cannot renew (the database is unreachable) stops leading on its own clock
 * before the lease can expire in the database, measured from when its last successful renewal
 * was sent: two instances never lead at once, whatever their clocks say.
 */
public final class JdbcLease implements Leadership, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcLease.class);

  private final Db db;
  private final String name;
  private final String holder;
  private final long ttlMillis;
  private final String renew;
  private final String insert;
  private final String release;
  private final ScheduledExecutorService executor;

  /** While leading, until when (System.nanoTime) this instance may act as the leader. */
  private volatile long leaderUntil;
  private volatile boolean leader;
  private volatile boolean closed;
  private boolean failing; // lease thread only

  /**
   * Creates the lease {@code name} held as {@code holder} for {@code ttl} at a time, and starts
   * trying to take it.
   */
  public JdbcLease(Db db, String name, String holder, Duration ttl) {
    this.db = requireNonNull(db, "db");
    this.name = requireNonNull(name, "name");
    this.holder = requireNonNull(holder, "holder");
    this.ttlMillis = ttl.toMillis();
    if (ttlMillis < 1_000) {
      throw new IllegalArgumentException("the lease must last at least 1s but was " + ttl);
    }
    String table = db.table("lease");
    String expiry = db.dialect().nowPlusMillis();
    this.renew = "UPDATE " + table + " SET holder = ?, expires_at = " + expiry
        + ", epoch = CASE WHEN holder = ? THEN epoch ELSE epoch + 1 END"
        + " WHERE name = ? AND (holder = ? OR expires_at < CURRENT_TIMESTAMP)";
    this.insert = "INSERT INTO " + table + " (name, holder, expires_at, epoch) VALUES (?, ?, "
        + expiry + ", 1)";
    this.release = "UPDATE " + table + " SET expires_at = " + expiry
        + " WHERE name = ? AND holder = ?";
    db.initialize("lease");
    this.executor = Executors.newSingleThreadScheduledExecutor(
        VigilThread.factory("vigil-lease-" + name));
    long period = Math.max(250, ttlMillis / 4);
    executor.scheduleWithFixedDelay(this::tryAcquire, 0, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean isLeader() {
    return leader && System.nanoTime() - leaderUntil < 0;
  }

  /** Returns the id this instance holds the lease as. */
  public String holder() {
    return holder;
  }

  /** Takes or renews the lease once; returns whether this instance leads. Runs on the lease thread. */
  boolean tryAcquire() {
    if (closed) {
      return false;
    }
    long sent = System.nanoTime();
    boolean held;
    try {
      held = db.run("renew the lease '" + name + "'", c -> {
        try (PreparedStatement ps = c.prepareStatement(renew)) {
          Db.bind(ps, holder, ttlMillis, holder, name, holder);
          if (ps.executeUpdate() == 1) {
            return true;
          }
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
          Db.bind(ps, name, holder, ttlMillis);
          return ps.executeUpdate() == 1;
        } catch (SQLException e) {
          if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return false; // another instance created it first: it leads
          }
          throw e;
        }
      });
    } catch (RuntimeException e) {
      if (!failing) { // once per outage: the database's own errors say the rest
        failing = true;
        LOG.warn("Vigil cannot reach the cluster lease '{}' as {}{}", name, holder,
            leader ? "; it stops leading when the lease runs out" : "", e);
      }
      if (leader && !isLeader()) {
        leader = false;
        LOG.warn("Vigil instance {} no longer leads the cluster: its lease '{}' ran out", holder,
            name);
      }
      return false;
    }
    if (failing) {
      failing = false;
      LOG.info("Vigil reaches the cluster lease '{}' again", name);
    }
    if (held) {
      // a fifth of the lease is left as a margin for the clocks' drift and the renewal's own time
      leaderUntil = sent + TimeUnit.MILLISECONDS.toNanos(ttlMillis - ttlMillis / 5);
      if (!leader) {
        leader = true;
        LOG.info("Vigil instance {} now leads the cluster (lease '{}')", holder, name);
      }
    } else if (leader) {
      leader = false;
      LOG.info("Vigil instance {} no longer leads the cluster (lease '{}')", holder, name);
    }
    return held;
  }

  /** Stops renewing and gives the lease up if this instance holds it, so another takes over at once. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // no interrupt: it could land in the database driver's I/O (an H2 file database closes on
    // one); a renewal under way ends on its own, bounded by the driver's timeouts
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean wasLeader = isLeader();
    leader = false;
    if (wasLeader) {
      try {
        db.update("give the lease '" + name + "' up", release, -1_000L, name, holder);
      } catch (RuntimeException e) {
        LOG.warn("Vigil could not give the cluster lease '{}' up; another instance takes over "
            + "when it expires", name, e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcLease[" + name + " as " + holder + (isLeader() ? ", leading" : "") + "]";
  }
}
