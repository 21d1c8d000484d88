package dev.vigil.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A pre-resolved handle on a distribution series: each recorded value (a latency, a payload size)
 * goes straight to the series (and, for handles from Vigil's recorder, to its Micrometer meter)
 * with no lookup.
 *
 * <p>Durations are recorded in milliseconds, as a {@code double} (so 1.5 means 1.5 ms).
 *
 * <p>Implementations are thread-safe and never throw from the recording methods (the timed tasks
 * themselves may); keep a handle in a field and share it between threads. Non-finite values and
 * negative durations are ignored.
 */
public interface SeriesDistribution {

  /** Records one value, if it is finite. */
  void record(double value);

  /** Records a duration in milliseconds, if it is not negative. */
  default void record(Duration duration) {
    requireNonNull(duration, "duration");
    if (!duration.isNegative()) {
      record(duration.getSeconds() * 1e3 + duration.getNano() / 1e6);
    }
  }

  /**
   * Runs {@code task} and records how long it took in milliseconds, also when it throws.
   *
   * @throws RuntimeException whatever {@code task} throws
   */
  default void time(Runnable task) {
    requireNonNull(task, "task");
    long start = System.nanoTime();
    try {
      task.run();
    } finally {
      record((System.nanoTime() - start) / 1e6);
    }
  }

  /**
   * Calls {@code task}, records how long it took in milliseconds (also when it throws), and
   * returns its result.
   *
   * @return what {@code task} returned, possibly {@code null}
   * @throws RuntimeException whatever {@code task} throws
   */
  default <T> T time(Supplier<T> task) {
    requireNonNull(task, "task");
    long start = System.nanoTime();
    try {
      return task.get();
    } finally {
      record((System.nanoTime() - start) / 1e6);
    }
  }
}
