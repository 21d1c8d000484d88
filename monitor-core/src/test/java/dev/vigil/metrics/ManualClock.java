package dev.vigil.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; thread-safe. */
public final class ManualClock implements InstantSource {

  /** A start aligned to every default bucket width. */
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong millis;

  public ManualClock() {
    this(T0);
  }

  public ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  /** Sets the clock to {@code T0 + sinceT0}. */
  public void at(Duration sinceT0) {
    millis.set(T0.plus(sinceT0).toEpochMilli());
  }
}
