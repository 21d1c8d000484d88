package dev.vigil.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import dev.vigil.ManualClock;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.Subscription;
import dev.vigil.VigilMeters;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineMonitorTest {

  /** A classifier with two rules, enough to see classification flow through the pipeline. */
  static final Classifier RULES = new Classifier() {
    @Override
    public Classification classify(CharSequence line) {
      return classify(line, null, null, null);
    }

    @Override
    public Classification classify(CharSequence message, LogLevel level, String logger,
        String source) {
      String text = message.toString();
      if (text.contains("Connection refused")) {
        return Classification.of("connection-refused", Severity.CRITICAL, "connection");
      }
      if (text.contains("slow query")) {
        return Classification.of("slow-query", Severity.WARN, "database");
      }
      return Classification.NONE;
    }
  };

  private final ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Monitor monitor;

  @AfterEach
  void close() {
    if (monitor != null) {
      monitor.close();
    }
  }

  private Monitor.Builder builder() {
    return Monitor.builder().name("test-" + System.nanoTime()).classifier(RULES).clock(clock)
        .meterRegistry(registry);
  }

  @Test
  void capturesClassifiesAndStoresEvents() {
    monitor = builder().build();
    monitor.log(LogLevel.ERROR, "Payment failed", new IllegalStateException("card declined"));
    monitor.event(LogLevel.WARN, "slow query took 2300 ms").logger("com.acme.Repo")
        .context("requestId", "r-42").tag("platform", "tiktok").capture();
    monitor.ingest("whatsapp-gateway", "2026-11-21 10:00:00 INFO Connection refused to db");
    monitor.log(LogLevel.INFO, "Started in 2.1 s");
    monitor.close();

    List<MonitorEvent> events = monitor.events(EventQuery.all()).items();
    assertThat(events).hasSize(3);
    MonitorEvent refused = events.get(0);
    assertThat(refused.source()).isEqualTo("whatsapp-gateway");
    assertThat(refused.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(refused.category()).isEqualTo("connection");
    assertThat(refused.ruleId()).isEqualTo("connection-refused");
    assertThat(refused.level()).isNull();

    MonitorEvent slow = events.get(1);
    assertThat(slow.severity()).isEqualTo(Severity.WARN);
    assertThat(slow.logger()).isEqualTo("com.acme.Repo");
    assertThat(slow.context()).containsEntry("requestId", "r-42");
    assertThat(slow.tags()).containsEntry("platform", "tiktok");
    assertThat(slow.thread()).isEqualTo(Thread.currentThread().getName());

    MonitorEvent payment = events.get(2);
    assertThat(payment.source()).isEqualTo(monitor.name());
    assertThat(payment.severity()).isEqualTo(Severity.ERROR);
    assertThat(payment.category()).isEqualTo(MonitorEvent.UNCATEGORIZED);
    assertThat(payment.exception().type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(payment.exception().message()).isEqualTo("card declined");
    assertThat(payment.exception().frames()).isNotEmpty();
    assertThat(payment.timestamp()).isEqualTo(clock.instant());
    assertThat(events).extracting(MonitorEvent::id).doesNotHaveDuplicates();
  }

  @Test
  void readsJsonLinesAsStructuredEventsAndBrokenJsonAsText() {
    monitor = builder().build();
    monitor.ingest("gateway", "{\"timestamp\":\"2026-11-21T09:59:00Z\",\"level\":\"error\","
        + "\"service\":\"whatsapp-gateway\",\"message\":\"sendMessage failed: 502\","
        + "\"logger\":\"wa.Sender\",\"context\":{\"chatId\":\"33612345678@c.us\"},"
        + "\"requestId\":\"wa-1\",\"stack_trace\":\"java.io.IOException: stream closed\\n"
        + "\\tat wa.Sender.send(Sender.java:10)\"}");
    monitor.ingest("gateway", "{\"level\": \"error\", broken Connection refused");
    monitor.close();
    List<MonitorEvent> events = monitor.events(EventQuery.all()).items();
    assertThat(events).hasSize(2);
    MonitorEvent text = events.get(0);
    assertThat(text.source()).isEqualTo("gateway");
    assertThat(text.category()).isEqualTo("connection");
    MonitorEvent json = events.get(1);
    assertThat(json.source()).isEqualTo("whatsapp-gateway");
    assertThat(json.level()).isEqualTo(LogLevel.ERROR);
    assertThat(json.severity()).isEqualTo(Severity.ERROR);
    assertThat(json.message()).isEqualTo("sendMessage failed: 502");
    assertThat(json.logger()).isEqualTo("wa.Sender");
    assertThat(json.timestamp()).isEqualTo(Instant.parse("2026-11-21T09:59:00Z"));
    assertThat(json.context()).containsEntry("chatId", "33612345678@c.us")
        .containsEntry("requestId", "wa-1");
    assertThat(json.exception().type()).isEqualTo("java.io.IOException");
    assertThat(json.exception().frames()).containsExactly("wa.Sender.send(Sender.java:10)");
  }

  @Test
  void metricsFeedMicrometerAndTheWindowsAlertsRead() {
    monitor = builder().build();
    monitor.increment("upload.failure", "platform", "tiktok");
    monitor.increment("upload.failure", 2, "platform", "tiktok");
    monitor.increment("upload.failure", "platform", "youtube");
    monitor.time("webhook.latency", Duration.ofMillis(250));
    monitor.record("webhook.latency", 750);
    monitor.counter("oauth.failure", "platform", "x").increment();
    assertThat(monitor.series().window(SeriesKey.of("upload.failure", "platform", "tiktok"),
        Duration.ofMinutes(1)).sum()).isEqualTo(3);
    assertThat(monitor.series().keys("upload.failure")).hasSize(2);
    assertThat(registry.get("upload.failure").tag("platform", "tiktok").functionCounter().count())
        .isEqualTo(3);
    assertThat(monitor.series().lastSamples(SeriesKey.of("webhook.latency"), 50).mean())
        .isEqualTo(500);
    assertThat(monitor.time("work", () -> 42)).isEqualTo(42);

    monitor.log(LogLevel.ERROR, "boom");
    await().until(() -> !monitor.series().keys(VigilMeters.EVENTS).isEmpty());
    assertThat(monitor.series().keys(VigilMeters.EVENTS)).singleElement()
        .satisfies(k -> assertThat(k.tag("severity")).isEqualTo("ERROR"));

    registry.counter("app.own").increment(); // the application's own meter stays
    monitor.close();
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
        .containsExactly("app.own"); // a closed monitor leaves nothing behind
  }

  @Test
  void countsEveryClassifiedEventButStoresOnlyFromTheThreshold() {
    monitor = builder().build();
    for (int i = 0; i < 5; i++) {
      monitor.log(LogLevel.INFO, "request served");
    }
    monitor.log(LogLevel.INFO, "Connection refused (promoted by a rule)");
    await().until(() -> monitor.eventStore().size() == 1);
    assertThat(monitor.events(EventQuery.all()).items()).singleElement()
        .extracting(MonitorEvent::severity).isEqualTo(Severity.CRITICAL);
    assertThat(registry.get(VigilMeters.EVENTS).tag("severity", "INFO").functionCounter().count())
        .isEqualTo(5);
    assertThat(registry.get(VigilMeters.EVENTS).tag("severity", "CRITICAL")
        .tag("category", "connection").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFullWithoutBlocking() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingStore store = new BlockingStore(release);
    monitor = builder().eventStore(store).queueCapacity(64).storeThreshold(Severity.INFO).build();
    monitor.log(LogLevel.ERROR, "first"); // the pipeline takes it and blocks in the store
    await().until(() -> store.entered.getCount() == 0);
    int accepted = 0;
    long slowest = 0;
    for (int i = 0; i < 1_000; i++) {
      long start = System.nanoTime();
      if (monitor.log(LogLevel.ERROR, "e" + i)) {
        accepted++;
      }
      slowest = Math.max(slowest, System.nanoTime() - start);
    }
    assertThat(accepted).isEqualTo(64);
    assertThat(slowest).isLessThan(Duration.ofMillis(100).toNanos());
    assertThat(registry.get(VigilMeters.QUEUE_DROPPED).functionCounter().count()).isEqualTo(936);
    release.countDown();
    monitor.close();
    assertThat(store.appended.get()).isEqualTo(65);
  }

  @Test
  void reportsTheEventsTheStoreLostAsACounter() {
    CountingStore store = new CountingStore() {
      @Override
      public long droppedCount() {
        return appended.get() * 2; // stands for a store that lost events it accepted
      }
    };
    monitor = builder().eventStore(store).storeThreshold(Severity.INFO).build();
    assertThat(registry.get(VigilMeters.STORE_DROPPED).tag("monitor", monitor.name())
        .functionCounter().count()).isZero();
    monitor.log(LogLevel.ERROR, "one");
    monitor.log(LogLevel.ERROR, "two");
    await().until(() -> store.appended.get() == 2);
    assertThat(registry.get(VigilMeters.STORE_DROPPED).functionCounter().count()).isEqualTo(4);
    monitor.close();
    assertThat(registry.find(VigilMeters.STORE_DROPPED).meter()).isNull();
  }

  @Test
  void closeDrainsWhatWasAcceptedAndRejectsTheRest() {
    monitor = builder().storeThreshold(Severity.INFO).build();
    for (int i = 0; i < 10_000; i++) {
      monitor.log(LogLevel.WARN, "event " + i);
    }
    monitor.close();
    assertThat(((PipelineMonitor) monitor).droppedCount()).isZero();
    assertThat(registry.find(VigilMeters.QUEUE_DROPPED).meter()).isNull(); // removed on close
    assertThat(monitor.eventStore().size()).isEqualTo(10_000);
    assertThat(monitor.log(LogLevel.ERROR, "after close")).isFalse();
    monitor.close(); // idempotent
  }

  @Test
  void expiresEventsAfterTheRetentionWithAnInjectedClock() {
    monitor = builder().retention(Duration.ofDays(7)).build();
    monitor.log(LogLevel.ERROR, "old");
    clock.advance(Duration.ofDays(6));
    monitor.log(LogLevel.ERROR, "recent");
    await().until(() -> monitor.eventStore().size() == 2);
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    ((PipelineMonitor) monitor).maintain();
    assertThat(monitor.events(EventQuery.all()).items()).extracting(MonitorEvent::message)
        .containsExactly("recent");
    assertThat(monitor.stats(Duration.ofDays(2)).total()).isEqualTo(1);
    assertThat(monitor.stats(Duration.ofHours(1)).total()).isZero();
  }

  @Test
  void groupsRepeatsOfOneProblem() {
    monitor = builder().build();
    for (int i = 0; i < 10_000; i++) {
      monitor.log(LogLevel.ERROR, "Timeout after " + (1000 + i) + " ms calling 10.0.0." + (i % 200));
    }
    monitor.log(LogLevel.ERROR, "Disk full on /var");
    monitor.close();
    Page<EventGroup> groups = monitor.groups(EventQuery.all());
    assertThat(groups.items()).hasSize(2);
    assertThat(groups.items()).extracting(EventGroup::count).containsExactlyInAnyOrder(10_000L, 1L);
  }

  @Test
  void aSlowListenerLosesItsOwnEventsOnly() throws Exception {
    monitor = builder().build();
    CountDownLatch gate = new CountDownLatch(1);
    List<MonitorEvent> fast = new CopyOnWriteArrayList<>();
    Subscription slow = monitor.subscribe(e -> {
      try {
        gate.await();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }, 10);
    Subscription quick = monitor.subscribe(fast::add);
    Subscription failing = monitor.subscribe(e -> {
      throw new IllegalStateException("listener bug");
    });
    for (int i = 0; i < 500; i++) {
      monitor.log(LogLevel.ERROR, "e" + i);
    }
    await().until(() -> fast.size() == 500);
    assertThat(slow.dropped()).isGreaterThanOrEqualTo(500 - 10 - 1);
    assertThat(quick.dropped()).isZero();
    await().until(() -> failing.failures() == 500);
    gate.countDown();
    assertThat(monitor.eventStore().size()).isEqualTo(500);
    slow.close();
    assertThat(registry.get(VigilMeters.LISTENER_DROPPED).functionCounter().count())
        .as("cumulative: closing a subscription does not take its drops back")
        .isEqualTo(slow.dropped() + quick.dropped() + failing.dropped());
  }

  @Test
  void exactAccountingUnderLoad() throws Exception {
    CountingStore store = new CountingStore();
    monitor = builder().eventStore(store).queueCapacity(8_192).build();
    int threads = 8;
    int perThread = 1_000_000;
    CountDownLatch start = new CountDownLatch(1);
    AtomicLong accepted = new AtomicLong();
    AtomicLong slowestOffer = new AtomicLong();
    Thread[] producers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      producers[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        long mine = 0;
        long slowest = 0;
        for (int i = 0; i < perThread; i++) {
          long t0 = System.nanoTime();
          if (monitor.log(LogLevel.ERROR, "load")) {
            mine++;
          }
          slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        accepted.addAndGet(mine);
        slowestOffer.accumulateAndGet(slowest, Math::max);
      });
      producers[t].start();
    }
    start.countDown();
    for (Thread p : producers) {
      p.join();
    }
    monitor.close();
    long produced = (long) threads * perThread;
    long dropped = produced - accepted.get();
    assertThat(store.appended.get()).isEqualTo(accepted.get());
    assertThat(store.appended.get() + dropped).isEqualTo(produced);
    assertThat(((PipelineMonitor) monitor).droppedCount()).isEqualTo(dropped);
    // An offer never waits for the pipeline: even the slowest (a GC pause, a preemption) is short.
    assertThat(slowestOffer.get()).isLessThan(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void closeWhileProducersRunLosesNothingUncounted() throws Exception {
    for (int round = 0; round < 20; round++) {
      CountingStore store = new CountingStore();
      Monitor m = builder().eventStore(store).queueCapacity(1_024).build();
      int threads = 4;
      AtomicLong accepted = new AtomicLong();
      AtomicLong attempted = new AtomicLong();
      CountDownLatch started = new CountDownLatch(threads);
      Thread[] producers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        producers[t] = new Thread(() -> {
          started.countDown();
          for (int i = 0; i < 200_000; i++) {
            attempted.incrementAndGet();
            if (m.log(LogLevel.ERROR, "racing close")) {
              accepted.incrementAndGet();
            }
          }
        });
        producers[t].start();
      }
      started.await();
      m.close(); // while the producers still offer
      for (Thread p : producers) {
        p.join();
      }
      long dropped = ((PipelineMonitor) m).droppedCount();
      assertThat(store.appended.get()).as("round %d", round).isEqualTo(accepted.get());
      assertThat(store.appended.get() + dropped).as("round %d", round)
          .isEqualTo(attempted.get());
    }
  }

  @Test
  void aStoreSlowerThanTheShutdownTimeoutDoesNotHoldCloseAndLosesNothingUncounted()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingStore store = new BlockingStore(release);
    Monitor m = builder().eventStore(store).shutdownTimeout(Duration.ofMillis(200)).build();
    m.log(LogLevel.ERROR, "first");
    await().until(() -> store.entered.getCount() == 0); // the pipeline is stuck in the store
    for (int i = 0; i < 100; i++) {
      assertThat(m.log(LogLevel.ERROR, "queued " + i)).isTrue();
    }
    long start = System.nanoTime();
    m.close();
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(3).toNanos());
    release.countDown(); // the store recovers after the close gave up on it
    await().until(() -> store.appended.get() + ((PipelineMonitor) m).droppedCount() == 101);
    assertThat(store.appended.get()).isEqualTo(1);
  }

  @Test
  void aDeadStoreThreadCostsItsEventsCountedAndNoSpinningClose() throws Exception {
    EventStore dying = new BlockingStore(new CountDownLatch(0)) {
      @Override
      public void append(List<MonitorEvent> events) {
        throw new OutOfMemoryError("simulated: the store thread dies");
      }
    };
    Monitor m = builder().eventStore(dying).queueCapacity(64).build();
    long accepted = 0;
    for (int i = 0; i < 5_000; i++) {
      if (m.log(LogLevel.ERROR, "e" + i)) {
        accepted++;
      }
      if (i % 100 == 0) {
        Thread.sleep(1); // let the pipeline run, so that most events are accepted
      }
    }
    long start = System.nanoTime();
    m.close();
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(2).toNanos());
    long dropped = ((PipelineMonitor) m).droppedCount();
    // The batch the store thread died with is lost to the OutOfMemoryError (at most 256);
    // everything else is counted.
    assertThat(5_000 - dropped).isBetween(0L, 256L);
    assertThat(accepted).isGreaterThan(64);
  }

  @Test
  void anErrorInTheClassifierIsCountedAndThePipelineGoesOn() {
    Classifier broken = new Classifier() {
      @Override
      public Classification classify(CharSequence line) {
        throw new AssertionError("bug");
      }

      @Override
      public Classification classify(CharSequence message, LogLevel level, String logger,
          String source) {
        if (message.toString().startsWith("bad")) {
          throw new AssertionError("bug");
        }
        return Classification.NONE;
      }
    };
    monitor = builder().classifier(broken).build();
    monitor.log(LogLevel.ERROR, "bad one");
    monitor.log(LogLevel.ERROR, "good one");
    await().until(() -> monitor.eventStore().size() == 1);
    assertThat(registry.get(VigilMeters.PIPELINE_FAILURES).functionCounter().count())
        .isEqualTo(1);
  }

  @Test
  void anEventBuilderIsDoneOnceCaptured() {
    monitor = builder().build();
    dev.vigil.EventBuilder event = monitor.event(LogLevel.ERROR, "once");
    assertThat(event.capture()).isTrue();
    assertThatThrownBy(() -> event.context("late", "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(event::capture).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void namesAreUniqueAmongOpenMonitors() {
    monitor = builder().name("unique-name").build();
    assertThatThrownBy(() -> builder().name("unique-name").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a monitor named 'unique-name' is already open");
    // The refused build started no thread and registered no meter.
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(
        t -> t.getName().equals("vigil-pipeline-unique-name")).hasSize(1);
    assertThat(registry.find(VigilMeters.QUEUE_DROPPED).tag("monitor", "unique-name").meters())
        .hasSize(1);
    monitor.close();
    monitor = builder().name("unique-name").build(); // free again once closed
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> Monitor.builder().queueCapacity(0))
        .hasMessage("queueCapacity must be between 1 and 16777216 but was 0");
    assertThatThrownBy(() -> Monitor.builder().queueCapacity(Integer.MAX_VALUE))
        .hasMessageContaining("queueCapacity must be between 1 and 16777216");
    assertThatThrownBy(() -> Monitor.builder().retention(Duration.ZERO))
        .hasMessage("retention must be positive but was PT0S");
    assertThatThrownBy(() -> Monitor.builder().name(" "))
        .hasMessageContaining("name must be 1 to 128 non-blank chars");
    assertThatThrownBy(() -> Monitor.builder().maxMessageLength(10))
        .hasMessage("maxMessageLength must be at least 64 but was 10");
    try (Monitor m = builder().build()) {
      assertThatThrownBy(() -> m.subscribe(e -> { }, 0))
          .hasMessage("bufferSize must be positive but was 0");
    }
  }

  /** A store whose first append blocks until released. */
  static class BlockingStore implements EventStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release;
    final AtomicLong appended = new AtomicLong();

    BlockingStore(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public void append(List<MonitorEvent> events) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      appended.addAndGet(events.size());
    }

    @Override
    public Page<MonitorEvent> find(EventQuery query) {
      return Page.empty();
    }

    @Override
    public Page<EventGroup> groups(EventQuery query) {
      return Page.empty();
    }

    @Override
    public EventStats stats(Instant from, Instant to, int topGroups) {
      return new EventStats(from, to, 0, java.util.Map.of(), java.util.Map.of(),
          java.util.Map.of(), List.of());
    }

    @Override
    public long deleteBefore(Instant cutoff) {
      return 0;
    }

    @Override
    public long size() {
      return appended.get();
    }

    @Override
    public long groupCount() {
      return 0;
    }
  }

  /** A store that only counts. */
  static class CountingStore extends BlockingStore {
    CountingStore() {
      super(new CountDownLatch(0));
    }
  }
}
