package dev.vigil.store;

import static dev.vigil.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryEventStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private final EventStore store = EventStore.inMemory(100);

  private static MonitorEvent at(long id, int minute, Severity severity, String source,
      String message) {
    return event(id, T0.plus(Duration.ofMinutes(minute)), severity, source, "api", message,
        "fp-" + message.length());
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
  }

  @Test
  void pagesWithCursorsThatStayStableWhileEventsArrive() {
    for (int i = 1; i <= 25; i++) {
      store.append(List.of(at(i, i, Severity.ERROR, "app", "e" + i)));
    }
    EventQuery first = EventQuery.builder().limit(10).build();
    Page<MonitorEvent> page1 = store.find(first);
    assertThat(ids(page1)).startsWith(25L).endsWith(16L).hasSize(10);
    assertThat(page1.hasMore()).isTrue();

    store.append(List.of(at(26, 26, Severity.ERROR, "app", "new")));
    Page<MonitorEvent> page2 = store.find(first.toBuilder().after(page1.nextCursor()).build());
    assertThat(ids(page2)).startsWith(15L).endsWith(6L);
    Page<MonitorEvent> page3 = store.find(first.toBuilder().after(page2.nextCursor()).build());
    assertThat(ids(page3)).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(page3.hasMore()).isFalse();
  }

  @Test
  void rejectsForeignCursorsClearly() {
    assertThatThrownBy(() -> store.find(EventQuery.builder().after("not a cursor!").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid cursor 'not a cursor!'");
  }

  @Test
  void evictsOldestBeyondCapacityButGroupsKeepCounting() {
    List<MonitorEvent> batch = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      batch.add(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "db", "Timeout after " + i,
          "same"));
    }
    store.append(batch);
    assertThat(store.size()).isEqualTo(100);
    assertThat(ids(store.find(EventQuery.builder().limit(1000).build())))
        .startsWith(250L).endsWith(151L);
    Page<EventGroup> groups = store.groups(EventQuery.all());
    assertThat(groups.items()).singleElement().satisfies(g -> {
      assertThat(g.count()).isEqualTo(250);
      assertThat(g.firstSeen()).isEqualTo(T0.plusSeconds(1));
      assertThat(g.lastSeen()).isEqualTo(T0.plusSeconds(250));
      assertThat(g.latest().id()).isEqualTo(250);
    });
  }

  @Test
  void boundsGroupsEvictingTheLeastRecentlySeen() {
    List<MonitorEvent> batch = new ArrayList<>();
    for (int i = 1; i <= 150; i++) {
      batch.add(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "db", "m", "fp" + i));
    }
    batch.add(event(151, T0.plusSeconds(151), Severity.ERROR, "app", "db", "m", "fp1"));
    store.append(batch);
    assertThat(store.groupCount()).isEqualTo(100);
    List<String> kept = store.groups(EventQuery.builder().limit(1000).build()).items().stream()
        .map(EventGroup::fingerprint).toList();
    assertThat(kept).startsWith("fp1", "fp150").doesNotContain("fp2", "fp51").contains("fp52");
  }

  @Test
  void groupsFilterByTheirLatestEventAndPage() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "a", "A"),
        event(2, T0.plusSeconds(1), Severity.WARN, "gw", "api", "b", "B"),
        event(3, T0.plusSeconds(2), Severity.CRITICAL, "app", "db", "a", "A")));
    Page<EventGroup> errors = store.groups(EventQuery.builder().minSeverity(Severity.ERROR).build());
    assertThat(errors.items()).extracting(EventGroup::fingerprint).containsExactly("A");
    assertThat(errors.items().get(0).severity()).isEqualTo(Severity.CRITICAL);

    Page<EventGroup> page1 = store.groups(EventQuery.builder().limit(1).build());
    assertThat(page1.items()).extracting(EventGroup::fingerprint).containsExactly("A");
    Page<EventGroup> page2 = store.groups(EventQuery.builder().limit(1)
        .after(page1.nextCursor()).build());
    assertThat(page2.items()).extracting(EventGroup::fingerprint).containsExactly("B");
    assertThat(page2.hasMore()).isFalse();
  }

  @Test
  void statsCountTheWindowOnly() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "x", "A"),
        event(2, T0.plusSeconds(10), Severity.ERROR, "app", "db", "x", "A"),
        event(3, T0.plusSeconds(20), Severity.CRITICAL, "gw", "memory", "y", "B"),
        event(4, T0.plusSeconds(30), Severity.WARN, "gw", "db", "z", "C"),
        event(5, T0.plusSeconds(40), Severity.ERROR, "app", "db", "x", "A")));
    EventStats stats = store.stats(T0.plusSeconds(5), T0.plusSeconds(40), 2);
    assertThat(stats.total()).isEqualTo(3);
    assertThat(stats.bySeverity()).containsEntry(Severity.ERROR, 1L)
        .containsEntry(Severity.CRITICAL, 1L).containsEntry(Severity.WARN, 1L)
        .containsEntry(Severity.INFO, 0L);
    assertThat(stats.atLeast(Severity.ERROR)).isEqualTo(2);
    assertThat(stats.byCategory()).containsExactly(
        java.util.Map.entry("db", 2L), java.util.Map.entry("memory", 1L));
    assertThat(stats.bySource().keySet()).containsExactly("gw", "app");
    assertThat(stats.topGroups()).hasSize(2);
    assertThat(stats.topGroups().get(0).count()).isEqualTo(1);
  }

  @Test
  void deletesExpiredEventsOldestFirstAndOldGroups() {
    store.append(List.of(
        event(1, T0, Severity.ERROR, "app", "db", "old", "A"),
        event(2, T0.plusSeconds(100), Severity.ERROR, "app", "db", "new", "B"),
        event(3, T0.plusSeconds(5), Severity.ERROR, "gw", "db", "late straggler", "C"),
        event(4, T0.plusSeconds(200), Severity.ERROR, "app", "db", "newest", "B")));
    assertThat(store.deleteBefore(T0.plusSeconds(50))).isEqualTo(1);
    // The straggler arrived after a newer event: it expires when that one does.
    assertThat(ids(store.find(EventQuery.all()))).containsExactly(4L, 3L, 2L);
    assertThat(store.groupCount()).isEqualTo(1);
    assertThat(store.deleteBefore(T0.plusSeconds(150))).isEqualTo(2);
    assertThat(ids(store.find(EventQuery.all()))).containsExactly(4L);
    store.append(List.of(event(5, T0.plusSeconds(300), Severity.ERROR, "app", "db", "n", "D")));
    assertThat(ids(store.find(EventQuery.all()))).containsExactly(5L, 4L);
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
    assertThatThrownBy(() -> store.groups(EventQuery.builder().after("zz").build()))
        .hasMessageContaining("invalid cursor 'zz'");
  }

  @Test
  void readersSeeConsistentPagesWhileTheWriterAppends() throws Exception {
    EventStore small = EventStore.inMemory(1_000);
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        start.await();
        for (int i = 0; i < 2_000; i++) {
          List<MonitorEvent> items = small.find(EventQuery.builder().limit(50).build()).items();
          for (int j = 1; j < items.size(); j++) {
            assertThat(items.get(j).id()).isLessThan(items.get(j - 1).id());
          }
          small.stats(T0, T0.plusSeconds(1_000_000), 5);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    reader.start();
    start.countDown();
    for (int i = 1; i <= 20_000; i++) {
      small.append(List.of(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "db", "m",
          "fp" + (i % 37))));
    }
    reader.join();
    assertThat(failure.get()).isNull();
    assertThat(small.size()).isEqualTo(1_000);
  }

  @Test
  void validatesArguments() {
    assertThatThrownBy(() -> EventStore.inMemory(0))
        .hasMessage("maxEvents must be positive but was 0");
    assertThatThrownBy(() -> EventQuery.builder().limit(1001))
        .hasMessage("limit must be between 1 and 1000 but was 1001");
    assertThatThrownBy(() -> EventQuery.builder().from(T0).to(T0.minusSeconds(1)).build())
        .hasMessageContaining("must not be after");
    assertThatThrownBy(() -> store.stats(T0, T0, -1))
        .hasMessage("topGroups must not be negative but was -1");
  }

  private static List<Long> ids(Page<MonitorEvent> page) {
    return page.items().stream().map(MonitorEvent::id).toList();
  }
}
