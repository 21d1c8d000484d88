package dev.vigil.store.jdbc;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.AlertStore;
import dev.vigil.cluster.Leadership;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.MaintenanceQueue;
import dev.vigil.notify.Outbox;
import dev.vigil.store.EventStore;
import dev.vigil.store.jdbc.internal.Db;
import dev.vigil.store.jdbc.internal.JdbcAlertStore;
import dev.vigil.store.jdbc.internal.JdbcEventStore;
import dev.vigil.store.jdbc.internal.JdbcHealthLogStore;
import dev.vigil.store.jdbc.internal.JdbcLease;
import dev.vigil.store.jdbc.internal.JdbcMaintenanceQueue;
import dev.vigil.store.jdbc.internal.JdbcOutbox;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Every Vigil store in one relational database (PostgreSQL in production, H2 embedded), and the
 * lease that makes one instance of a cluster its leader.
 *
 * <pre>{@code
 * JdbcStore jdbc = JdbcStore.builder(dataSource)
 *     .initializeSchema(SchemaInitialization.ALWAYS)
 *     .build();
 * Monitor monitor = Monitor.builder().eventStore(jdbc.events()).build();
 * }</pre>
 *
 * <p>Each store is created on first use, with its tables if the {@link SchemaInitialization}
 * says so, and is the same object on every later call. Closing the {@code JdbcStore} stops its
 * background work and gives the lease up; it never closes the {@link DataSource}, which belongs
 * to the application. Each store commits its own work, whether the pool hands connections out in
 * auto-commit mode or not; so give it a plain pool, not a {@code DataSource} that hands out the
 * connection of the caller's transaction (Spring's {@code TransactionAwareDataSourceProxy}).
 * Thread-safe.
 */
public final class JdbcStore implements AutoCloseable {

  private final Db db;
  private final String instanceId;
  private final Duration leaseDuration;
  private final int maxResolvedAlerts;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private JdbcLease lease;
  private AlertStore alerts;
  private final Duration outboxRetention;
  private JdbcOutbox outbox;
  private MaintenanceQueue maintenanceQueue;
  private HealthLogStore healthLog;
  private final int eventBacklog;
  private JdbcEventStore events;
  private boolean closed;

  private JdbcStore(Builder b) {
    this.db = Db.connect(b.dataSource, b.tablePrefix, b.initialization);
    this.instanceId = b.instanceId != null ? b.instanceId : defaultInstanceId();
    this.leaseDuration = b.leaseDuration;
    this.maxResolvedAlerts = b.maxResolvedAlerts;
    this.outboxRetention = b.outboxRetention;
    this.eventBacklog = b.eventBacklog;
  }

  /** Returns a builder over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Returns the id this instance writes as and holds the lease as. */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Returns the cluster leadership: a lease in the database that one instance at a time holds.
   * The first call starts taking and renewing it on a background thread.
   */
  public synchronized Leadership leadership() {
    checkOpen();
    if (lease == null) {
      lease = opened(new JdbcLease(db, "vigil", instanceId, leaseDuration));
    }
    return lease;
  }

  /**
   * Returns the alert store: active alerts, the {@linkplain Builder#maxResolvedAlerts most
   * recently resolved} ones and silences, shared by every instance on the database. Give it to
   * each instance's {@code AlertEngine} with {@link #leadership()}. A save derived from an alert
   * that another instance changed meanwhile is refused, as {@link AlertStore} describes.
   */
  public synchronized AlertStore alerts() {
    checkOpen();
    if (alerts == null) {
      alerts = new JdbcAlertStore(db, maxResolvedAlerts);
    }
    return alerts;
  }

  /**
   * Returns the notification outbox, shared by the instances on this database, for {@code
   * Notifier.builder().outbox(...)} (with {@code .leadership(leadership())} in a cluster): pending
   * notifications with their claims, and the latest 10,000 dead letters. Delivered and cancelled
   * entries are deleted after the {@linkplain Builder#outboxRetention retention}, in batches, by a
   * background thread that this call starts.
   */
  public synchronized Outbox outbox() {
    checkOpen();
    if (outbox == null) {
      outbox = opened(new JdbcOutbox(db, InstantSource.system(), outboxRetention, 10_000)
          .startPurging(Duration.ofMinutes(10)));
    }
    return outbox;
  }

  /**
   * Returns the queue of maintenance runs that the instances' {@code MaintenanceScheduler}s share
   * (give them {@link #leadership()} too): {@link MaintenanceQueue#DEFAULT_CAPACITY} runs, each
   * executed by the one instance that claims it.
   */
  public synchronized MaintenanceQueue maintenanceQueue() {
    checkOpen();
    if (maintenanceQueue == null) {
      maintenanceQueue = new JdbcMaintenanceQueue(db, instanceId,
          MaintenanceQueue.DEFAULT_CAPACITY);
    }
    return maintenanceQueue;
  }

  /**
   * Returns the store of health records that the instances' {@code HealthMonitor}s share (give
   * them {@link #leadership()} too, so that only the leader records its scheduled runs).
   */
  public synchronized HealthLogStore healthLog() {
    checkOpen();
    if (healthLog == null) {
      healthLog = new JdbcHealthLogStore(db);
    }
    return healthLog;
  }

