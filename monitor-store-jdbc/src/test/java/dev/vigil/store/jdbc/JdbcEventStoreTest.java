package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.vigil.LogLevel;
import dev.vigil.ManualClock;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
import dev.vigil.logback.VigilAppender;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.EventStoreContract;
import dev.vigil.store.Page;
import dev.vigil.store.jdbc.internal.Db;
import dev.vigil.store.jdbc.internal.JdbcEventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** The JDBC event store: the store contract on PostgreSQL and H2, and what only it does. */
class JdbcEventStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** The contract on one database; each test gets tables of its own (a prefix of its own). */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDatabase extends EventStoreContract {
    private final TestDatabase.Kind kind;
    private final AtomicInteger tables = new AtomicInteger();
    private final List<JdbcStore> stores = new ArrayList<>();
    private TestDatabase db;

    OnDatabase(TestDatabase.Kind kind) {
      this.kind = kind;
    }

    @BeforeAll
    void createDatabase() {
      db = TestDatabase.create(kind);
    }

    @AfterAll
    void dropDatabase() {
      stores.forEach(JdbcStore::close);
      db.close();
    }

    @Override
    protected EventStore newStore() {
      JdbcStore jdbc = db.store().tablePrefix("t" + tables.incrementAndGet() + "_").build();
      stores.add(jdbc);
      return jdbc.events();
    }
  }

  @Nested
  class OnPostgresql extends OnDatabase {
    OnPostgresql() {
      super(TestDatabase.Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnH2 extends OnDatabase {
    OnH2() {
      super(TestDatabase.Kind.H2);
    }
  }

  // ---- retention --------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void retentionDeletesInBatchesEverythingBeforeTheCutoff(TestDatabase.Kind kind) {
    ManualClock clock = new ManualClock(T0);
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build()) {
      EventStore store = jdbc.events();
      int old = 12_345; // more than two delete batches
      List<MonitorEvent> batch = new ArrayList<>();
      for (int i = 1; i <= old; i++) {
        batch.add(event(i, T0.plusMillis(i), "old " + i, "old-" + i % 7_000));
        if (batch.size() == 1_000) {
          store.append(batch);
          batch.clear();
        }
      }
      store.append(batch);
      clock.advance(Duration.ofDays(8));
      store.append(List.of(event(old + 1, clock.instant(), "fresh", "old-1"),
          event(old + 2, clock.instant(), "fresh", "new")));
      assertThat(store.size()).isEqualTo(old + 2);
      assertThat(store.groupCount()).isEqualTo(7_001);

      Instant cutoff = clock.instant().minus(Duration.ofDays(7));
      assertThat(store.deleteBefore(cutoff)).isEqualTo(old);
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.groups(EventQuery.all()).items()).extracting(EventGroup::fingerprint)
          .containsExactlyInAnyOrder("old-1", "new"); // old-1 was seen again since
      assertThat(store.groupCount()).isEqualTo(2);
      assertThat(store.deleteBefore(cutoff)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theMonitorDeletesExpiredEventsOnItsClock(TestDatabase.Kind kind) {
    ManualClock clock = new ManualClock(T0);
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build()) {
      try (Monitor monitor = Monitor.builder().name("retention-" + kind).clock(clock)
          .retention(Duration.ofSeconds(10)).storeThreshold(Severity.INFO)
          .eventStore(jdbc.events()).build()) {
        monitor.log(LogLevel.ERROR, "before");
        await().until(() -> jdbc.events().size() == 1);
        clock.advance(Duration.ofSeconds(5));
        monitor.log(LogLevel.ERROR, "after");
        await().until(() -> jdbc.events().size() == 2);
        clock.advance(Duration.ofSeconds(7)); // "before" is 12 s old, "after" 7 s
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.events().size() == 1);
        assertThat(monitor.events(EventQuery.all()).items()).extracting(MonitorEvent::message)
            .containsExactly("after");
        assertThat(jdbc.events().groupCount()).isEqualTo(1);
      }
    }
  }

  // ---- schema -----------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theSchemaCanBeCreatedTwiceAndKeepsWhatItHolds(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore first = db.store().build()) {
      first.events().append(List.of(event(1, T0, "kept", "A")));
      try (JdbcStore second = db.store().build()) {
        EventStore again = second.events(); // runs the same script again
        assertThat(again.find(EventQuery.all()).items()).extracting(MonitorEvent::message)
            .containsExactly("kept");
      }
      first.db().initialize("events");
      assertThat(first.events().size()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aTablePrefixKeepsStoresApart(TestDatabase.Kind kind) throws SQLException {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore acme = db.store().tablePrefix("acme_mon_").build();
        JdbcStore plain = db.store().build()) {
      acme.events().append(List.of(event(1, T0, "acme's", "A")));
      plain.events().append(List.of(event(1, T0, "plain", "B"), event(2, T0, "plain", "C")));
      assertThat(acme.events().find(EventQuery.all()).items()).extracting(MonitorEvent::message)
          .containsExactly("acme's");
      assertThat(plain.events().groupCount()).isEqualTo(2);
      assertThat(rowCount(db, "acme_mon_events")).isEqualTo(1);
      assertThat(rowCount(db, "acme_mon_event_groups")).isEqualTo(1);
      assertThat(rowCount(db, "vigil_events")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aMissingSchemaThatIsNotToBeCreatedFailsAtOnceNamingTheTableAndTheFix(
      TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore jdbc = JdbcStore.builder(db.dataSource())
            .initializeSchema(SchemaInitialization.NEVER).build()) {
      assertThatThrownBy(jdbc::events)
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("table vigil_events does not exist")
          .hasMessageContaining("schema/" + (kind == TestDatabase.Kind.H2 ? "h2" : "postgresql")
              + "/events.sql")
          .hasMessageContaining("SchemaInitialization.ALWAYS");
      assertThat(tableExists(db, "vigil_events")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSchemaCreatedElsewhereIsUsedAsItIs(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      try (JdbcStore creator = db.store().build()) {
        creator.events(); // creates the tables, as a DBA's script would
      }
      try (JdbcStore jdbc = JdbcStore.builder(db.dataSource())
          .initializeSchema(SchemaInitialization.NEVER).build()) {
        jdbc.events().append(List.of(event(1, T0, "m", "X")));
        assertThat(jdbc.events().find(EventQuery.all()).items()).hasSize(1);
      }
    }
  }

  private static boolean tableExists(TestDatabase db, String table) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- a cluster: two instances on one database -------------------------------------------------

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void twoInstancesSeeEachOthersEventsAndShareGroups(TestDatabase.Kind kind) throws SQLException {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore a = db.store().instanceId("instance-a").build();
        JdbcStore b = db.store().instanceId("instance-b").build()) {
      // both number their events from 1: the ids collide, the store's own keys do not
      a.events().append(List.of(event(1, T0, "a1", "X"), event(2, T0.plusSeconds(2), "a2", "X")));
      b.events().append(List.of(event(1, T0.plusSeconds(1), "b1", "X"),
          event(2, T0.plusSeconds(2), "b2", "Y")));

      for (JdbcStore s : List.of(a, b)) {
        assertThat(s.events().size()).isEqualTo(4);
        assertThat(s.events().groups(EventQuery.builder().fingerprint("X").build()).items())
            .singleElement().satisfies(g -> {
              assertThat(g.count()).isEqualTo(3);
              assertThat(g.firstSeen()).isEqualTo(T0);
              assertThat(g.latest().message()).isEqualTo("a2");
            });
        List<String> paged = new ArrayList<>();
        EventQuery one = EventQuery.builder().limit(1).build();
        Page<MonitorEvent> page = s.events().find(one);
        paged.add(page.items().get(0).message());
        while (page.hasMore()) {
          page = s.events().find(one.toBuilder().after(page.nextCursor()).build());
          paged.add(page.items().get(0).message());
        }
        assertThat(paged).hasSize(4).containsOnlyOnce("a1", "a2", "b1", "b2");
        assertThat(paged.subList(2, 4)).containsExactly("b1", "a1");
      }
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT instance_id, COUNT(*) FROM vigil_events "
              + "GROUP BY instance_id ORDER BY instance_id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("instance-a");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("instance-b");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void twoInstancesWritingTheSameGroupsAtOnceLoseNothing(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore a = db.store().instanceId("a").build();
        JdbcStore b = db.store().instanceId("b").build()) {
      int batches = 40;
      int perBatch = 100;
      List<EventStore> stores = List.of(a.events(), b.events());
      CountDownLatch start = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < stores.size(); w++) {
        EventStore store = stores.get(w);
        Random random = new Random(w);
        Thread t = new Thread(() -> {
          try {
            start.await();
            long id = 0;
            for (int i = 0; i < batches; i++) {
              List<MonitorEvent> batch = new ArrayList<>();
              for (int j = 0; j < perBatch; j++) { // the same 20 groups, in a shuffled order
                batch.add(event(++id, T0.plusMillis(id), "m", "G" + random.nextInt(20)));
              }
              store.append(batch);
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        t.start();
        writers.add(t);
      }
      start.countDown();
      for (Thread t : writers) {
        t.join();
      }
      assertThat(failure.get()).isNull();
      long total = 2L * batches * perBatch;
      assertThat(a.events().size()).isEqualTo(total);
      assertThat(a.events().droppedCount() + b.events().droppedCount()).isZero();
      List<EventGroup> groups = a.events().groups(EventQuery.builder().limit(100).build())
          .items();
      assertThat(groups).hasSize(20);
      assertThat(groups.stream().mapToLong(EventGroup::count).sum()).isEqualTo(total);
    }
  }

  // ---- what the database cannot hold ------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void replacesNulCharsAndUnpairedSurrogates(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build()) {
      MonitorEvent hostile = new MonitorEvent(1, T0, "src\u0000", Severity.ERROR, "c",
          LogLevel.ERROR, "a\u0000b\uD800c\uDC00d 😀", null, null, null,
          Map.of("k\u0000", "v\uDBFF"), Map.of(), null, "fp\u0000");
      jdbc.events().append(List.of(hostile));
      MonitorEvent stored = jdbc.events().find(EventQuery.all()).items().get(0);
      assertThat(stored.message()).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd 😀");
      assertThat(stored.source()).isEqualTo("src\uFFFD");
      assertThat(stored.context()).containsExactly(Map.entry("k\uFFFD", "v\uFFFD"));
      assertThat(stored.fingerprint()).isEqualTo("fp\uFFFD");
      assertThat(jdbc.events().droppedCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void dropsAndCountsOnlyTheEventsTheDatabaseRejects(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build()) {
      String tooLong = "f".repeat(129); // the fingerprint column holds 128 chars
      jdbc.events().append(List.of(event(1, T0, "fine", "A"), event(2, T0, "rejected", tooLong),
          event(3, T0, "fine too", "B")));
      assertThat(jdbc.events().find(EventQuery.all()).items()).extracting(MonitorEvent::message)
          .containsExactlyInAnyOrder("fine", "fine too");
      assertThat(jdbc.events().droppedCount()).isEqualTo(1);
      assertThat(jdbc.events().groupCount()).isEqualTo(2);
    }
  }

  // ---- a database outage ------------------------------------------------------------------------

  @Test
  void anOutageIsBufferedUpToTheBoundThenDroppedAndCountedAndWritingResumes(@TempDir Path dir)
      throws Exception {
    Server server = h2Server(dir, 0);
    int port = server.getPort();
    CountingDataSource dataSource = new CountingDataSource(h2DataSource(port));
    JdbcEventStore store = new JdbcEventStore(
        Db.connect(dataSource, "vigil_", SchemaInitialization.ALWAYS), "a", 50,
        Duration.ofMillis(50), Duration.ofMillis(200));
    try {
      store.append(events(1, 10));
      assertThat(store.size()).isEqualTo(10); // as a metrics scrape reads them
      assertThat(store.groupCount()).isEqualTo(1);
      server.stop();

      int before = dataSource.calls(Thread.currentThread());
      store.append(events(11, 30)); // fails: the batch goes to the backlog
      assertThat(store.backlog()).isEqualTo(20);
      for (int first = 31; first <= 61; first += 10) {
        store.append(events(first, first + 9)); // buffered without a database call
      }
      assertThat(store.backlog()).isEqualTo(50);
      assertThat(store.droppedCount()).isEqualTo(10); // 11..20, the oldest
      assertThat(store.size()).isEqualTo(10); // the last counts, without asking the database
      assertThat(store.groupCount()).isEqualTo(1);
      assertThat(dataSource.calls(Thread.currentThread()) - before)
          .as("connections this thread asked for during the outage").isEqualTo(1);
      await().until(() -> dataSource.calls(null) > 3); // the retry thread keeps trying

      server = h2Server(dir, port);
      await().atMost(Duration.ofSeconds(10)).until(() -> store.backlog() == 0);
      store.append(events(71, 75)); // written at once again
      assertThat(store.backlog()).isZero();

      List<Long> ids = store.find(EventQuery.builder().limit(1000).build()).items().stream()
          .map(MonitorEvent::id).toList();
      List<Long> expected = new ArrayList<>();
      for (long id = 75; id >= 1; id--) {
        if (id <= 10 || id > 20) {
          expected.add(id);
        }
      }
      assertThat(ids).containsExactlyElementsOf(expected);
      assertThat(store.droppedCount()).isEqualTo(10);
      assertThat(store.groups(EventQuery.all()).items().get(0).count()).isEqualTo(65);
    } finally {
      store.close();
      server.stop();
    }
  }

  @Test
  void closingDuringAnOutageCountsWhatCouldNotBeWritten(@TempDir Path dir) throws Exception {
    Server server = h2Server(dir, 0);
    JdbcEventStore store = new JdbcEventStore(
        Db.connect(h2DataSource(server.getPort()), "vigil_", SchemaInitialization.ALWAYS), "a",
        100, Duration.ofSeconds(30), Duration.ofSeconds(30));
    try {
      server.stop();
      store.append(events(1, 7));
      assertThat(store.backlog()).isEqualTo(7);
      assertThat(store.droppedCount()).isZero();
    } finally {
      store.close();
    }
    assertThat(store.droppedCount()).isEqualTo(7);
    assertThat(store.backlog()).isZero();
    assertThatThrownBy(() -> store.append(events(8, 8)))
        .isInstanceOf(IllegalStateException.class).hasMessage("the JDBC event store is closed");
  }

  @Test
  void theMonitorReportsTheEventsTheStoreDropped(@TempDir Path dir) throws Exception {
    Server server = h2Server(dir, 0);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JdbcStore jdbc = JdbcStore.builder(h2DataSource(server.getPort()))
            .initializeSchema(SchemaInitialization.ALWAYS).eventBacklog(3).build();
        Monitor monitor = Monitor.builder().name("outage-meter").meterRegistry(registry)
            .storeThreshold(Severity.INFO).eventStore(jdbc.events()).build()) {
      server.stop();
      for (int i = 0; i < 5; i++) {
        monitor.log(LogLevel.ERROR, "during the outage " + i);
      }
      await().until(() -> registry.get(VigilMeters.STORE_DROPPED).tag("monitor", "outage-meter")
          .functionCounter().count() == 2);
    } finally {
      server.stop();
    }
  }

  // ---- end to end -------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aMonitorStoresLoggedEventsThatItsQueriesThenShow(TestDatabase.Kind kind) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger logger = context.getLogger("com.acme.Orders");
    VigilAppender appender = new VigilAppender();
    String name = "jdbc-e2e-" + kind.name().toLowerCase(java.util.Locale.ROOT);
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build();
        Monitor monitor = Monitor.builder().name(name).eventStore(jdbc.events()).build()) {
      appender.setContext(context);
      appender.setMonitor(name);
      appender.start();
      logger.addAppender(appender);
      logger.setAdditive(false);
      for (int order = 1; order <= 3; order++) {
        logger.error("Payment failed for order {}", order,
            new IllegalStateException("declined", new java.net.ConnectException("refused")));
      }
      logger.warn("Inventory low for <b>widget</b>");

      await().until(() -> monitor.events(EventQuery.all()).items().size() == 4);
      List<MonitorEvent> events = monitor.events(EventQuery.builder()
          .minSeverity(Severity.ERROR).build()).items();
      assertThat(events).hasSize(3);
      MonitorEvent latest = events.get(0);
      assertThat(latest.message()).isEqualTo("Payment failed for order 3");
      assertThat(latest.logger()).isEqualTo("com.acme.Orders");
      assertThat(latest.exception().type()).isEqualTo("java.lang.IllegalStateException");
      assertThat(latest.exception().cause().type()).isEqualTo("java.net.ConnectException");
      assertThat(monitor.events(EventQuery.builder().text("<b>widget").build()).items())
          .singleElement().extracting(MonitorEvent::severity).isEqualTo(Severity.WARN);

      List<EventGroup> groups = monitor.groups(EventQuery.all()).items();
      assertThat(groups).hasSize(2);
      assertThat(groups).filteredOn(g -> g.count() == 3).singleElement()
          .satisfies(g -> assertThat(g.latest()).isEqualTo(latest));
      EventStats stats = monitor.stats(Duration.ofHours(1));
      assertThat(stats.total()).isEqualTo(4);
      assertThat(stats.atLeast(Severity.ERROR)).isEqualTo(3);
      assertThat(stats.topGroups().get(0).count()).isEqualTo(3);
    } finally {
      logger.detachAppender(appender);
      logger.setAdditive(true);
      appender.stop();
    }
  }

  // ---- configuration ----------------------------------------------------------------------------

  @Test
  void theBacklogBoundIsValidated() {
    JdbcStore.Builder builder = JdbcStore.builder(new JdbcDataSource());
    assertThatThrownBy(() -> builder.eventBacklog(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventBacklog must be between 0 and 10000000 but was -1");
    assertThatThrownBy(() -> builder.eventBacklog(10_000_001))
        .hasMessage("eventBacklog must be between 0 and 10000000 but was 10000001");
    assertThat(builder.eventBacklog(0)).isSameAs(builder);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void eventsIsOneStoreClosedWithTheJdbcStore(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      JdbcStore jdbc = db.store().build();
      EventStore events = jdbc.events();
      assertThat(jdbc.events()).isSameAs(events);
      jdbc.close();
      assertThatThrownBy(jdbc::events).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> events.append(List.of(event(1, T0, "late", "A"))))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static MonitorEvent event(long id, Instant at, String message, String fingerprint) {
    return new MonitorEvent(id, at, "app", Severity.ERROR, "db", LogLevel.ERROR, message,
        "com.acme.Service", "main", null, Map.of(), Map.of(), null, fingerprint);
  }

  /** Events {@code first..last}, one second apart, all in one group. */
  private static List<MonitorEvent> events(int first, int last) {
    List<MonitorEvent> events = new ArrayList<>();
    for (int id = first; id <= last; id++) {
      events.add(event(id, T0.plusSeconds(id), "event " + id, "outage"));
    }
    return events;
  }

  private static long rowCount(TestDatabase db, String table) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** An H2 server on {@code port} (0: any free one) over a file database in {@code dir}. */
  private static Server h2Server(Path dir, int port) throws SQLException {
    return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists",
        "-baseDir", dir.toString()).start();
  }

  private static JdbcDataSource h2DataSource(int port) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/events");
    ds.setUser("sa");
    return ds;
  }

  /** A data source that counts the connections each thread asks for. */
  private static final class CountingDataSource implements DataSource {
    private final DataSource delegate;
    private final Map<Thread, AtomicInteger> calls =
        Collections.synchronizedMap(new java.util.HashMap<>());

    CountingDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    /** Returns the connections {@code thread} asked for, or all threads' if null. */
    int calls(Thread thread) {
      synchronized (calls) {
        if (thread == null) {
          return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
        AtomicInteger n = calls.get(thread);
        return n == null ? 0 : n.get();
      }
    }

    @Override
    public Connection getConnection() throws SQLException {
      calls.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger()).incrementAndGet();
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      calls.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger()).incrementAndGet();
      return delegate.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }
}
