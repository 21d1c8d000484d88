package dev.vigil.metrics.internal;

import dev.vigil.metrics.SeriesOptions;
import java.time.Clock;
import java.time.InstantSource;
import java.time.ZoneOffset;

/**
 * The bucket geometry and clock shared by every series of one store, from its {@link
 * SeriesOptions}; times are epoch milliseconds and bucket {@code i} of a ring covers {@code
 * [i × step, (i + 1) × step)}. Each ring has one slot more than the buckets it keeps, for the
 * bucket still filling. Immutable.
 */
final class BucketLayout {

  final long fineStep;
  final int fineCount;
  final int fineLen;
  final long coarseStep;
  final int coarseCount;
  final int coarseLen;
  /** Fine buckets per coarse bucket. */
  final long ratio;
  final int sampleCapacity;
  /** Whether writers read {@link CoarseClock} instead of {@link #clock}. */
  final boolean systemClock;
  final InstantSource clock;

  BucketLayout(SeriesOptions options) {
    this.fineStep = options.fineStep().toMillis();
    this.fineCount = options.fineCount();
    this.fineLen = fineCount + 1;
    this.coarseStep = options.coarseStep().toMillis();
    this.coarseCount = options.coarseCount();
    this.coarseLen = coarseCount + 1;
    this.ratio = coarseStep / fineStep;
    this.sampleCapacity = options.sampleCapacity();
    this.clock = options.clock();
    this.systemClock = isSystem(clock);
  }

  static boolean isSystem(InstantSource clock) {
    return clock.equals(InstantSource.system())
        || clock instanceof Clock
            && ((Clock) clock).withZone(ZoneOffset.UTC).equals(Clock.systemUTC());
  }

  /** Returns the precise current time, for reads. */
  long readTime() {
    return systemClock ? System.currentTimeMillis() : clock.millis();
  }

  /** Returns the fine retention in milliseconds. */
  long fineRetention() {
    return fineStep * fineCount;
  }

  static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
