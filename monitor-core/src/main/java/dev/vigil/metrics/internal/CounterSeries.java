package dev.vigil.metrics.internal;

import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.WindowStats;
import java.time.Instant;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A counter series: one cumulative {@link DoubleAdder} (the only memory an increment writes, which
 * is also what the Micrometer {@code FunctionCounter} reads) and one {@code double} per bucket.
 *
 * <p>An increment costs a time read, a volatile read of {@link #rollAt}, a compare and an adder
 * add; see {@link Series} for the threading model.
 */
final class CounterSeries extends Series implements SeriesCounter {

  private final DoubleAdder total = new DoubleAdder();

  // guarded by this
  private double snapshot; // the total when the open bucket started
  private double[] fine;
  private double[] coarse;

  CounterSeries(SeriesKey key, BucketLayout layout) {
    super(key, layout);
  }

  @Override
  public void increment() {
    long now = writeTime();
    if (now >= rollAt) {
      roll(now);
    }
    total.add(1.0);
  }

  @Override
  public void increment(double amount) {
    if (amount > 0 && amount < Double.POSITIVE_INFINITY) {
      long now = writeTime();
      if (now >= rollAt) {
        roll(now);
      }
      total.add(amount);
    }
  }

  @Override
  public double count() {
    return total.sum();
  }

  @Override
  void allocate() {
    fine = new double[layout.fineLen];
    coarse = new double[layout.coarseLen];
  }

  @Override
  void closeAndOpen(long closing, int fineSlot, int coarseSlot, long opening) {
    double now = total.sum();
    if (closing != UNSET) {
      double delta = now - snapshot;
      fine[fineSlot] = delta;
      coarse[coarseSlot] += delta;
    }
    snapshot = now;
  }

  @Override
  void clearFine(int slot) {
    fine[slot] = 0;
  }

  @Override
  void clearCoarse(int slot) {
    coarse[slot] = 0;
  }

  @Override
  WindowStats aggregate(boolean useFine, long a, long b, boolean open, long from, long to) {
    double[] ring = useFine ? fine : coarse;
    double sum = 0;
    for (long i = a; i <= b; i++) {
      sum += ring[slot(i, ring.length)];
    }
    if (open) {
      sum += total.sum() - snapshot;
    }
    return WindowStats.ofTotal(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), sum);
  }

  @Override
  WindowStats lastSamples(long now, int n) {
    return empty(now, now);
  }

  @Override
  public String toString() {
    return "counter " + key;
  }
}
