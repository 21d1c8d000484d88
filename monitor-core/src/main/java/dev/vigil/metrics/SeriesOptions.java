package dev.vigil.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.InstantSource;

/**
 * How the {@linkplain SeriesStore#inMemory(SeriesOptions) in-memory series store} keeps history:
 * its clock, how many series it accepts, and two rings of time buckets per series.
 *
 * <ul>
 *   <li><b>Fine buckets</b> (default 360 × 10 s = 1 hour) serve windows up to their retention.
 *   <li><b>Coarse buckets</b> (default 864 × 5 min = 3 days) serve longer windows, such as the 6 h
 *       and 3 d windows of SLO burn-rate alerts. Their width must be a multiple of the fine width.
 *   <li><b>Samples</b> (default the last 1,024 values per distribution series) serve percentiles
 *       and {@link SeriesStore#lastSamples(SeriesKey, int) last-N} queries.
 * </ul>
 *
 * <p>Memory per series, allocated on its first write: a counter takes {@code 8 × (fine count +
 * coarse count + 2)} bytes of buckets (9.6 KiB by default); a distribution {@code 32 × (fine count
 * + coarse count + 2) + 16 × sample capacity} bytes (54.3 KiB by default). Add about 300 bytes of
 * objects per series, and up to about 256 bytes per CPU for an adder under heavy contention. At the
 * default {@link #maxSeries() 1,000 series} that is at most about 10 MB if all are counters and 57
 * MB if all are distributions.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SeriesOptions {

  static final int MAX_BUCKETS = 1 << 20;
  static final int MAX_SAMPLES = 1 << 20;

  private static final SeriesOptions DEFAULTS = new Builder().build();

  private final InstantSource clock;
  private final int maxSeries;
  private final Duration fineStep;
  private final int fineCount;
  private final Duration coarseStep;
  private final int coarseCount;
  private final int sampleCapacity;

  private SeriesOptions(Builder b) {
    this.clock = b.clock;
    this.maxSeries = b.maxSeries;
    this.fineStep = b.fineStep;
    this.fineCount = b.fineCount;
    this.coarseStep = b.coarseStep;
    this.coarseCount = b.coarseCount;
    this.sampleCapacity = b.sampleCapacity;
  }

  /** Returns the default options. */
  public static SeriesOptions ofDefaults() {
    return DEFAULTS;
  }

  /** Returns a builder initialized with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.clock = clock;
    b.maxSeries = maxSeries;
    b.fineStep = fineStep;
    b.fineCount = fineCount;
    b.coarseStep = coarseStep;
    b.coarseCount = coarseCount;
    b.sampleCapacity = sampleCapacity;
    return b;
  }

  /**
   * Returns the clock that timestamps writes and ends windows; by default {@link
   * InstantSource#system()}, which writers read through a millisecond value refreshed by a
   * background thread rather than on each write.
   */
  public InstantSource clock() {
    return clock;
  }

  /** Returns how many series the store accepts; writes to further new series are dropped. */
  public int maxSeries() {
    return maxSeries;
  }

  /** Returns the width of a fine bucket. */
  public Duration fineStep() {
    return fineStep;
  }

  /** Returns how many fine buckets are kept: the fine retention is {@code fineStep × fineCount}. */
  public int fineCount() {
    return fineCount;
  }

  /** Returns the width of a coarse bucket, a multiple of {@link #fineStep()}. */
  public Duration coarseStep() {
    return coarseStep;
  }

  /**
   * Returns how many coarse buckets are kept: the longest window is {@code coarseStep ×
   * coarseCount}.
   */
  public int coarseCount() {
    return coarseCount;
  }

  /** Returns how many of its most recent values each distribution series keeps. */
  public int sampleCapacity() {
    return sampleCapacity;
  }

  @Override
  public String toString() {
    return "SeriesOptions[clock=" + clock + ", maxSeries=" + maxSeries + ", fine=" + fineCount
        + " x " + fineStep + ", coarse=" + coarseCount + " x " + coarseStep + ", sampleCapacity="
        + sampleCapacity + "]";
  }

  /**
   * Builds {@link SeriesOptions}. Each setter checks its own argument at once; {@link #build()}
   * checks the rules between settings. Not thread-safe.
   */
  public static final class Builder {

    private InstantSource clock = InstantSource.system();
    private int maxSeries = 1_000;
    private Duration fineStep = Duration.ofSeconds(10);
    private int fineCount = 360;
    private Duration coarseStep = Duration.ofMinutes(5);
    private int coarseCount = 864;
    private int sampleCapacity = 1_024;

    private Builder() {}

    /** Sets the clock; tests pass a manual one so that no test sleeps. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many series the store accepts (default 1,000).
     *
     * @throws IllegalArgumentException if {@code maxSeries} is not positive
     */
    public Builder maxSeries(int maxSeries) {
      if (maxSeries <= 0) {
        throw new IllegalArgumentException("maxSeries must be positive but was " + maxSeries);
      }
      this.maxSeries = maxSeries;
      return this;
    }

    /**
     * Sets the fine buckets (default 360 of 10 seconds).
     *
     * @param step the bucket width, a whole number of milliseconds
     * @param count how many buckets to keep, from 1 to 1,048,576
     * @throws IllegalArgumentException if {@code step} or {@code count} is out of range
     */
    public Builder fineBuckets(Duration step, int count) {
      this.fineStep = checkStep("fine", step);
      this.fineCount = checkCount("fine", count);
      return this;
    }

    /**
     * Sets the coarse buckets (default 864 of 5 minutes).
     *
     * @param step the bucket width, a whole number of milliseconds and, checked by {@link
     *     #build()}, a multiple of the fine step
     * @param count how many buckets to keep, from 1 to 1,048,576
     * @throws IllegalArgumentException if {@code step} or {@code count} is out of range
     */
    public Builder coarseBuckets(Duration step, int count) {
      this.coarseStep = checkStep("coarse", step);
      this.coarseCount = checkCount("coarse", count);
      return this;
    }

    /**
     * Sets how many of its most recent values each distribution series keeps for percentiles and
     * last-N queries (default 1,024).
     *
     * @throws IllegalArgumentException if {@code capacity} is not from 1 to 1,048,576
     */
    public Builder sampleCapacity(int capacity) {
      if (capacity <= 0 || capacity > MAX_SAMPLES) {
        throw new IllegalArgumentException(
            "sampleCapacity must be from 1 to " + MAX_SAMPLES + " but was " + capacity);
      }
      this.sampleCapacity = capacity;
      return this;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalArgumentException if the coarse step is not a multiple of the fine step, or
     *     the coarse retention is shorter than the fine retention
     */
    public SeriesOptions build() {
      long fine = fineStep.toMillis();
      long coarse = coarseStep.toMillis();
      if (coarse % fine != 0) {
        throw new IllegalArgumentException("coarseStep (" + coarseStep
            + ") must be a multiple of fineStep (" + fineStep + ")");
      }
      if (coarse * coarseCount < fine * fineCount) {
        throw new IllegalArgumentException("the coarse retention (" + coarseCount + " x "
            + coarseStep + ") must not be shorter than the fine retention (" + fineCount + " x "
            + fineStep + ")");
      }
      return new SeriesOptions(this);
    }

    private static Duration checkStep(String which, Duration step) {
      requireNonNull(step, which + "Step");
      if (step.isNegative() || step.isZero() || step.getNano() % 1_000_000 != 0
          || step.compareTo(Duration.ofDays(366)) > 0) {
        throw new IllegalArgumentException(which + "Step must be a positive whole number of"
            + " milliseconds up to 366 days but was " + step);
      }
      return step;
    }

    private static int checkCount(String which, int count) {
      if (count <= 0 || count > MAX_BUCKETS) {
        throw new IllegalArgumentException(
            which + "Count must be from 1 to " + MAX_BUCKETS + " but was " + count);
      }
      return count;
    }
  }
}
