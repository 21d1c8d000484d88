package dev.vigil.metrics;

import static dev.vigil.metrics.ManualClock.T0;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySeriesStoreTest {

  private static final SeriesKey ORDERS = SeriesKey.of("orders", "platform", "tiktok");
  private static final SeriesKey LATENCY = SeriesKey.of("latency", "platform", "tiktok");

  private final ManualClock clock = new ManualClock();
  private final SeriesStore store =
      SeriesStore.inMemory(SeriesOptions.builder().clock(clock).build());

  @AfterEach
  void close() {
    store.close();
  }

  private void addAt(Duration sinceT0, double amount) {
    clock.at(sinceT0);
    store.add(ORDERS, amount);
  }

  private void recordAt(Duration sinceT0, double value) {
    clock.at(sinceT0);
    store.record(LATENCY, value);
  }

  @Test
  void windowsSumAcrossBucketBoundariesAndStartAtTheFirstBoundaryInside() {
    addAt(ofSeconds(1), 1);
    addAt(ofSeconds(9), 2);
    addAt(ofSeconds(11), 4);
    addAt(ofSeconds(25), 8);
    clock.at(ofSeconds(30));

    WindowStats all = store.window(ORDERS, ofSeconds(30));
    assertThat(all.sum()).isEqualTo(15);
    assertThat(all.count()).isEqualTo(15);
    assertThat(all.from()).isEqualTo(T0);
    assertThat(all.to()).isEqualTo(T0.plusSeconds(30));

    WindowStats last20 = store.window(ORDERS, ofSeconds(20)); // buckets from 10 s
    assertThat(last20.sum()).isEqualTo(12);
    assertThat(last20.from()).isEqualTo(T0.plusSeconds(10));

    WindowStats last15 = store.window(ORDERS, ofSeconds(15)); // from 15 s: buckets from 20 s
    assertThat(last15.sum()).isEqualTo(8);
    assertThat(last15.from()).isEqualTo(T0.plusSeconds(20));
  }

  @Test
  void rateIsPerSecondOverTheCoveredInterval() {
    for (int s = 0; s < 60; s++) {
      addAt(ofSeconds(s), 3);
    }
    clock.at(ofSeconds(60));
    WindowStats minute = store.window(ORDERS, ofMinutes(1));
    assertThat(minute.sum()).isEqualTo(180);
    assertThat(minute.rate()).isEqualTo(3.0);

    clock.at(ofSeconds(65)); // from 5 s, so from the 10 s boundary: 50 s of 3/s, plus 5 quiet s
    WindowStats later = store.window(ORDERS, ofMinutes(1));
    assertThat(later.from()).isEqualTo(T0.plusSeconds(10));
    assertThat(later.sum()).isEqualTo(150);
    assertThat(later.rate()).isEqualTo(150 / 55.0);
  }

  @Test
  void countsExpireWhenTheirBucketLeavesTheWindow() {
    addAt(ofSeconds(3), 1);
    clock.at(ofSeconds(60));
    assertThat(store.window(ORDERS, ofMinutes(1)).sum()).isEqualTo(1);
    clock.at(ofMillis(60_001));
    assertThat(store.window(ORDERS, ofMinutes(1)).sum()).isZero();
    assertThat(store.window(ORDERS, ofMinutes(1)).rate()).isZero();
    assertThat(store.window(ORDERS, ofMinutes(2)).sum()).isEqualTo(1);

    clock.at(ofHours(2)); // gone from the fine ring, still in the coarse one
    assertThat(store.window(ORDERS, ofHours(1)).sum()).isZero();
    assertThat(store.window(ORDERS, ofHours(3)).sum()).isEqualTo(1);
    clock.at(ofHours(73));
    assertThat(store.window(ORDERS, Duration.ofDays(3)).sum()).isZero();
    assertThat(store.window(ORDERS, Duration.ofDays(30)).sum()).isZero();
  }

  @Test
  void longWindowsUseCoarseBuckets() {
    addAt(ofMinutes(2), 1);
    addAt(ofMinutes(6), 10);
    addAt(ofHours(5), 1000); // just out of the last hour
    addAt(ofHours(5).plusMinutes(30), 100);
    clock.at(ofHours(6).plusMinutes(1).plusSeconds(5));

    WindowStats hour = store.window(ORDERS, ofHours(1));
    assertThat(hour.sum()).isEqualTo(100);
    assertThat(hour.from()).isEqualTo(T0.plus(ofHours(5)).plusSeconds(70)); // 10 s aligned

    // 6 h back is 00:01; the first 5-minute boundary after it is 00:05, so 00:02 is out
    WindowStats sixHours = store.window(ORDERS, ofHours(6));
    assertThat(sixHours.from()).isEqualTo(T0.plus(ofMinutes(5)));
    assertThat(sixHours.sum()).isEqualTo(1110);
    assertThat(sixHours.rate()).isEqualTo(1110 / (6 * 3600.0 - 4 * 60 + 5));

    clock.at(Duration.ofDays(3));
    WindowStats threeDays = store.window(ORDERS, Duration.ofDays(3));
    assertThat(threeDays.from()).isEqualTo(T0);
    assertThat(threeDays.sum()).isEqualTo(1111);
    // longer than the retention: cut to it
    assertThat(store.window(ORDERS, Duration.ofDays(10)).from()).isEqualTo(T0);
  }

  @Test
  void distributionsKeepCountSumMinMaxAndMeanPerWindow() {
    recordAt(ofSeconds(1), 5);
    recordAt(ofSeconds(12), 1);
    recordAt(ofSeconds(13), 9);
    recordAt(ofSeconds(27), 3);
    clock.at(ofSeconds(29));

    WindowStats all = store.window(LATENCY, ofMinutes(1));
    assertThat(all.count()).isEqualTo(4);
    assertThat(all.sum()).isEqualTo(18);
    assertThat(all.min()).isEqualTo(1);
    assertThat(all.max()).isEqualTo(9);
    assertThat(all.mean()).isEqualTo(4.5);
    assertThat(all.from()).isEqualTo(T0.minusSeconds(30)); // 29 s - 1 min, to the next 10 s
    assertThat(all.rate()).isEqualTo(4 / 59.0);

    WindowStats recent = store.window(LATENCY, ofSeconds(10)); // bucket 20-30 s
    assertThat(recent.count()).isEqualTo(1);
    assertThat(recent.min()).isEqualTo(3);
    assertThat(recent.max()).isEqualTo(3);
    assertThat(recent.percentile(0.5)).isEqualTo(3);

    clock.at(ofHours(3)); // min and max survive in coarse buckets
    WindowStats coarse = store.window(LATENCY, ofHours(4));
    assertThat(coarse.count()).isEqualTo(4);
    assertThat(coarse.min()).isEqualTo(1);
    assertThat(coarse.max()).isEqualTo(9);
    assertThat(store.window(LATENCY, ofMinutes(1)).min()).isNaN();
  }

  @Test
  void windowPercentilesMatchTheSortedValuesInTheWindow() {
    Random random = new Random(7);
    List<Double> inWindow = new ArrayList<>();
    for (int i = 0; i < 900; i++) { // 900 values over 15 minutes
      double v = Math.round(Math.exp(random.nextGaussian()) * 1000) / 10.0;
      recordAt(ofSeconds(i), v);
      if (i >= 300) {
        inWindow.add(v);
      }
    }
    clock.at(ofSeconds(900));
    WindowStats last10 = store.window(LATENCY, ofMinutes(10));
    double[] sorted = inWindow.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(last10.count()).isEqualTo(600);
    assertThat(last10.sampleCount()).isEqualTo(600);
    assertThat(last10.min()).isEqualTo(sorted[0]);
    assertThat(last10.max()).isEqualTo(sorted[599]);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      assertThat(last10.percentile(q)).as("q=%s", q).isEqualTo(nearestRank(sorted, q));
    }
  }

  @Test
  void percentilesOfAWindowHoldingMoreValuesThanKeptDescribeTheMostRecent() {
    SeriesStore small = SeriesStore.inMemory(
        SeriesOptions.builder().clock(clock).sampleCapacity(10).build());
    clock.at(ofSeconds(1));
    for (int i = 1; i <= 30; i++) {
      small.record(LATENCY, i);
    }
    WindowStats s = small.window(LATENCY, ofMinutes(1));
    assertThat(s.count()).isEqualTo(30);
    assertThat(s.min()).isEqualTo(1); // exact, from the buckets
    assertThat(s.sampleCount()).isEqualTo(10);
    assertThat(s.percentile(0)).isEqualTo(21);
    assertThat(s.percentile(1)).isEqualTo(30);
  }

  @Test
  void lastSamplesReturnsWhatIsKeptWhenAskedForMore() {
    for (int i = 1; i <= 5; i++) {
      recordAt(ofSeconds(i), i * 10);
    }
    clock.at(ofSeconds(8));
    WindowStats all = store.lastSamples(LATENCY, 100);
    assertThat(all.count()).isEqualTo(5);
    assertThat(all.sum()).isEqualTo(150);
    assertThat(all.from()).isEqualTo(T0.plusSeconds(1));
    assertThat(all.to()).isEqualTo(T0.plusSeconds(8));
    assertThat(all.rate()).isEqualTo(5 / 7.0);

    WindowStats last3 = store.lastSamples(LATENCY, 3);
    assertThat(last3.count()).isEqualTo(3);
    assertThat(last3.min()).isEqualTo(30);
    assertThat(last3.max()).isEqualTo(50);
    assertThat(last3.mean()).isEqualTo(40);
    assertThat(last3.percentile(0.5)).isEqualTo(40);
    assertThat(last3.from()).isEqualTo(T0.plusSeconds(3));

    assertThat(store.lastSamples(ORDERS, 3).count()).isZero(); // unknown
    store.add(ORDERS, 1);
    assertThat(store.lastSamples(ORDERS, 3).count()).isZero(); // a counter keeps no values
  }

  @Test
  void lastSamplesWrapsAroundTheRing() {
    SeriesStore small = SeriesStore.inMemory(
        SeriesOptions.builder().clock(clock).sampleCapacity(8).build());
    for (int i = 1; i <= 20; i++) {
      clock.at(ofSeconds(i));
      small.record(LATENCY, i);
    }
    WindowStats kept = small.lastSamples(LATENCY, 50);
    assertThat(kept.count()).isEqualTo(8);
    assertThat(kept.min()).isEqualTo(13);
    assertThat(kept.max()).isEqualTo(20);
    assertThat(kept.from()).isEqualTo(T0.plusSeconds(13));
  }

  @Test
  void keysGroupSeriesByName() {
    store.add(ORDERS, 1);
    store.add(SeriesKey.of("orders", "platform", "shopify"), 1);
    store.add(SeriesKey.of("refunds", "platform", "tiktok"), 1);
    store.record(SeriesKey.of("orders"), 1); // same name, a distribution: still a group member

    assertThat(store.keys("orders")).containsExactlyInAnyOrder(ORDERS,
        SeriesKey.of("orders", "platform", "shopify"), SeriesKey.of("orders"));
    assertThat(store.keys("orders").stream().map(k -> k.tag("platform"))
        .filter(p -> p != null).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("tiktok", "shopify");
    assertThat(store.keys("nothing")).isEmpty();
    assertThatThrownBy(() -> store.keys("orders").clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newSeriesBeyondTheCapAreDroppedAndCounted() {
    SeriesStore capped = SeriesStore.inMemory(
        SeriesOptions.builder().clock(clock).maxSeries(2).build());
    SeriesKey a = SeriesKey.of("x", "n", "a");
    SeriesKey b = SeriesKey.of("x", "n", "b");
    SeriesKey c = SeriesKey.of("x", "n", "c");
    capped.add(a, 1);
    capped.record(b, 1);
    capped.add(c, 1);
    capped.add(c, 1);
    assertThat(capped.counter(c)).isEmpty();
    assertThat(capped.droppedSeries()).isEqualTo(3);
    assertThat(capped.keys("x")).containsExactlyInAnyOrder(a, b);
    assertThat(capped.window(c, ofMinutes(1)).count()).isZero();

    capped.add(a, 1); // existing series still work
    assertThat(capped.window(a, ofMinutes(1)).sum()).isEqualTo(2);
    assertThat(capped.counter(a)).isPresent();
    assertThat(capped.droppedSeries()).isEqualTo(3);
  }

  @Test
  void aSeriesIsACounterOrADistributionByItsFirstWrite() {
    store.add(ORDERS, 2);
    store.record(ORDERS, 100); // ignored
    assertThat(store.distribution(ORDERS)).isEmpty();
    assertThat(store.counter(ORDERS)).isPresent();
    assertThat(store.window(ORDERS, ofMinutes(1)).sum()).isEqualTo(2);
    assertThat(store.droppedSeries()).isZero();
  }

  @Test
  void handlesWriteToTheSeries() {
    SeriesCounter counter = store.counter(ORDERS).orElseThrow();
    SeriesDistribution latency = store.distribution(LATENCY).orElseThrow();
    clock.at(ofSeconds(5));
    counter.increment();
    counter.increment(2.5);
    counter.increment(-1); // ignored, as are the next three
    counter.increment(0);
    counter.increment(Double.NaN);
    counter.increment(Double.POSITIVE_INFINITY);
    latency.record(ofMillis(1500));
    latency.record(Duration.ofNanos(250_000));
    latency.record(ofSeconds(-1)); // ignored
    latency.record(Double.NaN); // ignored
    assertThat(latency.time(() -> "done")).isEqualTo("done");

    assertThat(counter.count()).isEqualTo(3.5);
    assertThat(store.window(ORDERS, ofMinutes(1)).sum()).isEqualTo(3.5);
    assertThat(store.window(ORDERS, ofMinutes(1)).count()).isEqualTo(4); // rounded
    WindowStats l = store.window(LATENCY, ofMinutes(1));
    assertThat(l.count()).isEqualTo(3);
    assertThat(l.max()).isEqualTo(1500);
    assertThat(l.percentile(0.5)).isEqualTo(0.25);
    assertThat(store.counter(ORDERS).orElseThrow()).isSameAs(counter);
  }

  @Test
  void bucketsAreAlignedChartPointsOldestFirst() {
    addAt(ofSeconds(5), 1);
    addAt(ofSeconds(25), 2);
    addAt(ofSeconds(45), 4);
    addAt(ofSeconds(61), 8);
    clock.at(ofSeconds(70));

    List<WindowStats> points = store.buckets(ORDERS, ofMinutes(1), ofSeconds(20));
    // the window starts at 10 s; points are aligned to 20 s, so the first is 20-40 s
    assertThat(points).extracting(WindowStats::sum).containsExactly(2.0, 4.0, 8.0);
    assertThat(points).extracting(WindowStats::from)
        .containsExactly(T0.plusSeconds(20), T0.plusSeconds(40), T0.plusSeconds(60));
    assertThat(points).extracting(WindowStats::to)
        .containsExactly(T0.plusSeconds(40), T0.plusSeconds(60), T0.plusSeconds(70));

    // a step that is not a multiple of the bucket width is rounded up to one: 15 s -> 20 s
    assertThat(store.buckets(ORDERS, ofMinutes(1), ofSeconds(15))).isEqualTo(points);
    assertThat(store.buckets(ORDERS, ofMinutes(1), ofSeconds(1))).hasSize(7);
    assertThat(store.buckets(ORDERS, ofSeconds(5), ofMinutes(1))).singleElement()
        .satisfies(p -> { // the point holding now: from 60 s
          assertThat(p.sum()).isEqualTo(8);
          assertThat(p.from()).isEqualTo(T0.plusSeconds(60));
        });
    assertThat(store.buckets(SeriesKey.of("unknown"), ofMinutes(1), ofSeconds(10))).isEmpty();
  }

  @Test
  void chartPointsOfADistributionCarryTheirOwnPercentiles() {
    recordAt(ofSeconds(1), 10);
    recordAt(ofSeconds(2), 20);
    recordAt(ofSeconds(11), 300);
    clock.at(ofSeconds(15));
    List<WindowStats> points = store.buckets(LATENCY, ofSeconds(20), ofSeconds(10));
    assertThat(points).extracting(WindowStats::count).containsExactly(2L, 1L);
    assertThat(points).extracting(p -> p.percentile(1)).containsExactly(20.0, 300.0);
    assertThat(points).extracting(WindowStats::min).containsExactly(10.0, 300.0);
  }

  @Test
  void unknownSeriesHaveEmptyWindows() {
    clock.at(ofSeconds(30));
    WindowStats s = store.window(ORDERS, ofMinutes(1));
    assertThat(s.count()).isZero();
    assertThat(s.rate()).isZero();
    assertThat(s.to()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void readsRejectInvalidArguments() {
    assertThatThrownBy(() -> store.window(ORDERS, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive but was PT0S");
    assertThatThrownBy(() -> store.lastSamples(ORDERS, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be positive but was 0");
    assertThatThrownBy(() -> store.buckets(ORDERS, ofMinutes(1), ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be positive but was PT-1S");
    assertThatThrownBy(() -> store.window(null, ofMinutes(1)))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void aClockSetBackDoesNotLoseCounts() {
    addAt(ofSeconds(35), 1);
    addAt(ofSeconds(12), 2); // back in time: lands in the open bucket
    clock.at(ofSeconds(40));
    assertThat(store.window(ORDERS, ofMinutes(1)).sum()).isEqualTo(3);
  }

  private static double nearestRank(double[] sorted, double q) {
    int rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(sorted.length))
        .setScale(0, RoundingMode.CEILING).intValueExact();
    return sorted[Math.max(1, rank) - 1];
  }

  @Test
  void nearestRankOracleIsRight() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(nearestRank(v, 0.5)).isEqualTo(5);
    assertThat(nearestRank(v, 0.95)).isEqualTo(10);
    assertThat(Arrays.stream(v).sum()).isEqualTo(55);
  }
}
