package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory store: the contract, and its bounds, eviction and lock. */
class InMemoryEventStoreTest extends EventStoreContract {

  @Override
  protected EventStore newStore() {
    return EventStore.inMemory(10_000);
  }

  @Test
  void evictsOldestBeyondCapacityButGroupsKeepCounting() {
    EventStore small = EventStore.inMemory(100);
    List<MonitorEvent> batch = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      batch.add(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "db", "Timeout after " + i,
          "same"));
    }
    small.append(batch);
    assertThat(small.size()).isEqualTo(100);
    assertThat(ids(small.find(EventQuery.builder().limit(1000).build())))
        .startsWith(250L).endsWith(151L);
    Page<EventGroup> groups = small.groups(EventQuery.all());
    assertThat(groups.items()).singleElement().satisfies(g -> {
      assertThat(g.count()).isEqualTo(250);
      assertThat(g.firstSeen()).isEqualTo(T0.plusSeconds(1));
      assertThat(g.lastSeen()).isEqualTo(T0.plusSeconds(250));
      assertThat(g.latest().id()).isEqualTo(250);
    });
  }

  @Test
  void boundsGroupsEvictingTheLeastRecentlySeen() {
    EventStore small = EventStore.inMemory(100);
    List<MonitorEvent> batch = new ArrayList<>();
    for (int i = 1; i <= 150; i++) {
      batch.add(event(i, T0.plusSeconds(i), Severity.ERROR, "app", "db", "m", "fp" + i));
    }
    batch.add(event(151, T0.plusSeconds(151), Severity.ERROR, "app", "db", "m", "fp1"));
    small.append(batch);
    assertThat(small.groupCount()).isEqualTo(100);
    List<String> kept = small.groups(EventQuery.builder().limit(1000).build()).items().stream()
        .map(EventGroup::fingerprint).toList();
    assertThat(kept).startsWith("fp1", "fp150").doesNotContain("fp2", "fp51").contains("fp52");
  }

  @Test
  void deletesInArrivalOrderSoAStragglerWaitsForNewerEvents() {
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
  }
}
