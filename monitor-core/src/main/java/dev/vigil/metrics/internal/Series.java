package dev.vigil.metrics.internal;

import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.WindowStats;
import java.time.InstantSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One series of an {@link InMemorySeriesStore}: cumulative totals written by any thread without a
 * lock, and two rings of closed buckets (fine and coarse) filled from those totals when time moves
 * past the open bucket.
 *
 * <p>Threading. Writers read the time (from {@link CoarseClock} or the injected clock) and the
 * volatile {@link #rollAt}, the end of the open fine bucket; only the writer that sees the time
 * past it takes this object's monitor to roll the rings, once per bucket. Readers take the monitor,
 * roll to the current time, then sum the closed buckets and the open one. Rolling turns the growth
 * of the cumulative totals since the previous roll into the closed bucket, so an increment racing
 * a roll lands in one bucket or the next, and is never lost. Rings are allocated by the first
 * write, under the monitor, before {@link #rollAt} is first published.
 */
abstract class Series {

  static final long UNSET = Long.MIN_VALUE;

  final SeriesKey key;
  final BucketLayout layout;
  private final boolean systemClock;
  private final InstantSource clock;

  /** The end of the open fine bucket: writers roll once the time reaches it. */
  volatile long rollAt = Long.MIN_VALUE;

  /** The absolute index of the open fine bucket, or {@link #UNSET} before the first write. */
  long openIndex = UNSET; // guarded by this

  Series(SeriesKey key, BucketLayout layout) {
    this.key = key;
    this.layout = layout;
    this.systemClock = layout.systemClock;
    this.clock = layout.clock;
  }

  /** Returns the time for a write: cheap, possibly a tick behind. */
  final long writeTime() {
    return systemClock ? CoarseClock.millis() : clock.millis();
  }

  /** Rolls the rings to {@code now}; called by a writer that found the open bucket over. */
  final synchronized void roll(long now) {
    advance(now);
  }

  /** Rolls the rings so that the open fine bucket is the one holding {@code now}. */
  final void advance(long now) {
    long step = layout.fineStep;
    long k = Math.floorDiv(now, step);
    if (openIndex == UNSET) {
      allocate();
      openIndex = k;
      closeAndOpen(UNSET, 0, 0, k);
      rollAt = (k + 1) * step;
      return;
    }
    foldLate();
    long j = openIndex;
    if (k <= j) {
      return; // the clock went back, or another thread rolled first
    }
    long jc = Math.floorDiv(j, layout.ratio);
    long kc = Math.floorDiv(k, layout.ratio);
    closeAndOpen(j, slot(j, layout.fineLen), slot(jc, layout.coarseLen), k);
    for (long i = j + 1; i <= k && i <= j + layout.fineLen; i++) {
      clearFine(slot(i, layout.fineLen));
    }
    for (long i = jc + 1; i <= kc && i <= jc + layout.coarseLen; i++) {
      clearCoarse(slot(i, layout.coarseLen));
    }
    openIndex = k;
    rollAt = (k + 1) * step;
  }

  static int slot(long index, int len) {
    return (int) Math.floorMod(index, (long) len);
  }

  /** Allocates the rings, cleared. */
  abstract void allocate();

  /**
   * Moves what the cumulative totals gained since the last call into fine slot {@code fineSlot}
   * and coarse slot {@code coarseSlot} (unless {@code closing} is {@link #UNSET}: the first call,
   * which only takes the starting totals), and starts bucket {@code opening}.
   */
  abstract void closeAndOpen(long closing, int fineSlot, int coarseSlot, long opening);

  /** Merges into their buckets what late writers added to a bucket after it was closed. */
  void foldLate() {}

  abstract void clearFine(int slot);

  abstract void clearCoarse(int slot);

  /**
   * Returns the statistics of ring buckets {@code a} to {@code b} (absolute indices in the chosen
   * ring, all inside it) plus, if {@code open}, the open bucket's live part, over {@code [from,
   * to]}.
   */
  abstract WindowStats aggregate(boolean fine, long a, long b, boolean open, long from, long to);

  /** Returns the statistics of the last {@code n} kept values (distributions only). */
  abstract WindowStats lastSamples(long now, int n);

  /** Answers {@link dev.vigil.metrics.SeriesStore#window}; {@code now} is the precise time. */
  final synchronized WindowStats window(long now, long window) {
    if (openIndex == UNSET) {
      return empty(now - window, now);
    }
    advance(now);
    now = Math.max(now, openIndex * layout.fineStep);
    boolean fine = window <= layout.fineRetention();
    long step = fine ? layout.fineStep : layout.coarseStep;
    long k = fine ? openIndex : Math.floorDiv(openIndex, layout.ratio);
    int keep = fine ? layout.fineCount : layout.coarseCount;
    long f = Math.min(k, Math.max(k - keep, BucketLayout.ceilDiv(now - window, step)));
    return aggregate(fine, f, k, true, f * step, now);
  }

  /** Answers {@link dev.vigil.metrics.SeriesStore#buckets}. */
  final synchronized List<WindowStats> buckets(long now, long window, long width) {
    if (openIndex == UNSET) {
      return List.of();
    }
    advance(now);
    now = Math.max(now, openIndex * layout.fineStep);
    boolean fine = window <= layout.fineRetention();
    long step = fine ? layout.fineStep : layout.coarseStep;
    long k = fine ? openIndex : Math.floorDiv(openIndex, layout.ratio);
    int keep = fine ? layout.fineCount : layout.coarseCount;
    long f = Math.min(k, Math.max(k - keep, BucketLayout.ceilDiv(now - window, step)));
    long m = Math.max(1, BucketLayout.ceilDiv(width, step));
    long g = BucketLayout.ceilDiv(f, m) * m; // the first point starting in the window
    if (g > k) {
      g = Math.floorDiv(k, m) * m; // the window is narrower than a point: the point holding now
    }
    List<WindowStats> points = new ArrayList<>((int) ((k - g) / m + 1));
    for (long a = g; a <= k; a += m) {
      long b = Math.min(a + m - 1, k);
      boolean open = b == k;
      long to = open ? now : (b + 1) * step;
      points.add(aggregate(fine, Math.max(a, k - keep), b, open, a * step, to));
    }
    return List.copyOf(points);
  }

  /** Answers {@link dev.vigil.metrics.SeriesStore#lastSamples}. */
  final synchronized WindowStats lastValues(long now, int n) {
    return lastSamples(now, n);
  }

  static WindowStats empty(long from, long to) {
    return WindowStats.ofTotal(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), 0);
  }
}
