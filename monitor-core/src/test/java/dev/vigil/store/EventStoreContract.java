package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ExceptionSummary;
import dev.vigil.LogLevel;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventStore} shares, whatever keeps the events: each implementation's
 * test extends this class and supplies {@link #newStore()}. Events are appended in time order
 * here (as one monitor's pipeline does), so "newest first" and "latest" are the same for every
 * store; what an implementation does with stragglers or beyond its capacity is for its own test.
 *
 * <p>Timestamps have millisecond precision, as the pipeline's do; stores may keep no more than
 * microseconds.
 */
public abstract class EventStoreContract {

  /** A fixed start of time for the tests' events. */
  protected static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** The store under test, new for each test and closed after it. */
  protected EventStore store;

  /**
   * Returns a new, empty store. Holds at least 1,000 events and 1,000 groups without evicting
   * any.
   */
  protected abstract EventStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- events --------------------------------------------------------------------------------

  @Test
  void returnsAppendedEventsUnchanged() {
    ExceptionSummary cause = new ExceptionSummary("java.net.ConnectException",
        "Connection refused", List.of("java.base/sun.nio.ch.Net.connect0(Native Method)"), 12,
        null);
    ExceptionSummary exception = new ExceptionSummary("com.acme.StoreException",
        "cannot save order 42", List.of("com.acme.Orders.save(Orders.java:17)",
            "com.acme.Api.post(Api.java:88)"), 0, cause);
    MonitorEvent full = new MonitorEvent(7, T0.plusMillis(1), "shop", Severity.CRITICAL, "db",
        LogLevel.ERROR, "cannot save order 42", "com.acme.Orders", "http-nio-8080-exec-3",
        exception, Map.of("requestId", "r-1", "user", "émile"), Map.of("env", "prod"),
        "db-connection", "0123456789abcdef");
    MonitorEvent bare = new MonitorEvent(8, T0.plusMillis(2), "gateway", Severity.WARN,
        MonitorEvent.UNCATEGORIZED, null, "raw line", null, null, null, Map.of(), Map.of(), null,
        "fedcba9876543210");
    store.append(List.of(full, bare));

    assertThat(store.find(EventQuery.all()).items()).containsExactly(bare, full);
    assertThat(store.groups(EventQuery.builder().fingerprint(full.fingerprint()).build())
        .items()).singleElement().extracting(EventGroup::latest).isEqualTo(full);
  }

  @Test
  void findsNewestFirstWithEveryFilter() {
    store.append(List.of(
        at(1, 0, Severity.WARN, "app", "slow query"),
        at(2, 1, Severity.ERROR, "gateway", "Connection refused"),
        at(3, 2, Severity.CRITICAL, "app", "OutOfMemoryError"),
        at(4, 3, Severity.INFO, "app", "started")));

    assertThat(ids(store.find(EventQuery.all()))).containsExactly(4L, 3L, 2L, 1L);
    assertThat(ids(store.find(EventQuery.builder().minSeverity(Severity.ERROR).build())))
        .containsExactly(3L, 2L);
    assertThat(ids(store.find(EventQuery.builder().source("app").build())))
        .containsExactly(4L, 3L, 1L);
    assertThat(ids(store.find(EventQuery.builder().text("CONNECTION").build())))
        .containsExactly(2L);
    assertThat(ids(store.find(EventQuery.builder()
        .from(T0.plus(Duration.ofMinutes(1))).to(T0.plus(Duration.ofMinutes(3))).build())))
        .containsExactly(3L, 2L);
    assertThat(ids(store.find(EventQuery.builder().category("API").build()))).hasSize(4);
    assertThat(ids(store.find(EventQuery.builder().category("memory").build()))).isEmpty();
    assertThat(ids(store.find(EventQuery.builder().fingerprint("fp-10").build())))
        .containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().source("app").minSeverity(Severity.WARN)
        .text("e").build()))).containsExactly(3L, 1L);
  }

  @Test
  void filtersByMinimumSeverityAtEachLevel() {
    store.append(List.of(
        event(1, T0, Severity.INFO, "app", "c", "i", "A"),
        event(2, T0.plusSeconds(1), Severity.WARN, "app", "c", "w", "A"),
        event(3, T0.plusSeconds(2), Severity.ERROR, "app", "c", "e", "A"),
        event(4, T0.plusSeconds(3), Severity.CRITICAL, "app", "c", "c", "A")));
    assertThat(ids(store.find(EventQuery.builder().minSeverity(Severity.INFO).build())))
        .containsExactly(4L, 3L, 2L, 1L);
    assertThat(ids(store.find(EventQuery.builder().minSeverity(Severity.WARN).build())))
        .containsExactly(4L, 3L, 2L);
    assertThat(ids(store.find(EventQuery.builder().minSeverity(Severity.ERROR).build())))
        .containsExactly(4L, 3L);
    assertThat(ids(store.find(EventQuery.builder().minSeverity(Severity.CRITICAL).build())))
        .containsExactly(4L);
  }

  @Test
  void filtersBySourceCategoryAndFingerprintExactly() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "m", "fp"),
        event(2, T0.plusSeconds(1), Severity.ERROR, "app-2", "db2", "m", "fp2"),
        event(3, T0.plusSeconds(2), Severity.ERROR, "APP", "db", "m", "FP"),
        event(4, T0.plusSeconds(3), Severity.ERROR, "ap", "d", "m", "f")));
    assertThat(ids(store.find(EventQuery.builder().source("app").build()))).containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().source("APP").build()))).containsExactly(3L);
    assertThat(ids(store.find(EventQuery.builder().source("ap%").build()))).isEmpty();
    assertThat(ids(store.find(EventQuery.builder().category("db").build())))
        .containsExactly(3L, 1L);
    assertThat(ids(store.find(EventQuery.builder().category("d_").build()))).isEmpty();
    assertThat(ids(store.find(EventQuery.builder().fingerprint("fp").build())))
        .containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().fingerprint("f%").build()))).isEmpty();
    assertThat(ids(store.find(EventQuery.builder().source("app").category("db2").build())))
        .isEmpty();
  }

  @Test
  void timeRangeIncludesItsStartAndExcludesItsEnd() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "c", "a", "A"),
        event(2, T0.plusMillis(1), Severity.ERROR, "app", "c", "b", "A"),
        event(3, T0.plusSeconds(2), Severity.ERROR, "app", "c", "c", "A")));
    assertThat(ids(store.find(EventQuery.builder().from(T0.plusMillis(1))
        .to(T0.plusSeconds(2)).build()))).containsExactly(2L);
    assertThat(ids(store.find(EventQuery.builder().from(T0.plusMillis(1)).build())))
        .containsExactly(3L, 2L);
    assertThat(ids(store.find(EventQuery.builder().to(T0.plusMillis(1)).build())))
        .containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().from(T0.plusSeconds(2))
        .to(T0.plusSeconds(2)).build()))).isEmpty();
  }

  @Test
  void limitsThePageAndSaysWhetherMoreExist() {
    for (int i = 1; i <= 5; i++) {
      store.append(List.of(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "c", "m", "A")));
    }
    Page<MonitorEvent> all = store.find(EventQuery.builder().limit(5).build());
    assertThat(ids(all)).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(all.hasMore()).isFalse();
    assertThat(all.nextCursor()).isNull();
    Page<MonitorEvent> some = store.find(EventQuery.builder().limit(4).build());
    assertThat(ids(some)).containsExactly(5L, 4L, 3L, 2L);
    assertThat(some.hasMore()).isTrue();
    assertThat(ids(store.find(EventQuery.builder().limit(1).build()))).containsExactly(5L);
  }

  @Test
  void pagesThroughEveryMatchWithoutGapsOrRepeats() {
    List<MonitorEvent> appended = new ArrayList<>();
    for (int batch = 0; batch < 6; batch++) {
      List<MonitorEvent> events = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long id = batch * 50L + i + 1;
        // three events share each millisecond: pages must split ties exactly
        events.add(event(id, T0.plusMillis(id / 3), Severity.values()[(int) (id % 4)], "app",
            "c", "event " + id, "fp" + id % 7));
      }
      store.append(events);
      appended.addAll(events);
    }
    EventQuery query = EventQuery.builder().minSeverity(Severity.WARN).limit(7).build();
    List<MonitorEvent> paged = new ArrayList<>();
    Page<MonitorEvent> page = store.find(query);
    int pages = 1;
    while (true) {
      assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
      paged.addAll(page.items());
      if (!page.hasMore()) {
        break;
      }
      page = store.find(query.toBuilder().after(page.nextCursor()).build());
      pages++;
    }
    List<MonitorEvent> expected = appended.stream()
        .filter(e -> e.severity().isAtLeast(Severity.WARN)).toList();
    assertThat(paged).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pages).isEqualTo((expected.size() + 6) / 7);
    assertThat(paged).isSortedAccordingTo(
        Comparator.comparing(MonitorEvent::timestamp).reversed());
    assertThat(store.find(query.toBuilder().limit(1000).build()).items())
        .containsExactlyElementsOf(paged);
  }

  @Test
  void cursorsStayStableWhileNewerEventsArrive() {
    for (int i = 1; i <= 25; i++) {
      store.append(List.of(at(i, i, Severity.ERROR, "app", "e" + i)));
    }
    EventQuery first = EventQuery.builder().limit(10).build();
    Page<MonitorEvent> page1 = store.find(first);
    assertThat(ids(page1)).startsWith(25L).endsWith(16L).hasSize(10);
    assertThat(page1.hasMore()).isTrue();

    store.append(List.of(at(26, 26, Severity.ERROR, "app", "new")));
    Page<MonitorEvent> page2 = store.find(first.toBuilder().after(page1.nextCursor()).build());
    assertThat(ids(page2)).startsWith(15L).endsWith(6L).hasSize(10);
    Page<MonitorEvent> page3 = store.find(first.toBuilder().after(page2.nextCursor()).build());
    assertThat(ids(page3)).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(page3.hasMore()).isFalse();
  }

  @Test
  void cursorsStayValidAcrossRetention() {
    for (int i = 1; i <= 6; i++) {
      store.append(List.of(at(i, i, Severity.ERROR, "app", "e" + i)));
    }
    Page<MonitorEvent> page1 = store.find(EventQuery.builder().limit(2).build());
    assertThat(ids(page1)).containsExactly(6L, 5L);
    store.deleteBefore(T0.plus(Duration.ofMinutes(2))); // removes 1
    Page<MonitorEvent> page2 = store.find(EventQuery.builder().limit(2)
        .after(page1.nextCursor()).build());
    assertThat(ids(page2)).containsExactly(4L, 3L);
    Page<MonitorEvent> page3 = store.find(EventQuery.builder().limit(2)
        .after(page2.nextCursor()).build());
    assertThat(ids(page3)).containsExactly(2L);
    assertThat(page3.hasMore()).isFalse();
  }

  @Test
  void rejectsForeignCursorsClearly() {
    assertThatThrownBy(() -> store.find(EventQuery.builder().after("not a cursor!").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid cursor 'not a cursor!'");
    assertThatThrownBy(() -> store.groups(EventQuery.builder().after("zz").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid cursor 'zz'");
  }

  @Test
  void appendingNothingChangesNothing() {
    store.append(List.of());
    assertThat(store.size()).isZero();
    assertThat(store.groupCount()).isZero();
    assertThat(store.find(EventQuery.all()).items()).isEmpty();
    assertThat(store.groups(EventQuery.all()).items()).isEmpty();
    assertThat(store.droppedCount()).isZero();
  }

  // ---- groups --------------------------------------------------------------------------------

  @Test
  void groupsCountEveryEventAndKeepTheLatest() {
    store.append(List.of(
        event(1, T0, Severity.WARN, "app", "db", "Timeout after 10 ms", "A"),
        event(2, T0.plusSeconds(1), Severity.ERROR, "gw", "api", "other", "B"),
        event(3, T0.plusSeconds(2), Severity.CRITICAL, "app", "db", "Timeout after 20 ms", "A")));
    MonitorEvent latest = event(5, T0.plusSeconds(4), Severity.WARN, "app", "db",
        "Timeout after 40 ms", "A");
    store.append(List.of(
        event(4, T0.plusSeconds(3), Severity.INFO, "app", "db", "Timeout after 30 ms", "A"),
        latest));

    List<EventGroup> groups = store.groups(EventQuery.all()).items();
    assertThat(groups).extracting(EventGroup::fingerprint).containsExactly("A", "B");
    EventGroup a = groups.get(0);
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.firstSeen()).isEqualTo(T0);
    assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(4));
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL); // the highest seen
    assertThat(a.latest()).isEqualTo(latest);
    assertThat(groups.get(1).count()).isEqualTo(1);
    assertThat(store.groupCount()).isEqualTo(2);
  }

  @Test
  void groupCountsSurviveTheDeletionOfTheirEvents() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "m", "A"),
        event(2, T0.plusSeconds(10), Severity.ERROR, "app", "db", "m", "A"),
        event(3, T0.plusSeconds(100), Severity.ERROR, "app", "db", "m", "A")));
    assertThat(store.deleteBefore(T0.plusSeconds(50))).isEqualTo(2);
    assertThat(ids(store.find(EventQuery.all()))).containsExactly(3L);
    assertThat(store.groups(EventQuery.all()).items()).singleElement().satisfies(g -> {
      assertThat(g.count()).isEqualTo(3);
      assertThat(g.firstSeen()).isEqualTo(T0);
      assertThat(g.lastSeen()).isEqualTo(T0.plusSeconds(100));
    });
    store.append(List.of(event(4, T0.plusSeconds(200), Severity.ERROR, "app", "db", "m", "A")));
    assertThat(store.groups(EventQuery.all()).items().get(0).count()).isEqualTo(4);
  }

  @Test
  void groupsFilterByTheirLatestEventAndPage() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "a", "A"),
        event(2, T0.plusSeconds(1), Severity.WARN, "gw", "api", "b", "B"),
        event(3, T0.plusSeconds(2), Severity.CRITICAL, "app", "db", "a", "A")));
    Page<EventGroup> errors =
        store.groups(EventQuery.builder().minSeverity(Severity.ERROR).build());
    assertThat(errors.items()).extracting(EventGroup::fingerprint).containsExactly("A");
    assertThat(errors.items().get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store.groups(EventQuery.builder().source("gw").build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("B");
    assertThat(store.groups(EventQuery.builder().category("API").build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("B");
    assertThat(store.groups(EventQuery.builder().text("A").build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("A");
    assertThat(store.groups(EventQuery.builder().fingerprint("B").build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("B");

    Page<EventGroup> page1 = store.groups(EventQuery.builder().limit(1).build());
    assertThat(page1.items()).extracting(EventGroup::fingerprint).containsExactly("A");
    Page<EventGroup> page2 = store.groups(EventQuery.builder().limit(1)
        .after(page1.nextCursor()).build());
    assertThat(page2.items()).extracting(EventGroup::fingerprint).containsExactly("B");
    assertThat(page2.hasMore()).isFalse();
  }

  @Test
  void groupsTimeRangeAppliesToWhenTheyWereLastSeen() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "a", "A"),
        event(2, T0.plusSeconds(1), Severity.ERROR, "app", "db", "b", "B"),
        event(3, T0.plusSeconds(10), Severity.ERROR, "app", "db", "a", "A")));
    assertThat(store.groups(EventQuery.builder().from(T0.plusSeconds(5)).build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("A");
    assertThat(store.groups(EventQuery.builder().to(T0.plusSeconds(5)).build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("B");
    assertThat(store.groups(EventQuery.builder().from(T0.plusSeconds(1))
        .to(T0.plusSeconds(10)).build()).items())
        .extracting(EventGroup::fingerprint).containsExactly("B");
  }

  @Test
  void groupCursorsNeitherRepeatNorSkipWhenGroupsArrive() {
    for (int i = 1; i <= 5; i++) {
      store.append(List.of(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "db", "m", "G" + i)));
    }
    Page<EventGroup> page1 = store.groups(EventQuery.builder().limit(2).build());
    assertThat(page1.items()).extracting(EventGroup::fingerprint).containsExactly("G5", "G4");
    store.append(List.of(event(6, T0.plusSeconds(6), Severity.ERROR, "app", "db", "m", "G6")));
    Page<EventGroup> page2 = store.groups(EventQuery.builder().limit(2)
        .after(page1.nextCursor()).build());
    assertThat(page2.items()).extracting(EventGroup::fingerprint).containsExactly("G3", "G2");
  }

  @Test
  void pagesThroughEveryGroupWithoutGapsOrRepeats() {
    List<MonitorEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // four groups share each last-seen instant: pages must split ties exactly
      events.add(event(i + 1, T0.plusSeconds(i / 4), Severity.ERROR, "app", "db", "m",
          "G" + i));
    }
    store.append(events);
    EventQuery query = EventQuery.builder().limit(3).build();
    List<String> seen = new ArrayList<>();
    Page<EventGroup> page = store.groups(query);
    while (true) {
      page.items().forEach(g -> seen.add(g.fingerprint()));
      if (!page.hasMore()) {
        break;
      }
      page = store.groups(query.toBuilder().after(page.nextCursor()).build());
    }
    assertThat(seen).hasSize(40).doesNotHaveDuplicates();
    assertThat(store.groups(EventQuery.builder().limit(1000).build()).items())
        .extracting(EventGroup::fingerprint).containsExactlyElementsOf(seen);
    assertThat(store.groups(EventQuery.builder().limit(1000).build()).items())
        .extracting(EventGroup::lastSeen).isSortedAccordingTo(Comparator.reverseOrder());
  }

  // ---- stats ---------------------------------------------------------------------------------

  @Test
  void statsCountTheWindowOnly() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "x", "A"),
        event(2, T0.plusSeconds(10), Severity.ERROR, "app", "db", "x", "A"),
        event(3, T0.plusSeconds(20), Severity.CRITICAL, "gw", "memory", "y", "B"),
        event(4, T0.plusSeconds(30), Severity.WARN, "gw", "db", "z", "C"),
        event(5, T0.plusSeconds(40), Severity.ERROR, "app", "db", "x", "A")));
    EventStats stats = store.stats(T0.plusSeconds(5), T0.plusSeconds(40), 2);
    assertThat(stats.from()).isEqualTo(T0.plusSeconds(5));
    assertThat(stats.to()).isEqualTo(T0.plusSeconds(40));
    assertThat(stats.total()).isEqualTo(3);
    assertThat(stats.bySeverity()).containsEntry(Severity.ERROR, 1L)
        .containsEntry(Severity.CRITICAL, 1L).containsEntry(Severity.WARN, 1L)
        .containsEntry(Severity.INFO, 0L);
    assertThat(stats.atLeast(Severity.ERROR)).isEqualTo(2);
    assertThat(stats.byCategory()).containsExactly(Map.entry("db", 2L), Map.entry("memory", 1L));
    assertThat(stats.bySource()).containsExactly(Map.entry("gw", 2L), Map.entry("app", 1L));
    assertThat(stats.topGroups()).hasSize(2);
    assertThat(stats.topGroups().get(0).count()).isEqualTo(1);
  }

  @Test
  void statsTopGroupsAreCountedWithinTheWindow() {
    MonitorEvent latestA = event(6, T0.plusSeconds(40), Severity.WARN, "app", "db", "a4", "A");
    store.append(List.of(
        event(1, T0, Severity.CRITICAL, "app", "db", "a0", "A"), // before the window
        event(2, T0.plusSeconds(10), Severity.ERROR, "app", "db", "a1", "A"),
        event(3, T0.plusSeconds(15), Severity.ERROR, "gw", "api", "b1", "B"),
        event(4, T0.plusSeconds(20), Severity.ERROR, "app", "db", "a2", "A"),
        event(5, T0.plusSeconds(25), Severity.ERROR, "gw", "api", "b2", "B"),
        latestA,
        event(7, T0.plusSeconds(45), Severity.INFO, "x", "y", "c", "C"),
        event(8, T0.plusSeconds(60), Severity.ERROR, "app", "db", "a5", "A"))); // after it
    EventStats stats = store.stats(T0.plusSeconds(10), T0.plusSeconds(60), 2);
    assertThat(stats.total()).isEqualTo(6);
    assertThat(stats.topGroups()).extracting(EventGroup::fingerprint).containsExactly("A", "B");
    EventGroup a = stats.topGroups().get(0);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.firstSeen()).isEqualTo(T0.plusSeconds(10));
    assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(40));
    assertThat(a.severity()).isEqualTo(Severity.ERROR);
    assertThat(a.latest()).isEqualTo(latestA);
    assertThat(stats.topGroups().get(1).count()).isEqualTo(2);

    assertThat(store.stats(T0.plusSeconds(10), T0.plusSeconds(60), 0).topGroups()).isEmpty();
    assertThat(store.stats(T0, T0.plusSeconds(100), 10).topGroups())
        .extracting(EventGroup::fingerprint).containsExactly("A", "B", "C");
  }

  @Test
  void statsOfAnEmptyWindowCountZero() {
    store.append(List.of(event(1, T0, Severity.ERROR, "app", "db", "x", "A")));
    EventStats stats = store.stats(T0.plusSeconds(1), T0.plusSeconds(2), 10);
    assertThat(stats.total()).isZero();
    assertThat(stats.bySeverity()).hasSize(Severity.values().length).containsValue(0L)
        .doesNotContainValue(1L);
    assertThat(stats.byCategory()).isEmpty();
    assertThat(stats.bySource()).isEmpty();
    assertThat(stats.topGroups()).isEmpty();
  }

  @Test
  void statsRejectANegativeTopGroupCount() {
    assertThatThrownBy(() -> store.stats(T0, T0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topGroups must not be negative but was -1");
  }

  // ---- retention and sizes -------------------------------------------------------------------

  @Test
  void deletesEventsAndGroupsLastSeenBeforeTheCutoff() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "old", "A"),
        event(2, T0.plusSeconds(10), Severity.ERROR, "app", "db", "old too", "B"),
        event(3, T0.plusSeconds(20), Severity.ERROR, "app", "db", "at the cutoff", "C"),
        event(4, T0.plusSeconds(30), Severity.ERROR, "app", "db", "new", "B")));
    assertThat(store.size()).isEqualTo(4);
    assertThat(store.groupCount()).isEqualTo(3);

    assertThat(store.deleteBefore(T0.plusSeconds(20))).isEqualTo(2);
    assertThat(ids(store.find(EventQuery.all()))).containsExactly(4L, 3L);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.groups(EventQuery.all()).items()).extracting(EventGroup::fingerprint)
        .containsExactly("B", "C"); // A was last seen before the cutoff
    assertThat(store.groupCount()).isEqualTo(2);

    assertThat(store.deleteBefore(T0.plusSeconds(20))).isZero();
    assertThat(store.deleteBefore(T0.plusSeconds(31))).isEqualTo(2);
    assertThat(store.size()).isZero();
    assertThat(store.groupCount()).isZero();
    store.append(List.of(event(5, T0.plusSeconds(40), Severity.ERROR, "app", "db", "n", "A")));
    assertThat(ids(store.find(EventQuery.all()))).containsExactly(5L);
    assertThat(store.groups(EventQuery.all()).items()).singleElement()
        .satisfies(g -> assertThat(g.count()).isEqualTo(1)); // a new group, counted afresh
  }

  @Test
  void countsEventsAndGroupsAcrossBatches() {
    for (int batch = 0; batch < 3; batch++) {
      List<MonitorEvent> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int id = batch * 20 + i + 1;
        events.add(event(id, T0.plusSeconds(id), Severity.ERROR, "app", "db", "m", "G" + id % 9));
      }
      store.append(events);
      assertThat(store.size()).isEqualTo(20L * (batch + 1));
    }
    assertThat(store.groupCount()).isEqualTo(9);
    long counted = store.groups(EventQuery.builder().limit(1000).build()).items().stream()
        .mapToLong(EventGroup::count).sum();
    assertThat(counted).isEqualTo(60);
  }

  // ---- hostile text --------------------------------------------------------------------------

  @Test
  void keepsHostileTextVerbatim() {
    List<String> messages = List.of(
        "数据库连接失败 🔥 after 3 retries",
        "خطأ في الاتصال بقاعدة البيانات",
        "café vs cafe\u0301, Ǆ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "<script>alert('x')</script> &amp; <b>bold</b>",
        "'; DROP TABLE vigil_events; -- \" \\ `",
        "C:\\temp\\new\tfolder\r\nsecond line",
        "{\"json\": [1, 2], \"nested\": {\"k\": null}}");
    List<MonitorEvent> events = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      events.add(new MonitorEvent(i + 1, T0.plusSeconds(i), "src '\"<x>", Severity.ERROR,
          "cat's", LogLevel.ERROR, messages.get(i), "ünïcode.Logger", "thread «1»", null,
          Map.of("html", "<img src=x onerror=alert(1)>", "quote's", "\"v\"", "emoji🔑", "🔒"),
          Map.of("k", "\\back\\slash"), "rule \"x\"", "fp'" + i));
    }
    store.append(events);
    List<MonitorEvent> newestFirst = new ArrayList<>(events);
    Collections.reverse(newestFirst);
    assertThat(store.find(EventQuery.all()).items()).containsExactlyElementsOf(newestFirst);
    assertThat(ids(store.find(EventQuery.builder().text("🔥").build()))).containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().text("<script>").build())))
        .containsExactly(4L);
    assertThat(ids(store.find(EventQuery.builder().text("DROP TABLE").build())))
        .containsExactly(5L);
    assertThat(ids(store.find(EventQuery.builder().text("\\temp\\").build())))
        .containsExactly(6L);
    assertThat(ids(store.find(EventQuery.builder().text("قاعدة").build()))).containsExactly(2L);
    assertThat(ids(store.find(EventQuery.builder().source("src '\"<x>").category("cat's")
        .fingerprint("fp'4").build()))).containsExactly(5L);
  }

  @Test
  void textFilterTreatsPercentUnderscoreAndBackslashLiterally() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "c", "100% done", "A"),
        event(2, T0.plusSeconds(1), Severity.ERROR, "app", "c", "100 done", "A"),
        event(3, T0.plusSeconds(2), Severity.ERROR, "app", "c", "a_b", "A"),
        event(4, T0.plusSeconds(3), Severity.ERROR, "app", "c", "axb", "A"),
        event(5, T0.plusSeconds(4), Severity.ERROR, "app", "c", "back\\slash", "A"),
        event(6, T0.plusSeconds(5), Severity.ERROR, "app", "c", "[a-z]* ^$ .+?", "A")));
    assertThat(ids(store.find(EventQuery.builder().text("100%").build()))).containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().text("%").build()))).containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().text("a_b").build()))).containsExactly(3L);
    assertThat(ids(store.find(EventQuery.builder().text("_").build()))).containsExactly(3L);
    assertThat(ids(store.find(EventQuery.builder().text("\\").build()))).containsExactly(5L);
    assertThat(ids(store.find(EventQuery.builder().text("k\\s").build()))).containsExactly(5L);
    assertThat(ids(store.find(EventQuery.builder().text("[a-z]*").build())))
        .containsExactly(6L);
    assertThat(ids(store.find(EventQuery.builder().text(".+?").build()))).containsExactly(6L);
  }

  @Test
  void textFilterIgnoresCaseBeyondAscii() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "c", "ÄRGER im Büro", "A"),
        event(2, T0.plusSeconds(1), Severity.ERROR, "app", "c", "Ошибка соединения", "A"),
        event(3, T0.plusSeconds(2), Severity.ERROR, "app", "c", "ΣΦΑΛΜΑ δίσκου", "A")));
    assertThat(ids(store.find(EventQuery.builder().text("ärger").build()))).containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().text("BÜRO").build()))).containsExactly(1L);
    assertThat(ids(store.find(EventQuery.builder().text("ОШИБКА").build())))
        .containsExactly(2L);
    assertThat(ids(store.find(EventQuery.builder().text("σφαλμα").build())))
        .containsExactly(3L);
    assertThat(ids(store.find(EventQuery.builder().text("ΔΊΣΚΟΥ").build())))
        .containsExactly(3L);
  }

  @Test
  void keepsHugeMessages() {
    // the pipeline cuts messages at Monitor.Builder.maxMessageLength, which has no upper bound
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 1_000_000) {
      sb.append("line ").append(sb.length()).append(" – ünïcødé 😀 <tag> 50% a_b\n");
    }
    String huge = sb.append("needle at the end").toString();
    MonitorEvent event = new MonitorEvent(1, T0, "app", Severity.ERROR, "c", LogLevel.ERROR,
        huge, "l", "t", null, Map.of("big", huge.substring(0, 100_000)), Map.of(), null, "A");
    store.append(List.of(event, event(2, T0.plusSeconds(1), Severity.ERROR, "app", "c", "small",
        "B")));
    assertThat(store.find(EventQuery.builder().text("NEEDLE AT THE END").build()).items())
        .singleElement().isEqualTo(event);
    assertThat(store.groups(EventQuery.builder().fingerprint("A").build()).items())
        .singleElement().satisfies(g -> assertThat(g.latest()).isEqualTo(event));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Returns an event with the usual logging fields. */
  protected static MonitorEvent event(long id, Instant at, Severity severity, String source,
      String category, String message, String fingerprint) {
    return new MonitorEvent(id, at, source, severity, category, LogLevel.ERROR, message,
        "com.acme.Service", "main", null, Map.of(), Map.of(), null, fingerprint);
  }

  /** Returns an event {@code minute} minutes after {@link #T0} in category {@code api}. */
  protected static MonitorEvent at(long id, int minute, Severity severity, String source,
      String message) {
    return event(id, T0.plus(Duration.ofMinutes(minute)), severity, source, "api", message,
        "fp-" + message.length());
  }

  /** Returns the ids of a page's events, in order. */
  protected static List<Long> ids(Page<MonitorEvent> page) {
    return page.items().stream().map(MonitorEvent::id).toList();
  }
}
