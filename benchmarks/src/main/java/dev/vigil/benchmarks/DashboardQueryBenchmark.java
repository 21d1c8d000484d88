package dev.vigil.benchmarks;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import dev.vigil.store.jdbc.JdbcStore;
import dev.vigil.store.jdbc.SchemaInitialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of the queries the dashboard issues, against {@code events} events stored in the local
 * PostgreSQL through {@code JdbcStore.events()} (read the p0.95 row of each; target: under 100
 * ms):
 *
 * <ul>
 *   <li>{@code newestPage}: the newest page of events (100, the dashboard's page);
 *   <li>{@code errorsPage}: the newest page of events of severity ERROR or higher;
 *   <li>{@code groupsPage}: the page of the most recently seen groups;
 *   <li>{@code statsLastHour}: the counts of the last hour with the ten largest groups (what
 *       {@code Monitor.stats(Duration.ofHours(1))} asks for).
 * </ul>
 *
 * <p>The events ({@link SyntheticEvents}) are spread evenly over the 24 hours before the trial
 * (so the last hour holds about 1/24 of them: 41,667 of 1,000,000), about 2,000 groups, 35%
 * ERROR or higher. They are loaded once per trial through the store's own {@code append}, in
 * batches of {@value #LOAD_BATCH}, into a schema of its own, dropped at the end; the tables are
 * then analyzed, as autovacuum would after a load. The check, in setup: each query returns a full
 * page in the right order and filter, and the stats count exactly the events of the last hour.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class DashboardQueryBenchmark {

  static final int LOAD_BATCH = 5_000;
  private static final int PAGE = 100;
  private static final EventQuery NEWEST = EventQuery.builder().limit(PAGE).build();
  private static final EventQuery ERRORS =
      EventQuery.builder().minSeverity(Severity.ERROR).limit(PAGE).build();
  private static final EventQuery GROUPS = EventQuery.builder().limit(PAGE).build();

  /** How many events the store holds. */
  @Param("1000000")
  public int events;

  private BenchDatabase database;
  private JdbcStore jdbc;
  private EventStore store;
  private Instant now;

  /** Loads the events and checks every query once. */
  @Setup(Level.Trial)
  public void load() {
    database = new BenchDatabase("vigil_bench_dashboard", 4);
    jdbc = JdbcStore.builder(database.dataSource()).initializeSchema(SchemaInitialization.ALWAYS)
        .instanceId("bench").build();
    store = jdbc.events();
    now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant start = now.minus(Duration.ofHours(24));
    long step = Duration.ofHours(24).toNanos() / events;
    Instant lastHour = now.minus(Duration.ofHours(1));
    SyntheticEvents generator = new SyntheticEvents(7);
    long inLastHour = 0;
    long began = System.nanoTime();
    List<MonitorEvent> batch = new ArrayList<>(LOAD_BATCH);
    for (int i = 0; i < events; i++) {
      Instant at = start.plusNanos(step * (i + 1)).truncatedTo(ChronoUnit.MILLIS);
      if (!at.isBefore(lastHour) && !at.isAfter(now)) {
        inLastHour++;
      }
      batch.add(generator.next(at));
      if (batch.size() == LOAD_BATCH || i == events - 1) {
        store.append(batch);
        batch.clear();
      }
    }
    database.update("ANALYZE vigil_events");
    database.update("ANALYZE vigil_event_groups");
    System.out.printf(Locale.ROOT, "%nloaded %,d events (%,d groups) in %.1f s%n", store.size(),
        store.groupCount(), (System.nanoTime() - began) / 1e9);
    check(inLastHour);
  }

  private void check(long inLastHour) {
    if (store.size() != events || store.droppedCount() != 0) {
      throw new IllegalStateException("loaded " + store.size() + " of " + events + " events");
    }
    List<MonitorEvent> newest = newestPage().items();
    checkPage("newestPage", newest.size(), PAGE, newest.get(0).timestamp().equals(
        newest.stream().map(MonitorEvent::timestamp).max(Instant::compareTo).orElseThrow()));
    List<MonitorEvent> errors = errorsPage().items();
    checkPage("errorsPage", errors.size(), PAGE,
        errors.stream().allMatch(e -> e.severity().isAtLeast(Severity.ERROR)));
    List<EventGroup> groups = groupsPage().items();
    checkPage("groupsPage", groups.size(), (int) Math.min(PAGE, store.groupCount()),
        groups.get(0).lastSeen().equals(newest.get(0).timestamp()));
    EventStats stats = statsLastHour();
    if (stats.total() != inLastHour || stats.topGroups().size() != 10) {
      throw new IllegalStateException("statsLastHour counted " + stats.total() + " events and "
          + stats.topGroups().size() + " top groups, expected " + inLastHour + " and 10");
    }
  }

  private static void checkPage(String query, int size, int expected, boolean ordered) {
    if (size != expected || !ordered) {
      throw new IllegalStateException(query + " returned " + size + " items, expected "
          + expected
          + (ordered ? "" : " in the wrong order or filter"));
    }
  }

  /** The newest page of events. */
  @Benchmark
  public Page<MonitorEvent> newestPage() {
    return store.find(NEWEST);
  }

  /** The newest page of events of severity ERROR or higher. */
  @Benchmark
  public Page<MonitorEvent> errorsPage() {
    return store.find(ERRORS);
  }

  /** The page of the most recently seen groups. */
  @Benchmark
  public Page<EventGroup> groupsPage() {
    return store.groups(GROUPS);
  }

  /** The counts of the last hour with the ten largest groups. */
  @Benchmark
  public EventStats statsLastHour() {
    return store.stats(now.minus(Duration.ofHours(1)), now.plusMillis(1), 10);
  }

  /** Drops the schema. */
  @TearDown(Level.Trial)
  public void drop() {
    try {
      jdbc.close();
    } finally {
      database.close();
    }
  }
}
