package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.internal.VigilThread;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import dev.vigil.store.jdbc.JdbcStoreException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventStore} in a database: events in the {@code events} table, one row each, and
 * their groups in {@code event_groups}, one row per fingerprint. Every instance of a cluster
 * writes its own events into the same tables and reads everyone's.
 *
 * <p>Writing: a batch is one transaction: the events as a JDBC batch insert, then one upsert per
 * fingerprint of the batch (its events aggregated), sorted by fingerprint so that instances
 * writing the same groups lock their rows in the same order and never deadlock. A batch the
 * database rejects (a value it cannot hold) is written again event by event; the events it still
 * rejects are dropped and counted. A batch that cannot be written for any other reason (the
 * database unreachable, a pool timeout, a missing table…) starts an outage: it goes to the
 * backlog, a bounded queue in memory, and from then on appends only add to the backlog (no
 * database call, so the monitor's store thread is never held up by connection timeouts) while
 * the retry thread ({@code vigil-events-retry-N}) writes it, oldest first, with a backoff between
 * attempts; beyond its bound the oldest events are dropped and counted ({@link #droppedCount()}).
 * Once the backlog is empty, appends write directly again.
 *
 * <p>Reading: keyset paging over the table's own keys ({@code (event_time, id)} for events,
 * {@code (last_seen, fingerprint)} for groups), so cursors stay valid while events arrive and
 * expire. {@link #size()} and {@link #groupCount()} are counted again after this store's own
 * writes and at least every 10 seconds; during an outage they return the last counts (0 if none
 * was taken) without asking the database.
 *
 * <p>Threading: {@link #append} from one thread at a time, everything else from any thread. The
 * backlog and the outage flag are guarded by {@code lock}; database calls are made outside it, by
 * the appending thread while the database is healthy and by the retry thread during an outage,
 * never both at once.
 */
public final class JdbcEventStore implements EventStore {

  /** The default bound of the backlog, in events. */
  public static final int DEFAULT_BACKLOG = 100_000;
  /** The first retry's delay after an outage began; it doubles up to {@link #MAX_RETRY}. */
  public static final Duration MIN_RETRY = Duration.ofMillis(500);
  /** The longest delay between two retries during an outage. */
  public static final Duration MAX_RETRY = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
  /** Rows deleted per statement (and short transaction) by {@link #deleteBefore}. */
  static final int DELETE_BATCH = 5_000;
  /** Events written per transaction while draining the backlog. */
  static final int DRAIN_CHUNK = 1_000;
  private static final int CONFLICT_ATTEMPTS = 3;
  private static final long COUNT_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final List<String> GROUP_ONLY =
      List.of("fingerprint", "first_seen", "last_seen", "event_count", "max_severity");

  private final Db db;
  private final String instanceId;
  private final int backlogLimit;
  private final long minRetryNanos;
  private final long maxRetryNanos;
  private final String eventsTable;
  private final String groupsTable;
  private final String copyEvents;
  private volatile Boolean useCopy; // decided on the first write
  private final String insertEvent;
  private final String upsertGroup;
  private final String eventColumns;
  private final String groupColumns;
  private final ScheduledExecutorService retry;

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<MonitorEvent> backlog = new ArrayDeque<>(); // guarded by lock
  private volatile boolean outage; // written under lock
  private long retryNanos; // guarded by lock
  private long droppedThisOutage; // guarded by lock
  private int inFlight; // taken from the backlog by the retry thread, being written; under lock
  private boolean closed; // guarded by lock

  private final AtomicLong dropped = new AtomicLong();
  /** Counts this store's committed writes and deletes: a count taken before one is stale. */
  private final AtomicLong writes = new AtomicLong();
  private final AtomicBoolean rejectionReported = new AtomicBoolean();
  private final CachedCount size;
  private final CachedCount groupCount;

  /**
   * Creates the store over {@code db}, writing as {@code instanceId}, with a backlog of at most
   * {@code backlogLimit} events, and creates its tables if the schema initialization says so.
   */
  public JdbcEventStore(Db db, String instanceId, int backlogLimit) {
    this(db, instanceId, backlogLimit, MIN_RETRY, MAX_RETRY);
  }

  /** As {@link #JdbcEventStore(Db, String, int)}, with the retry delays' bounds (for tests). */
  public JdbcEventStore(Db db, String instanceId, int backlogLimit, Duration minRetry,
      Duration maxRetry) {
    this.db = requireNonNull(db, "db");
    this.instanceId = requireNonNull(instanceId, "instanceId");
    if (backlogLimit < 0) {
      throw new IllegalArgumentException("eventBacklog must not be negative but was "
          + backlogLimit);
    }
    this.backlogLimit = backlogLimit;
    this.minRetryNanos = minRetry.toNanos();
    this.maxRetryNanos = Math.max(minRetryNanos, maxRetry.toNanos());
    this.eventsTable = db.table("events");
    this.groupsTable = db.table("event_groups");
    List<String> eventInsert = new ArrayList<>(List.of("event_time", "fingerprint"));
    eventInsert.addAll(EventColumns.LATEST);
    this.insertEvent = "INSERT INTO " + eventsTable + " (" + String.join(", ", eventInsert)
        + ") VALUES (" + String.join(", ", eventInsert.stream().map(c -> "?").toList()) + ")";
    List<String> groupInsert = new ArrayList<>(GROUP_ONLY);
    groupInsert.addAll(EventColumns.LATEST);
    Map<String, String> groupTypes = new LinkedHashMap<>();
    groupInsert.forEach(c -> groupTypes.put(c, EventColumns.TYPES.get(c)));
    this.upsertGroup = db.dialect().upsert(groupsTable, "fingerprint", groupTypes,
        JdbcEventStore::groupUpdates);
    this.copyEvents = "COPY " + eventsTable + " (" + String.join(", ", eventInsert)
        + ") FROM STDIN";
    this.eventColumns = "id, " + String.join(", ", eventInsert);
    this.groupColumns = String.join(", ", groupInsert);
    this.size = new CachedCount("count the events", "SELECT COUNT(*) FROM " + eventsTable);
    this.groupCount = new CachedCount("count the event groups",
        "SELECT COUNT(*) FROM " + groupsTable);
    db.initialize("events");
    this.retry = Executors.newSingleThreadScheduledExecutor(
        VigilThread.factory("vigil-events-retry"));
  }

  /**
   * The assignments that merge a batch's row {@code n} of a group into the stored row
   * {@code t}: counts add up, the first and last seen widen, and the latest event's fields are
   * taken from whichever of the two was seen last (the new one on a tie).
   */
  private static String groupUpdates(String n) {
    StringBuilder sb = new StringBuilder()
        .append("first_seen = LEAST(t.first_seen, ").append(n).append(".first_seen)")
        .append(", event_count = t.event_count + ").append(n).append(".event_count")
        .append(", max_severity = GREATEST(t.max_severity, ").append(n).append(".max_severity)");
    for (String c : EventColumns.LATEST) {
      sb.append(", ").append(c).append(" = CASE WHEN ").append(n)
          .append(".last_seen >= t.last_seen THEN ").append(n).append('.').append(c)
          .append(" ELSE t.").append(c).append(" END");
    }
    return sb.append(", last_seen = GREATEST(t.last_seen, ").append(n).append(".last_seen)")
        .toString();
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Writes the batch and commits it, or keeps it in the backlog if the database cannot be
   * reached (see the class comment). Returns normally in both cases.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public void append(List<MonitorEvent> events) {
    requireNonNull(events, "events");
    if (events.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the JDBC event store is closed");
      }
      if (outage) { // the retry thread writes the backlog first, in order
        buffer(events);
        return;
      }
    } finally {
      lock.unlock();
    }
    Outcome outcome = writeOrSalvage(events);
    if (!outcome.unwritten().isEmpty()) {
      enterOutage(outcome);
    }
  }

  /** What {@link #writeOrSalvage} could not write because the database was unreachable. */
  private record Outcome(List<MonitorEvent> unwritten, Exception failure) {
    static final Outcome DONE = new Outcome(List.of(), null);
  }

  /**
   * Writes {@code events} in one transaction; if the database rejects the batch (a data error,
   * not an outage), writes them one by one and drops, counted, those it still rejects. Returns
   * the events left unwritten because the database became unreachable.
   */
  private Outcome writeOrSalvage(List<MonitorEvent> events) {
    try {
      write(events);
      return Outcome.DONE;
    } catch (SQLException e) {
      if (!isRejection(e)) {
        return new Outcome(events, e);
      }
    }
    for (int i = 0; i < events.size(); i++) {
      try {
        write(events.subList(i, i + 1));
      } catch (SQLException e) {
        if (!isRejection(e)) {
          return new Outcome(events.subList(i, events.size()), e);
        }
        dropped.incrementAndGet();
        reportRejected(events.get(i), e);
      }
    }
    return Outcome.DONE;
  }

  /** Writes {@code events} in one transaction, again after a lock conflict. */
  private void write(List<MonitorEvent> events) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(events);
        writes.incrementAndGet();
        return;
      } catch (SQLException e) {
        if (attempt == CONFLICT_ATTEMPTS || !isConflict(e)) {
          throw e;
        }
      }
    }
  }

  private void writeOnce(List<MonitorEvent> events) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      Db.inTransaction(c, tx -> {
        if (copies(tx)) {
          List<String[]> rows = new ArrayList<>(events.size());
          for (MonitorEvent e : events) {
            String[] row = new String[2 + EventColumns.LATEST.size()];
            row[0] = Db.micros(e.timestamp()).toString();
            row[1] = Db.text(e.fingerprint());
            EventColumns.values(row, 2, e, instanceId);
            rows.add(row);
          }
          PgCopy.copy(tx, copyEvents, rows);
        } else {
          try (PreparedStatement ps = tx.prepareStatement(insertEvent)) {
            for (MonitorEvent e : events) {
              ps.setObject(1, Db.timestamp(Db.micros(e.timestamp())));
              ps.setString(2, Db.text(e.fingerprint()));
              EventColumns.bind(ps, 3, e, instanceId);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        try (PreparedStatement ps = tx.prepareStatement(upsertGroup)) {
          for (GroupDelta g : aggregate(events)) {
            ps.setString(1, g.fingerprint);
            ps.setObject(2, Db.timestamp(g.firstSeen));
            ps.setObject(3, Db.timestamp(g.lastSeen));
            ps.setLong(4, g.count);
            ps.setShort(5, (short) g.maxSeverity.ordinal());
            EventColumns.bind(ps, 6, g.latest, instanceId);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return null;
      });
    }
  }

  /**
   * Returns whether events are written with COPY: on PostgreSQL through pgjdbc (decided on the
   * first connection; a pool hands out connections of one driver).
   */
  private boolean copies(Connection c) {
    Boolean copy = useCopy;
    if (copy == null) {
      copy = db.dialect() == Dialect.POSTGRESQL && PgCopy.usable(c);
      useCopy = copy;
    }
    return copy;
  }

  /**
   * Returns the batch's groups, each with its events aggregated, sorted by fingerprint: every
   * instance takes the groups' row locks in this order.
   */
  private static Collection<GroupDelta> aggregate(List<MonitorEvent> events) {
    TreeMap<String, GroupDelta> groups = new TreeMap<>();
    for (MonitorEvent e : events) {
      String fingerprint = Db.text(e.fingerprint());
      GroupDelta g = groups.get(fingerprint);
      if (g == null) {
        groups.put(fingerprint, new GroupDelta(fingerprint, e));
      } else {
        g.add(e);
      }
    }
    return groups.values();
  }

  /** One group's events of a batch. */
  private static final class GroupDelta {
    final String fingerprint;
    MonitorEvent latest;
    Instant firstSeen;
    Instant lastSeen;
    Severity maxSeverity;
    long count = 1;

    GroupDelta(String fingerprint, MonitorEvent e) {
      this.fingerprint = fingerprint;
      latest = e;
      firstSeen = Db.micros(e.timestamp());
      lastSeen = firstSeen;
      maxSeverity = e.severity();
    }

    void add(MonitorEvent e) {
      Instant t = Db.micros(e.timestamp());
      count++;
      if (t.isBefore(firstSeen)) {
        firstSeen = t;
      }
      if (!t.isBefore(lastSeen)) { // the later of two at the same time is the latest
        lastSeen = t;
        latest = e;
      }
      if (e.severity().compareTo(maxSeverity) > 0) {
        maxSeverity = e.severity();
      }
    }
  }

  /** Starts an outage: keeps {@code outcome}'s events and schedules the first retry. */
  private void enterOutage(Outcome outcome) {
    lock.lock();
    try {
      if (closed) {
        dropped.addAndGet(outcome.unwritten().size());
        return;
      }
      buffer(outcome.unwritten());
      if (!outage) {
        outage = true;
        droppedThisOutage = 0;
        retryNanos = minRetryNanos;
        LOG.warn("Vigil cannot write events to the database; it keeps up to {} of them in "
            + "memory and retries", backlogLimit, outcome.failure());
        scheduleDrain();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Adds {@code events} to the backlog, dropping the oldest beyond its bound. Under lock. */
  private void buffer(List<MonitorEvent> events) {
    backlog.addAll(events);
    trimBacklog();
  }

  private void trimBacklog() {
    int over = backlog.size() - backlogLimit;
    if (over <= 0) {
      return;
    }
    if (droppedThisOutage == 0) {
      LOG.warn("Vigil's backlog of {} events is full while the database cannot be written: it "
          + "drops the oldest, counted in vigil.store.dropped", backlogLimit);
    }
    for (int i = 0; i < over; i++) {
      backlog.pollFirst();
    }
    droppedThisOutage += over;
    dropped.addAndGet(over);
  }

  private void scheduleDrain() {
    try {
      retry.schedule(this::drain, retryNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closing: close() writes what it can of the backlog
    }
  }

  /** Writes the backlog, oldest first, until it is empty or the database fails again. */
  private void drain() {
    while (true) {
      List<MonitorEvent> chunk;
      lock.lock();
      try {
        inFlight = 0;
        if (closed) {
          return;
        }
        if (backlog.isEmpty()) {
          outage = false;
          LOG.info("Vigil writes events to the database again{}", droppedThisOutage == 0 ? ""
              : "; " + droppedThisOutage + " were dropped meanwhile");
          return;
        }
        chunk = new ArrayList<>(Math.min(DRAIN_CHUNK, backlog.size()));
        while (chunk.size() < DRAIN_CHUNK && !backlog.isEmpty()) {
          chunk.add(backlog.pollFirst());
        }
        inFlight = chunk.size();
      } finally {
        lock.unlock();
      }
      Outcome outcome;
      try {
        outcome = writeOrSalvage(chunk);
      } catch (RuntimeException e) { // keep retrying whatever went wrong
        outcome = new Outcome(chunk, e);
      }
      if (!outcome.unwritten().isEmpty()) {
        lock.lock();
        try {
          inFlight = 0;
          List<MonitorEvent> back = outcome.unwritten();
          for (int i = back.size() - 1; i >= 0; i--) {
            backlog.addFirst(back.get(i));
          }
          trimBacklog();
          retryNanos = Math.min(retryNanos * 2, maxRetryNanos);
          LOG.debug("Vigil still cannot write events to the database; next try in {} ms",
              TimeUnit.NANOSECONDS.toMillis(retryNanos), outcome.failure());
          if (!closed) {
            scheduleDrain();
          }
        } finally {
          lock.unlock();
        }
        return;
      }
    }
  }

  /** Whether the database refused the data itself (retrying the same events cannot help). */
  private static boolean isRejection(SQLException e) {
    String state = sqlState(e);
    return state != null && (state.startsWith("22") || state.startsWith("23")
        || state.startsWith("54"));
  }

  /** Whether the write lost a race with another transaction and may simply be repeated. */
  private static boolean isConflict(SQLException e) {
    String state = sqlState(e);
    // 23505: H2's MERGE inserting a group another instance has just inserted
    return state != null && (state.startsWith("40") || state.equals("23505"));
  }

  /** The SQLState of {@code e}, or of the statement's error underneath a failed batch. */
  private static String sqlState(SQLException e) {
    if (e instanceof BatchUpdateException) {
      SQLException next = e.getNextException();
      if (next != null && next.getSQLState() != null) {
        return next.getSQLState();
      }
      if (e.getCause() instanceof SQLException cause && cause.getSQLState() != null) {
        return cause.getSQLState();
      }
    }
    return e.getSQLState();
  }

  private void reportRejected(MonitorEvent event, SQLException e) {
    if (rejectionReported.compareAndSet(false, true)) {
      LOG.warn("The database rejected a Vigil event (source {}, fingerprint {}): dropped, "
          + "counted in vigil.store.dropped; further rejections are logged at DEBUG",
          event.source(), event.fingerprint(), e);
    } else {
      LOG.debug("The database rejected a Vigil event (source {}, fingerprint {})",
          event.source(), event.fingerprint(), e);
    }
  }

  /**
   * Returns how many events wait for the database: those the backlog holds and those the retry
   * thread is writing.
   */
  public int backlog() {
    lock.lock();
    try {
      return backlog.size() + inFlight;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long droppedCount() {
    return dropped.get();
  }

  // ---- reading -------------------------------------------------------------------------------

  @Override
  public Page<MonitorEvent> find(EventQuery query) {
    requireNonNull(query, "query");
    Where where = filters(query, "event_time");
    if (query.cursor() != null) {
      long[] key = parseCursor(query.cursor(), 'e');
      Instant time = fromMicros(key[0]);
      where.and("event_time <= ? AND (event_time < ? OR id < ?)", time, time, key[1]);
    }
    String sql = "SELECT " + eventColumns + " FROM " + eventsTable + where
        + " ORDER BY event_time DESC, id DESC LIMIT ?";
    where.args.add(query.limit() + 1);
    List<Keyed<MonitorEvent>> rows = db.query("find events", sql,
        rs -> new Keyed<>(rs.getLong("id"), EventColumns.read(rs, Db.instant(rs, "event_time"))),
        where.args.toArray());
    List<MonitorEvent> items = new ArrayList<>(Math.min(rows.size(), query.limit()));
    for (int i = 0; i < rows.size() && i < query.limit(); i++) {
      items.add(rows.get(i).value());
    }
    String next = null;
    if (rows.size() > query.limit()) {
      Keyed<MonitorEvent> last = rows.get(query.limit() - 1);
      next = "e" + Long.toString(micros(last.value().timestamp()), 36) + "."
          + Long.toString(last.key(), 36);
    }
    return new Page<>(items, next);
  }

  /** A row's value with its key in the table. */
  private record Keyed<T>(long key, T value) {}

  @Override
  public Page<EventGroup> groups(EventQuery query) {
    requireNonNull(query, "query");
    Where where = filters(query, "last_seen");
    if (query.cursor() != null) {
      String cursor = query.cursor();
      int dot = cursor.indexOf('.');
      if (!cursor.startsWith("g") || dot < 2 || dot == cursor.length() - 1) {
        throw invalidCursor(cursor, null);
      }
      Instant time;
      try {
        time = fromMicros(Long.parseLong(cursor.substring(1, dot), 36));
      } catch (NumberFormatException e) {
        throw invalidCursor(cursor, e);
      }
      where.and("last_seen <= ? AND (last_seen < ? OR fingerprint > ?)", time, time,
          cursor.substring(dot + 1));
    }
    String sql = "SELECT " + groupColumns + " FROM " + groupsTable + where
        + " ORDER BY last_seen DESC, fingerprint LIMIT ?";
    where.args.add(query.limit() + 1);
    List<EventGroup> rows = db.query("find event groups", sql, rs -> {
      Instant lastSeen = Db.instant(rs, "last_seen");
      return new EventGroup(rs.getString("fingerprint"), EventColumns.read(rs, lastSeen),
          EventColumns.severity(rs.getInt("max_severity")), Db.instant(rs, "first_seen"),
          lastSeen, rs.getLong("event_count"));
    }, where.args.toArray());
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, null);
    }
    EventGroup last = rows.get(query.limit() - 1);
    return new Page<>(rows.subList(0, query.limit()),
        "g" + Long.toString(micros(last.lastSeen()), 36) + "." + last.fingerprint());
  }

  /**
   * Counts the window in one pass: one row per fingerprint, severity, category and source, summed
   * up here; then the latest event of each of the {@code topGroups} largest groups.
   */
  @Override
  public EventStats stats(Instant from, Instant to, int topGroups) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (topGroups < 0) {
      throw new IllegalArgumentException("topGroups must not be negative but was " + topGroups);
    }
    Instant start = Db.micros(from);
    Instant end = Db.micros(to);
    String window = " WHERE event_time >= ? AND event_time < ?";
    return db.run("compute event stats", c -> {
      Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
      Map<String, Long> byCategory = new HashMap<>();
      Map<String, Long> bySource = new HashMap<>();
      Map<String, WindowGroup> groups = new HashMap<>();
      long[] total = new long[1];
      Db.query(c, "SELECT fingerprint, severity, category, source, COUNT(*) AS n,"
          + " MIN(event_time) AS first_seen, MAX(event_time) AS last_seen FROM " + eventsTable
          + window + " GROUP BY fingerprint, severity, category, source", rs -> {
            long n = rs.getLong("n");
            Severity severity = EventColumns.severity(rs.getInt("severity"));
            total[0] += n;
            bySeverity.merge(severity, n, Long::sum);
            byCategory.merge(rs.getString("category"), n, Long::sum);
            bySource.merge(rs.getString("source"), n, Long::sum);
            if (topGroups > 0) {
              groups.computeIfAbsent(rs.getString("fingerprint"), WindowGroup::new)
                  .add(n, severity, Db.instant(rs, "first_seen"), Db.instant(rs, "last_seen"));
            }
            return null;
          }, start, end);
      List<WindowGroup> largest = groups.values().stream()
          .sorted(WindowGroup.LARGEST_FIRST).limit(topGroups).toList();
      List<EventGroup> top = new ArrayList<>(largest.size());
      String latest = "SELECT " + eventColumns + " FROM " + eventsTable + window
          + " AND fingerprint = ? ORDER BY event_time DESC, id DESC LIMIT 1";
      for (WindowGroup g : largest) {
        List<MonitorEvent> event = Db.query(c, latest,
            rs -> EventColumns.read(rs, Db.instant(rs, "event_time")), start, end,
            g.fingerprint);
        if (!event.isEmpty()) { // empty only if retention deleted it meanwhile
          top.add(new EventGroup(g.fingerprint, event.get(0), g.severity, g.firstSeen,
              g.lastSeen, g.count));
        }
      }
      return new EventStats(from, to, total[0], bySeverity, byCategory,
          bySource, top);
    });
  }

  /** A group's events in a stats window, summed over its rows. */
  private static final class WindowGroup {
    static final Comparator<WindowGroup> LARGEST_FIRST =
        Comparator.comparingLong((WindowGroup g) -> g.count).reversed()
            .thenComparing(g -> g.lastSeen, Comparator.reverseOrder())
            .thenComparing(g -> g.fingerprint);

    final String fingerprint;
    long count;
    Severity severity = Severity.INFO;
    Instant firstSeen;
    Instant lastSeen;

    WindowGroup(String fingerprint) {
      this.fingerprint = fingerprint;
    }

    void add(long n, Severity s, Instant first, Instant last) {
      count += n;
      severity = s.compareTo(severity) > 0 ? s : severity;
      firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
      lastSeen = lastSeen == null || last.isAfter(lastSeen) ? last : lastSeen;
    }
  }

  /** A WHERE clause and its parameters. */
  private static final class Where {
    final StringBuilder sql = new StringBuilder();
    final List<Object> args = new ArrayList<>();

    void and(String condition, Object... values) {
      sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
      args.addAll(List.of(values));
    }

    @Override
    public String toString() {
      return sql.toString();
    }
  }

  /** The query's criteria but the cursor, with the time range on {@code timeColumn}. */
  private static Where filters(EventQuery q, String timeColumn) {
    Where w = new Where();
    if (q.from() != null) {
      w.and(timeColumn + " >= ?", Db.micros(q.from()));
    }
    if (q.to() != null) {
      w.and(timeColumn + " < ?", Db.micros(q.to()));
    }
    if (q.minSeverity() != null && q.minSeverity() != Severity.INFO) {
      w.and("severity >= ?", (short) q.minSeverity().ordinal());
    }
    if (q.source() != null) {
      w.and("source = ?", q.source());
    }
    if (q.category() != null) {
      w.and("category = ?", q.category());
    }
    if (q.fingerprint() != null) {
      w.and("fingerprint = ?", q.fingerprint());
    }
    if (q.text() != null) {
      // both sides folded by the database, the text's wildcards escaped
      w.and("LOWER(message) LIKE LOWER(?) ESCAPE '!'", "%" + likeEscape(q.text()) + "%");
    }
    return w;
  }

  private static String likeEscape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!' || c == '%' || c == '_') {
        sb.append('!');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  // ---- cursors ---------------------------------------------------------------------------------

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Parses {@code <kind><base36>.<base36>}. */
  private static long[] parseCursor(String cursor, char kind) {
    int dot = cursor.indexOf('.');
    if (cursor.isEmpty() || cursor.charAt(0) != kind || dot < 2) {
      throw invalidCursor(cursor, null);
    }
    try {
      return new long[] {Long.parseLong(cursor.substring(1, dot), 36),
          Long.parseLong(cursor.substring(dot + 1), 36)};
    } catch (NumberFormatException e) {
      throw invalidCursor(cursor, e);
    }
  }

  private static IllegalArgumentException invalidCursor(String cursor, Exception cause) {
    return new IllegalArgumentException("invalid cursor '" + cursor
        + "': pass back a Page.nextCursor() of the same kind of query", cause);
  }

  // ---- retention and counts --------------------------------------------------------------------

  /**
   * Deletes the events that happened before {@code cutoff} and the groups last seen before it,
   * {@value #DELETE_BATCH} rows per statement, each its own short transaction.
   */
  @Override
  public long deleteBefore(Instant cutoff) {
    Instant before = Db.micros(requireNonNull(cutoff, "cutoff"));
    String events = db.dialect().deleteAtMost(eventsTable, "id", "event_time < ?");
    String groups = db.dialect().deleteAtMost(groupsTable, "fingerprint", "last_seen < ?");
    long deleted = 0;
    int n;
    do {
      n = db.update("delete expired events", events, before, DELETE_BATCH);
      writes.incrementAndGet();
      deleted += n;
    } while (n == DELETE_BATCH);
    do {
      n = db.update("delete expired event groups", groups, before, DELETE_BATCH);
      writes.incrementAndGet();
    } while (n == DELETE_BATCH);
    return deleted;
  }

  @Override
  public long size() {
    return size.get();
  }

  @Override
  public long groupCount() {
    return groupCount.get();
  }

  /** A count that is taken again after this store's own writes and at least every 10 s. */
  private final class CachedCount {
    private final String what;
    private final String sql;
    /** {value, writes when counted, System.nanoTime when counted}, or null before the first. */
    private volatile long[] last;

    CachedCount(String what, String sql) {
      this.what = what;
      this.sql = sql;
    }

    long get() {
      long[] l = last;
      long version = writes.get();
      long now = System.nanoTime();
      if (outage) { // a scrape must not wait for a dead database
        return l == null ? 0 : l[0];
      }
      if (l != null && l[1] == version && now - l[2] < COUNT_TTL_NANOS) {
        return l[0];
      }
      try {
        long value = db.query(what, sql, rs -> rs.getLong(1)).get(0);
        last = new long[] {value, version, now};
        return value;
      } catch (JdbcStoreException e) {
        if (l != null) {
          return l[0];
        }
        throw e;
      }
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * Stops the retry thread and makes one last attempt to write the backlog; what cannot be
   * written is dropped and counted. Close the monitor that appends to this store first.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    retry.shutdownNow();
    try {
      if (!retry.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Vigil's event retry thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<MonitorEvent> rest;
    lock.lock();
    try {
      rest = new ArrayList<>(backlog);
      backlog.clear();
      outage = false;
    } finally {
      lock.unlock();
    }
    for (int from = 0; from < rest.size(); from += DRAIN_CHUNK) {
      int to = Math.min(rest.size(), from + DRAIN_CHUNK);
      Outcome outcome = writeOrSalvage(rest.subList(from, to));
      if (!outcome.unwritten().isEmpty()) {
        int lost = outcome.unwritten().size() + rest.size() - to;
        dropped.addAndGet(lost);
        LOG.warn("Vigil's event store closed with {} events it could not write to the database: "
            + "dropped, counted in vigil.store.dropped", lost, outcome.failure());
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcEventStore[" + eventsTable + ", " + groupsTable + ", as " + instanceId + "]";
  }
}