  /**
   * Returns the event store: the events of every instance of the cluster and their groups, in the
   * {@code events} and {@code event_groups} tables. Appends are written in one transaction per
   * batch; while the database cannot be reached, up to {@link Builder#eventBacklog(int)} events
   * wait in memory and are written once it is back, oldest first (the excess is dropped and
   * counted in {@link EventStore#droppedCount()}). Hand it to the monitor with {@code
   * Monitor.builder().eventStore(jdbc.events())}, and close the monitor before this store.
   */
  public synchronized EventStore events() {
    checkOpen();
    if (events == null) {
      events = opened(new JdbcEventStore(db, instanceId, eventBacklog));
    }
    return events;
  }

  /** Returns the database layer the stores share. */
  Db db() {
    return db;
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.add(resource);
    return resource;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the JDBC store is closed");
    }
  }

  /** Stops the stores' background work (writing what they hold first) and gives the lease up. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new JdbcStoreException("cannot close the JDBC store", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static String defaultInstanceId() {
    String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    return runtime + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public String toString() {
    return "JdbcStore[" + db.dialect() + ", " + db.table("") + "*, " + instanceId + "]";
  }

  /** Configures a {@link JdbcStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = "vigil_";
    private SchemaInitialization initialization = SchemaInitialization.EMBEDDED;
    private String instanceId;
    private Duration leaseDuration = Duration.ofSeconds(15);
    private int maxResolvedAlerts = JdbcAlertStore.DEFAULT_MAX_RESOLVED;
    private Duration outboxRetention = Duration.ofDays(7);
    private int eventBacklog = JdbcEventStore.DEFAULT_BACKLOG;

    private Builder(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    /**
     * Sets the prefix of every table and index name; default {@code vigil_}. A plain SQL
     * identifier of at most 30 characters.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = Db.checkPrefix(tablePrefix);
      return this;
    }

    /** Sets when the tables are created; default {@link SchemaInitialization#EMBEDDED}. */
    public Builder initializeSchema(SchemaInitialization initialization) {
      this.initialization = requireNonNull(initialization, "initialization");
      return this;
    }

    /**
     * Sets the id of this instance in the cluster; default {@code pid@host/random}, unique per
     * run. At most 200 characters. It must differ between the instances sharing the database (a
     * pod's name, say; not the application's name): the lease takes two instances with one id for
     * one, and both would lead.
     */
    public Builder instanceId(String instanceId) {
      requireNonNull(instanceId, "instanceId");
      if (instanceId.isBlank() || instanceId.length() > 200) {
        throw new IllegalArgumentException(
            "instanceId must have 1 to 200 characters but had " + instanceId.length());
      }
      this.instanceId = instanceId;
      return this;
    }

    /**
     * Sets how long a leader's lease lasts without renewal; default 15 s, at least 1 s. A dead
     * leader is replaced within about 1¼ of it.
     */
    public Builder leaseDuration(Duration leaseDuration) {
      requireNonNull(leaseDuration, "leaseDuration");
      if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "leaseDuration must be at least 1s but was " + leaseDuration);
      }
      this.leaseDuration = leaseDuration;
      return this;
    }

    /**
     * Sets how many resolved alerts the {@linkplain JdbcStore#alerts() alert store} keeps, the most
     * recently resolved; default 10,000 (the in-memory store keeps 1,000). The older ones are
     * deleted in batches of 1,000 rows, at the first and every 100th resolved alert an instance
     * saves. Flap detection reads a key's last resolved alert, so keep more than the alerts that
     * resolve within the longest flap window.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder maxResolvedAlerts(int maxResolvedAlerts) {
      if (maxResolvedAlerts < 1) {
        throw new IllegalArgumentException(
            "maxResolvedAlerts must be at least 1 but was " + maxResolvedAlerts);
      }
      this.maxResolvedAlerts = maxResolvedAlerts;
      return this;
    }

    /**
     * Sets how long delivered and cancelled notifications stay in the outbox before they are
     * deleted; default 7 days, at least 1 minute (a notifier holding one learns from it that it
     * is done).
     */
    public Builder outboxRetention(Duration outboxRetention) {
      requireNonNull(outboxRetention, "outboxRetention");
      if (outboxRetention.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException(
            "outboxRetention must be at least 1m but was " + outboxRetention);
      }
      this.outboxRetention = outboxRetention;
      return this;
    }

    /**
     * Sets how many events the {@linkplain JdbcStore#events() event store} keeps in memory while
     * the database cannot be written; default 100,000 (about 1 KiB each), from 0 (drop at once)
     * to 10,000,000. Beyond it the oldest are dropped and counted.
     *
     * @throws IllegalArgumentException if out of that range
     */
    public Builder eventBacklog(int eventBacklog) {
      if (eventBacklog < 0 || eventBacklog > 10_000_000) {
        throw new IllegalArgumentException(
            "eventBacklog must be between 0 and 10000000 but was " + eventBacklog);
      }
      this.eventBacklog = eventBacklog;
      return this;
    }

    /**
     * Connects once to learn the database's dialect and returns the store.
     *
     * @throws JdbcStoreException if the database cannot be reached or is not PostgreSQL or H2
     */
    public JdbcStore build() {
      return new JdbcStore(this);
    }
  }
}
