package dev.vigil.metrics.internal;

import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The handles {@link SeriesStore}'s default methods return: each write goes through the store's
 * keyed {@code add} or {@code record}, so every store supports handles, only without the speed of
 * a store's own.
 */
public final class KeyedHandles {

  private KeyedHandles() {}

  /** Returns a counter handle writing through {@code store.add(key, amount)}. */
  public static SeriesCounter counter(SeriesStore store, SeriesKey key) {
    return new KeyedCounter(store, key);
  }

  /** Returns a distribution handle writing through {@code store.record(key, value)}. */
  public static SeriesDistribution distribution(SeriesStore store, SeriesKey key) {
    return new KeyedDistribution(store, key);
  }

  private static final class KeyedCounter implements SeriesCounter {

    private final SeriesStore store;
    private final SeriesKey key;
    private final DoubleAdder total = new DoubleAdder();

    KeyedCounter(SeriesStore store, SeriesKey key) {
      this.store = store;
      this.key = key;
    }

    @Override
    public void increment() {
      increment(1.0);
    }

    @Override
    public void increment(double amount) {
      if (amount > 0 && amount < Double.POSITIVE_INFINITY) {
        total.add(amount);
        store.add(key, amount);
      }
    }

    @Override
    public double count() {
      return total.sum();
    }

    @Override
    public String toString() {
      return "counter " + key + " of " + store;
    }
  }

  private static final class KeyedDistribution implements SeriesDistribution {

    private final SeriesStore store;
    private final SeriesKey key;

    KeyedDistribution(SeriesStore store, SeriesKey key) {
      this.store = store;
      this.key = key;
    }

    @Override
    public void record(double value) {
      store.record(key, value);
    }

    @Override
    public String toString() {
      return "distribution " + key + " of " + store;
    }
  }
}
