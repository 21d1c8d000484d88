package dev.vigil.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a series recorded over an interval: count, sum, minimum, maximum, mean, rate and
 * percentiles, from {@link #from()} to {@link #to()}.
 *
 * <p>For a <b>distribution</b> (values {@linkplain SeriesStore#record recorded} one by one, such as
 * latencies), {@link #count()} is the number of values, {@link #sum()} their total, {@link
 * #rate()} values per second, and {@link #min()}, {@link #max()}, {@link #mean()} and {@link
 * #percentile(double)} describe the values. For a <b>counter</b> ({@linkplain SeriesStore#add
 * amounts added}), {@link #sum()} is the total amount, {@link #count()} that total rounded to a
 * whole number (the number of increments when every increment is 1), {@link #rate()} the amount
 * per second, and {@code min}, {@code max}, {@code mean} and percentiles are {@code NaN}: a counter
 * keeps totals, not values.
 *
 * <p>Percentiles come from the individual values a store kept for the interval, {@link
 * #sampleCount()} of them; when a store keeps only the last N values of a series, that can be fewer
 * than {@link #count()}, and the percentiles then describe the most recent values.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WindowStats {

  private static final double[] NO_SAMPLES = new double[0];

  /** Statistics of nothing: count and sum 0, rate 0, the other statistics {@code NaN}. */
  public static final WindowStats EMPTY =
      new WindowStats(Instant.EPOCH, Instant.EPOCH, 0, 0, Double.NaN, Double.NaN, Double.NaN,
          0, NO_SAMPLES);

  private final Instant from;
  private final Instant to;
  private final long count;
  private final double sum;
  private final double min;
  private final double max;
  private final double mean;
  private final double rate;
  private final double[] sorted;

  private WindowStats(Instant from, Instant to, long count, double sum, double min, double max,
      double mean, double rate, double[] sorted) {
    this.from = from;
    this.to = to;
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.rate = rate;
    this.sorted = sorted;
  }

  /**
   * Returns the statistics of a counter that grew by {@code total} from {@code from} to {@code to}.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public static WindowStats ofTotal(Instant from, Instant to, double total) {
    double seconds = seconds(from, to);
    return new WindowStats(from, to, Math.round(total), total, Double.NaN, Double.NaN, Double.NaN,
        rate(total, seconds), NO_SAMPLES);
  }

  /**
   * Returns the statistics of {@code count} values recorded from {@code from} to {@code to}.
   *
   * @param count the number of values; 0 makes {@code min}, {@code max} and {@code mean}
   *     {@code NaN} whatever is passed for them
   * @param samples values recorded in the interval, in any order, for percentiles: all of them or
   *     the most recent ones; the array is copied
   * @throws IllegalArgumentException if {@code to} is before {@code from}, or {@code count} is
   *     negative or less than the number of samples
   */
  public static WindowStats ofValues(Instant from, Instant to, long count, double sum, double min,
      double max, double[] samples) {
    double seconds = seconds(from, to);
    requireNonNull(samples, "samples");
    if (count < samples.length) {
      throw new IllegalArgumentException("count must be at least the number of samples ("
          + samples.length + ") but was " + count);
    }
    if (count == 0) {
      return new WindowStats(from, to, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, NO_SAMPLES);
    }
    double[] sorted = samples.length == 0 ? NO_SAMPLES : samples.clone();
    Arrays.sort(sorted);
    return new WindowStats(from, to, count, sum, min, max, sum / count, rate(count, seconds),
        sorted);
  }

  private static double seconds(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
    // not Duration.between: it is a measurable part of evaluating thousands of alert rules
    return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
  }

  private static double rate(double amount, double seconds) {
    if (amount == 0) {
      return 0;
    }
    return seconds > 0 ? amount / seconds : Double.NaN;
  }

  /** Returns the start of the interval (inclusive). */
  public Instant from() {
    return from;
  }

  /** Returns the end of the interval: for a window ending now, the time of the query. */
  public Instant to() {
    return to;
  }

  /** Returns the number of values of a distribution, or the rounded total of a counter. */
  public long count() {
    return count;
  }

  /** Returns the sum of the values of a distribution, or the total of a counter. */
  public double sum() {
    return sum;
  }

  /** Returns the smallest value, or {@code NaN} if there is none (and for counters). */
  public double min() {
    return min;
  }

  /** Returns the largest value, or {@code NaN} if there is none (and for counters). */
  public double max() {
    return max;
  }

  /** Returns {@code sum / count}, or {@code NaN} if there are no values (and for counters). */
  public double mean() {
    return mean;
  }

  /**
   * Returns values (distribution) or amount (counter) per second between {@link #from()} and
   * {@link #to()}: 0 if there was nothing, {@code NaN} if there was something in an empty interval.
   */
  public double rate() {
    return rate;
  }

  /** Returns the number of values the percentiles are computed from (at most {@link #count()}). */
  public int sampleCount() {
    return sorted.length;
  }

  /**
   * Returns the {@code q}-quantile of the kept values by the nearest-rank method: the smallest
   * value such that at least {@code q} of the values are less than or equal to it ({@code q = 0}
   * gives the smallest value, {@code 0.5} the median, {@code 1} the largest).
   *
   * @param q the quantile, from 0 to 1 (0.99 for the 99th percentile)
   * @return the value, or {@code NaN} if no values were kept (always for counters)
   * @throws IllegalArgumentException if {@code q} is not between 0 and 1
   */
  public double percentile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be between 0 and 1 but was " + q);
    }
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    // q * n may land a hair above a whole number (0.07 * 100 = 7.000000000000001)
    int rank = (int) Math.ceil(q * n - 1e-9);
    return sorted[Math.max(0, Math.min(n, rank) - 1)];
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WindowStats)) {
      return false;
    }
    WindowStats that = (WindowStats) o;
    return count == that.count
        && Double.compare(sum, that.sum) == 0
        && Double.compare(min, that.min) == 0
        && Double.compare(max, that.max) == 0
        && Double.compare(rate, that.rate) == 0
        && from.equals(that.from)
        && to.equals(that.to)
        && Arrays.equals(sorted, that.sorted);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, count, sum, min, max, rate) * 31 + Arrays.hashCode(sorted);
  }

  @Override
  public String toString() {
    return "WindowStats[from=" + from + ", to=" + to + ", count=" + count + ", sum=" + sum
        + ", min=" + min + ", max=" + max + ", mean=" + mean + ", rate=" + rate
        + ", samples=" + sorted.length + "]";
  }
}
