package dev.vigil.metrics.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Handles that write to a series and to a Micrometer meter each time: what {@link MetricRecorder}
 * returns for distributions and timers always, and for counters when a counter sharing the
 * series' total is not possible. All are thread-safe.
 */
final class MeteredHandles {

  /** A counter that keeps nothing: for series that neither the store nor Micrometer took. */
  static final SeriesCounter NO_COUNTER = new SeriesCounter() {
    @Override
    public void increment() {}

    @Override
    public void increment(double amount) {}

    @Override
    public double count() {
      return 0;
    }

    @Override
    public String toString() {
      return "no counter";
    }
  };

  /** A distribution that keeps nothing. */
  static final SeriesDistribution NO_DISTRIBUTION = new SeriesDistribution() {
    @Override
    public void record(double value) {}

    @Override
    public String toString() {
      return "no distribution";
    }
  };

  private MeteredHandles() {}

  static boolean positiveFinite(double amount) {
    return amount > 0 && amount < Double.POSITIVE_INFINITY;
  }

  static double millis(Duration d) {
    return d.getSeconds() * 1e3 + d.getNano() / 1e6;
  }

  /** A series counter plus a Micrometer {@link Counter}: two additions per increment. */
  static final class MeteredCounter implements SeriesCounter {

    private final SeriesCounter series;
    private final Counter meter;

    MeteredCounter(SeriesCounter series, Counter meter) {
      this.series = series;
      this.meter = meter;
    }

    @Override
    public void increment() {
      series.increment();
      meter.increment();
    }

    @Override
    public void increment(double amount) {
      if (positiveFinite(amount)) {
        series.increment(amount);
        meter.increment(amount);
      }
    }

    @Override
    public double count() {
      return series == NO_COUNTER ? meter.count() : series.count();
    }

    @Override
    public String toString() {
      return series + " and " + meter.getId();
    }
  }

  /** A series distribution plus a Micrometer {@link DistributionSummary}. */
  static final class MeteredDistribution implements SeriesDistribution {

    private final SeriesDistribution series;
    private final DistributionSummary meter;

    MeteredDistribution(SeriesDistribution series, DistributionSummary meter) {
      this.series = series;
      this.meter = meter;
    }

    @Override
    public void record(double value) {
      if (value - value == 0) { // finite
        series.record(value);
        meter.record(value);
      }
    }

    @Override
    public String toString() {
      return series + " and " + meter.getId();
    }
  }

  /**
   * A series distribution in milliseconds plus a Micrometer {@link Timer}, timed with {@link
   * System#nanoTime()} for both.
   */
  static final class MeteredTimer implements SeriesDistribution {

    private final SeriesDistribution series;
    private final Timer meter;

    MeteredTimer(SeriesDistribution series, Timer meter) {
      this.series = series;
      this.meter = meter;
    }

    @Override
    public void record(double millis) {
      if (millis >= 0 && millis < Double.POSITIVE_INFINITY) {
        series.record(millis);
        meter.record((long) (millis * 1e6), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void record(Duration duration) {
      requireNonNull(duration, "duration");
      if (!duration.isNegative()) {
        series.record(millis(duration));
        meter.record(duration);
      }
    }

    @Override
    public void time(Runnable task) {
      requireNonNull(task, "task");
      long start = System.nanoTime();
      try {
        task.run();
      } finally {
        recordNanos(System.nanoTime() - start);
      }
    }

    @Override
    public <T> T time(Supplier<T> task) {
      requireNonNull(task, "task");
      long start = System.nanoTime();
      try {
        return task.get();
      } finally {
        recordNanos(System.nanoTime() - start);
      }
    }

    private void recordNanos(long nanos) {
      series.record(nanos / 1e6);
      meter.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
      return series + " and " + meter.getId();
    }
  }
}
