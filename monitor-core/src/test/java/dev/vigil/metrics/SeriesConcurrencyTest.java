package dev.vigil.metrics;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.internal.MetricRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads writing one series while its buckets roll: totals must come out exact. The clock
 * is advanced by the writers themselves, so rolls race increments.
 */
class SeriesConcurrencyTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 50_000;
  private static final int ADVANCE_EVERY = 2_500; // 20 advances of 700 ms per thread: ~112 s

  private final ManualClock clock = new ManualClock();
  private final SeriesStore store =
      SeriesStore.inMemory(SeriesOptions.builder().clock(clock).build());
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutdown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    store.close();
  }

  /** Runs {@code body(thread)} on every thread at once, after a start gate. */
  private void race(ThreadBody body) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        body.run(thread);
        return null;
      }));
    }
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  private interface ThreadBody {
    void run(int thread) throws Exception;
  }

  @Test
  void concurrentIncrementsAcrossRollsSumExactly() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MetricRecorder recorder = new MetricRecorder(store, registry);
    SeriesCounter handle = recorder.counter("orders", "platform", "tiktok");
    long start = clock.millis();

    race(thread -> {
      for (int i = 1; i <= PER_THREAD; i++) {
        if (thread % 2 == 0) {
          handle.increment();
        } else {
          recorder.increment("orders", "platform", "tiktok");
        }
        if (i % ADVANCE_EVERY == 0) {
          clock.advance(ofMillis(700));
        }
      }
    });

    long total = (long) THREADS * PER_THREAD;
    assertThat(clock.millis() - start).isEqualTo(THREADS * (PER_THREAD / ADVANCE_EVERY) * 700L);
    SeriesKey key = SeriesKey.of("orders", "platform", "tiktok");
    assertThat(store.window(key, ofHours(1)).sum()).isEqualTo(total);
    assertThat(store.window(key, ofHours(6)).sum()).isEqualTo(total); // coarse ring too
    assertThat(store.buckets(key, ofHours(1), java.time.Duration.ofSeconds(10)).stream()
        .mapToDouble(WindowStats::sum).sum()).isEqualTo(total);
    assertThat(handle.count()).isEqualTo(total);
    assertThat(registry.get("orders").tag("platform", "tiktok").functionCounter().count())
        .isEqualTo(total);
  }

  @Test
  void concurrentRecordsAcrossRollsKeepExactCountSumMinAndMax() throws Exception {
    SeriesDistribution handle = store.distribution(SeriesKey.of("latency")).orElseThrow();

    race(thread -> {
      for (int i = 1; i <= PER_THREAD / 5; i++) {
        handle.record(thread * 1000 + i % 100); // min 0 (thread 0), max 7099 (thread 7)
        if (i % ADVANCE_EVERY == 0) {
          clock.advance(ofMillis(3_100));
        }
      }
    });

    long n = (long) THREADS * (PER_THREAD / 5);
    long sum = 0;
    for (int t = 0; t < THREADS; t++) {
      for (int i = 1; i <= PER_THREAD / 5; i++) {
        sum += t * 1000 + i % 100;
      }
    }
    WindowStats s = store.window(SeriesKey.of("latency"), ofHours(1));
    assertThat(s.count()).isEqualTo(n);
    assertThat(s.sum()).isEqualTo(sum);
    assertThat(s.min()).isEqualTo(0);
    assertThat(s.max()).isEqualTo(7099);
    assertThat(s.sampleCount()).isEqualTo(SeriesOptions.ofDefaults().sampleCapacity());
    assertThat(store.lastSamples(SeriesKey.of("latency"), 5000).count())
        .isEqualTo(SeriesOptions.ofDefaults().sampleCapacity());
  }

  @Test
  void concurrentCreationRespectsTheCap() throws Exception {
    SeriesStore capped = SeriesStore.inMemory(
        SeriesOptions.builder().clock(clock).maxSeries(100).build());
    race(thread -> {
      for (int i = 0; i < 200; i++) {
        capped.add(SeriesKey.of("x", "i", Integer.toString(i)), 1);
      }
    });
    assertThat(capped.keys("x")).hasSize(100);
    assertThat(capped.droppedSeries()).isEqualTo(THREADS * 100L);
    long counted = 0;
    for (SeriesKey k : capped.keys("x")) {
      counted += capped.window(k, ofHours(1)).count();
    }
    assertThat(counted).isEqualTo(THREADS * 100L);
  }
}
