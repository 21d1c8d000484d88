package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowStatsTest {

  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = FROM.plusSeconds(10);

  @Test
  void percentilesUseTheNearestRankOfTheSortedValues() {
    Random random = new Random(42);
    for (int n : new int[] {1, 2, 3, 10, 99, 100, 1000}) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = Math.round(random.nextGaussian() * 1000) / 10.0;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      WindowStats s = WindowStats.ofValues(FROM, TO, n, 0, sorted[0], sorted[n - 1], values);
      for (double q : new double[] {0, 0.01, 0.07, 0.29, 0.5, 0.9, 0.95, 0.99, 0.999, 1}) {
        // the rank in exact decimal arithmetic, as the caller means q
        int rank = Math.max(1, BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(n))
            .setScale(0, RoundingMode.CEILING).intValueExact());
        assertThat(s.percentile(q)).as("n=%d q=%s", n, q).isEqualTo(sorted[rank - 1]);
      }
      assertThat(s.sampleCount()).isEqualTo(n);
    }
  }

  @Test
  void percentileOfFourValuesByHand() {
    WindowStats s = WindowStats.ofValues(FROM, TO, 4, 100, 10, 40, new double[] {40, 10, 30, 20});
    assertThat(s.percentile(0.5)).isEqualTo(20);
    assertThat(s.percentile(0.51)).isEqualTo(30);
    assertThat(s.percentile(0.75)).isEqualTo(30);
    assertThat(s.percentile(0.76)).isEqualTo(40);
    assertThat(s.percentile(0)).isEqualTo(10);
    assertThat(s.mean()).isEqualTo(25);
    assertThat(s.rate()).isEqualTo(0.4);
  }

  @Test
  void rejectsQuantilesOutsideZeroToOne() {
    WindowStats s = WindowStats.ofValues(FROM, TO, 1, 1, 1, 1, new double[] {1});
    assertThatThrownBy(() -> s.percentile(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q must be between 0 and 1 but was 1.5");
    assertThatThrownBy(() -> s.percentile(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countersHaveTotalsAndRatesButNoValueStatistics() {
    WindowStats s = WindowStats.ofTotal(FROM, TO, 25);
    assertThat(s.count()).isEqualTo(25);
    assertThat(s.sum()).isEqualTo(25);
    assertThat(s.rate()).isEqualTo(2.5);
    assertThat(s.min()).isNaN();
    assertThat(s.max()).isNaN();
    assertThat(s.mean()).isNaN();
    assertThat(s.percentile(0.5)).isNaN();
    assertThat(s.from()).isEqualTo(FROM);
    assertThat(s.to()).isEqualTo(TO);
  }

  @Test
  void emptyHasCountZeroAndNaNStatistics() {
    assertThat(WindowStats.EMPTY.count()).isZero();
    assertThat(WindowStats.EMPTY.sum()).isZero();
    assertThat(WindowStats.EMPTY.rate()).isZero();
    assertThat(WindowStats.EMPTY.mean()).isNaN();
    assertThat(WindowStats.EMPTY.percentile(0.99)).isNaN();
    assertThat(WindowStats.ofValues(FROM, FROM, 0, 0, 0, 0, new double[0]).min()).isNaN();
    assertThat(WindowStats.ofTotal(FROM, FROM, 3).rate()).isNaN();
  }

  @Test
  void factoriesCheckTheirArguments() {
    assertThatThrownBy(() -> WindowStats.ofTotal(TO, FROM, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("to (2026-01-01T00:00:00Z) is before from (2026-01-01T00:00:10Z)");
    assertThatThrownBy(() -> WindowStats.ofValues(FROM, TO, 1, 3, 1, 2, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be at least the number of samples (2) but was 1");
  }

  @Test
  void isAValue() {
    double[] values = {3, 1, 2};
    WindowStats a = WindowStats.ofValues(FROM, TO, 3, 6, 1, 3, values);
    values[0] = 99; // copied
    assertThat(a).isEqualTo(WindowStats.ofValues(FROM, TO, 3, 6, 1, 3, new double[] {1, 2, 3}))
        .hasSameHashCodeAs(WindowStats.ofValues(FROM, TO, 3, 6, 1, 3, new double[] {2, 3, 1}))
        .isNotEqualTo(WindowStats.ofValues(FROM, TO, 3, 6, 1, 3, new double[] {1, 2}));
    assertThat(a.max()).isEqualTo(3);
    assertThat(a.toString()).contains("count=3", "samples=3");
  }
}
