package dev.vigil.metrics.internal;

import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.WindowStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A distribution series: a cumulative count (the sequence that also numbers the kept values) and
 * sum adder, the minimum and maximum of the open bucket in a {@link Slot} replaced at each roll,
 * four {@code double}s per bucket (count, sum, min, max), and a ring of the last N values with
 * their write times.
 *
 * <p>Threading (beyond {@link Series}): a writer claims a ring position with an atomic
 * increment, writes the value, then the time with release semantics; readers read the time with
 * acquire semantics, then the value. A reader racing writers can therefore see, at a position
 * being rewritten, the older value or the new value with the older time; positions never written
 * are skipped. Percentiles are exact when no write races the query. A late writer that updated the
 * minimum or maximum of a bucket after it was closed is merged into it at the next roll or read,
 * as long as that bucket is the previous one.
 */
final class DistributionSeries extends Series implements SeriesDistribution {

  private static final VarHandle SEQ;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final long NOT_WRITTEN = Long.MIN_VALUE;
  private static final int W = 4; // count, sum, min, max

  static {
    try {
      SEQ = MethodHandles.lookup().findVarHandle(DistributionSeries.class, "seq", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final DoubleAdder sum = new DoubleAdder();
  private final int capacity;
  /** The minimum and maximum of the open bucket; set before {@link #rollAt} is first published. */
  private volatile Slot slot;
  /** How many values were ever recorded, each given position {@code seq % capacity}. */
  @SuppressWarnings("unused") // through SEQ
  private volatile long seq;
  /** Pairs of (value bits, time) indexed by {@code seq % capacity}; set with {@link #slot}. */
  private long[] samples;

  // guarded by this
  private long snapCount;
  private double snapSum;
  private Slot previous;
  private double[] fine;
  private double[] coarse;

  DistributionSeries(SeriesKey key, BucketLayout layout) {
    super(key, layout);
    this.capacity = layout.sampleCapacity;
  }

  @Override
  public void record(double value) {
    if (value - value != 0) {
      return; // NaN or infinite
    }
    long now = writeTime();
    if (now >= rollAt) {
      roll(now);
    }
    sum.add(value);
    slot.accumulate(value);
    long i = (long) SEQ.getAndAdd(this, 1L);
    int at = (int) (i % capacity) << 1;
    long[] s = samples;
    s[at] = Double.doubleToRawLongBits(value);
    LONGS.setRelease(s, at + 1, now);
  }

  @Override
  void allocate() {
    fine = new double[W * layout.fineLen];
    coarse = new double[W * layout.coarseLen];
    for (int i = 0; i < layout.fineLen; i++) {
      clearFine(i);
    }
    for (int i = 0; i < layout.coarseLen; i++) {
      clearCoarse(i);
    }
    long[] s = new long[2 * capacity];
    for (int i = 1; i < s.length; i += 2) {
      s[i] = NOT_WRITTEN;
    }
    samples = s;
  }

  @Override
  void closeAndOpen(long closing, int fineSlot, int coarseSlot, long opening) {
    long c = seq;
    double s = sum.sum();
    if (closing != UNSET) {
      Slot open = slot;
      int f = fineSlot * W;
      fine[f] = c - snapCount;
      fine[f + 1] = s - snapSum;
      fine[f + 2] = open.min;
      fine[f + 3] = open.max;
      int g = coarseSlot * W;
      coarse[g] += c - snapCount;
      coarse[g + 1] += s - snapSum;
      coarse[g + 2] = Math.min(coarse[g + 2], open.min);
      coarse[g + 3] = Math.max(coarse[g + 3], open.max);
      previous = open;
    }
    snapCount = c;
    snapSum = s;
    slot = new Slot(opening);
  }

  @Override
  void foldLate() {
    Slot p = previous;
    if (p == null) {
      return;
    }
    if (openIndex - p.index < layout.fineLen) {
      int f = slot(p.index, layout.fineLen) * W;
      fine[f + 2] = Math.min(fine[f + 2], p.min);
      fine[f + 3] = Math.max(fine[f + 3], p.max);
    }
    long pc = Math.floorDiv(p.index, layout.ratio);
    if (Math.floorDiv(openIndex, layout.ratio) - pc < layout.coarseLen) {
      int g = slot(pc, layout.coarseLen) * W;
      coarse[g + 2] = Math.min(coarse[g + 2], p.min);
      coarse[g + 3] = Math.max(coarse[g + 3], p.max);
    }
  }

  @Override
  void clearFine(int slot) {
    clear(fine, slot * W);
  }

  @Override
  void clearCoarse(int slot) {
    clear(coarse, slot * W);
  }

  private static void clear(double[] ring, int at) {
    ring[at] = 0;
    ring[at + 1] = 0;
    ring[at + 2] = Double.POSITIVE_INFINITY;
    ring[at + 3] = Double.NEGATIVE_INFINITY;
  }

  @Override
  WindowStats aggregate(boolean useFine, long a, long b, boolean open, long from, long to) {
    double[] ring = useFine ? fine : coarse;
    int len = ring.length / W;
    long c = 0;
    double s = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (long i = a; i <= b; i++) {
      int at = slot(i, len) * W;
      c += (long) ring[at];
      s += ring[at + 1];
      min = Math.min(min, ring[at + 2]);
      max = Math.max(max, ring[at + 3]);
    }
    if (open) {
      c += seq - snapCount;
      s += sum.sum() - snapSum;
      Slot live = slot;
      min = Math.min(min, live.min);
      max = Math.max(max, live.max);
    }
    double[] values = valuesBetween(from, open ? to + 1 : to);
    return stats(from, to, c, s, min, max, values);
  }

  /** Returns the kept values written in {@code [from, until)}, oldest first. */
  private double[] valuesBetween(long from, long until) {
    long[] s = samples;
    long end = seq;
    long start = Math.max(0, end - capacity);
    double[] out = new double[(int) (end - start)];
    int n = 0;
    for (long i = start; i < end; i++) {
      int at = (int) (i % capacity) << 1;
      long t = (long) LONGS.getAcquire(s, at + 1);
      if (t != NOT_WRITTEN && t >= from && t < until) {
        out[n++] = Double.longBitsToDouble(s[at]);
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  WindowStats lastSamples(long now, int n) {
    if (openIndex == UNSET) {
      return empty(now, now);
    }
    long[] s = samples;
    long end = seq;
    long start = Math.max(0, end - Math.min(n, capacity));
    double[] values = new double[(int) (end - start)];
    int m = 0;
    long from = Long.MAX_VALUE;
    long to = now;
    double total = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (long i = start; i < end; i++) {
      int at = (int) (i % capacity) << 1;
      long t = (long) LONGS.getAcquire(s, at + 1);
      if (t != NOT_WRITTEN) {
        double v = Double.longBitsToDouble(s[at]);
        values[m++] = v;
        total += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        from = Math.min(from, t);
        to = Math.max(to, t);
      }
    }
    if (m == 0) {
      return empty(now, now);
    }
    return stats(from, to, m, total, min, max, Arrays.copyOf(values, m));
  }

  private static WindowStats stats(long from, long to, long c, double s, double min, double max,
      double[] values) {
    if (c <= 0) {
      return empty(from, to);
    }
    if (values.length > c) { // values racing a roll were counted in a neighbouring bucket
      values = Arrays.copyOfRange(values, values.length - (int) c, values.length);
    }
    return WindowStats.ofValues(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), c, s,
        min <= max ? min : Double.NaN, min <= max ? max : Double.NaN, values);
  }

  @Override
  public String toString() {
    return "distribution " + key;
  }

  /** The minimum and maximum of one bucket, updated by writers with compare-and-set loops. */
  static final class Slot {

    private static final VarHandle MIN;
    private static final VarHandle MAX;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MIN = lookup.findVarHandle(Slot.class, "min", double.class);
        MAX = lookup.findVarHandle(Slot.class, "max", double.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long index;
    volatile double min = Double.POSITIVE_INFINITY;
    volatile double max = Double.NEGATIVE_INFINITY;

    Slot(long index) {
      this.index = index;
    }

    void accumulate(double value) {
      double m;
      while (value < (m = min)) {
        if (MIN.compareAndSet(this, m, value)) {
          break;
        }
      }
      while (value > (m = max)) {
        if (MAX.compareAndSet(this, m, value)) {
          break;
        }
      }
    }
  }
}
