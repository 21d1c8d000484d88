package dev.vigil.metrics;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.metrics.internal.MetricRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricRecorderTest {

  private final ManualClock clock = new ManualClock();
  private final SeriesStore store =
      SeriesStore.inMemory(SeriesOptions.builder().clock(clock).build());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MetricRecorder recorder = new MetricRecorder(store, registry);

  @AfterEach
  void close() {
    store.close();
  }

  private double window(String name, String... tags) {
    return store.window(SeriesKey.of(name, tags), ofMinutes(1)).sum();
  }

  @Test
  void countersFeedTheWindowAndAMicrometerFunctionCounterWithOneTotal() {
    recorder.increment("orders", "platform", "tiktok");
    recorder.increment("orders", 2.5, "platform", "tiktok");
    recorder.counter("orders", "platform", "tiktok").increment();
    recorder.increment("orders", "platform", "shopify");
    recorder.increment("orders", -3, "platform", "shopify"); // ignored

    FunctionCounter tiktok = registry.get("orders").tag("platform", "tiktok").functionCounter();
    assertThat(tiktok.count()).isEqualTo(4.5);
    assertThat(window("orders", "platform", "tiktok")).isEqualTo(4.5);
    assertThat(registry.get("orders").tag("platform", "shopify").functionCounter().count())
        .isEqualTo(1);
    assertThat(window("orders", "platform", "shopify")).isEqualTo(1);
    assertThat(store.keys("orders")).hasSize(2);
  }

  @Test
  void handlesAreResolvedOncePerSeriesWhateverTheTagOrder() {
    SeriesCounter a = recorder.counter("orders", "platform", "tiktok", "region", "eu");
    SeriesCounter b = recorder.counter("orders", "region", "eu", "platform", "tiktok");
    SeriesCounter c = recorder.counter(new String("orders"), "platform", new String("tiktok"),
        "region", "eu");
    assertThat(b).isSameAs(a);
    assertThat(c).isSameAs(a);
    assertThat(recorder.distribution("latency")).isSameAs(recorder.distribution("latency"));
    assertThat(recorder.timer("latency.t")).isSameAs(recorder.timer("latency.t"));
    b.increment();
    assertThat(registry.get("orders").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void oddTagArraysAndNullsAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> recorder.increment("orders", "platform"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tags must be key/value pairs, but 1 strings were given: [platform]");
    assertThatThrownBy(() -> recorder.record("latency", 1, "a", "b", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tags must be key/value pairs");
    assertThatThrownBy(() -> recorder.increment("orders", "platform", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value of tag 'platform' of series 'orders' is null");
    assertThatThrownBy(() -> recorder.increment(null))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    // a rejected call leaves nothing behind
    assertThat(registry.getMeters()).isEmpty();
    assertThat(store.keys("orders")).isEmpty();
  }

  @Test
  void distributionsFeedTheWindowAndASummary() {
    recorder.record("payload.bytes", 100, "platform", "tiktok");
    recorder.record("payload.bytes", 300, "platform", "tiktok");
    recorder.distribution("payload.bytes", "platform", "tiktok").record(Double.NaN); // ignored

    DistributionSummary summary = registry.get("payload.bytes").summary();
    assertThat(summary.count()).isEqualTo(2);
    assertThat(summary.totalAmount()).isEqualTo(400);
    WindowStats s = store.window(SeriesKey.of("payload.bytes", "platform", "tiktok"), ofMinutes(1));
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.mean()).isEqualTo(200);
    assertThat(s.max()).isEqualTo(300);
  }

  @Test
  void timingsFeedTheWindowInMillisecondsAndATimer() {
    recorder.time("checkout", ofMillis(250), "platform", "tiktok");
    recorder.time("checkout", ofMillis(-5), "platform", "tiktok"); // ignored
    recorder.timer("checkout", "platform", "tiktok").record(750.5);
    AtomicInteger ran = new AtomicInteger();
    recorder.time("checkout", (Runnable) ran::incrementAndGet, "platform", "tiktok");
    assertThat(recorder.time("checkout", () -> "result", "platform", "tiktok")).isEqualTo("result");
    assertThatThrownBy(() -> recorder.time("checkout", (Runnable) () -> {
      throw new IllegalStateException("boom");
    }, "platform", "tiktok")).isInstanceOf(IllegalStateException.class).hasMessage("boom");

    Timer timer = registry.get("checkout").timer();
    assertThat(timer.count()).isEqualTo(5);
    assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(750.5);
    WindowStats s = store.window(SeriesKey.of("checkout", "platform", "tiktok"), ofMinutes(1));
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.max()).isEqualTo(750.5);
    assertThat(s.percentile(0.5)).isLessThan(250); // the three timed tasks took little time
    assertThat(ran).hasValue(1);
    assertThat(s.sum()).isCloseTo(timer.totalTime(TimeUnit.MILLISECONDS),
        org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void whenTheStoreIsFullMicrometerStillCounts() {
    SeriesStore capped = SeriesStore.inMemory(
        SeriesOptions.builder().clock(clock).maxSeries(1).build());
    MetricRecorder r = new MetricRecorder(capped, registry);
    r.increment("orders", "platform", "tiktok");
    r.increment("orders", "platform", "shopify"); // refused by the store
    r.increment("orders", "platform", "shopify");
    r.record("latency", 5);

    assertThat(capped.droppedSeries()).isEqualTo(2); // once per new series, then cached
    assertThat(capped.keys("orders")).containsExactly(SeriesKey.of("orders", "platform", "tiktok"));
    Counter shopify = registry.get("orders").tag("platform", "shopify").counter();
    assertThat(shopify.count()).isEqualTo(2);
    assertThat(registry.get("latency").summary().count()).isEqualTo(1);
    capped.close();
  }

  @Test
  void beyondTheHandleCacheCallsStayCorrect() {
    MetricRecorder r = new MetricRecorder(store, registry, 2);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5; i++) {
        r.increment("orders", "n", Integer.toString(i));
        r.record("latency", i, "n", Integer.toString(i));
      }
    }
    for (int i = 0; i < 5; i++) {
      String n = Integer.toString(i);
      assertThat(window("orders", "n", n)).isEqualTo(3);
      double micrometer = i < 2
          ? registry.get("orders").tag("n", n).functionCounter().count()
          : registry.get("orders").tag("n", n).counter().count();
      assertThat(micrometer).as("series %s", n).isEqualTo(3);
      assertThat(registry.get("latency").tag("n", n).summary().count()).isEqualTo(3);
    }
    assertThatThrownBy(() -> new MetricRecorder(store, registry, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHandles must be positive but was 0");
  }

  @Test
  void aPlainCounterRegisteredFirstIsFedToo() {
    Counter existing = registry.counter("orders", "platform", "tiktok");
    existing.increment();
    recorder.increment("orders", "platform", "tiktok");
    recorder.increment("orders", "platform", "tiktok");
    assertThat(existing.count()).isEqualTo(3);
    assertThat(window("orders", "platform", "tiktok")).isEqualTo(2);
  }

  @Test
  void aMeterOfAnotherTypeUnderTheNameDoesNotBreakRecording() {
    registry.gauge("busy", 1.0);
    registry.counter("slow");
    recorder.increment("busy");
    recorder.record("slow", 10);
    recorder.time("slow", ofMillis(5));
    assertThat(window("busy")).isEqualTo(1);
    assertThat(store.window(SeriesKey.of("slow"), ofMinutes(1)).count()).isEqualTo(2);
    assertThat(registry.get("busy").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void aRegistryThatDeniesMetersLeavesTheWindowsWorking() {
    registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.deny());
    recorder.increment("orders");
    recorder.record("latency", 3);
    assertThat(window("orders")).isEqualTo(1);
    assertThat(store.window(SeriesKey.of("latency"), ofMinutes(1)).count()).isEqualTo(1);
    assertThat(registry.getMeters()).isEmpty();
  }
}
