package dev.vigil.health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Thread-safe. */
final class ManualClock implements InstantSource {

  private final AtomicLong millis;

  ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  static ManualClock at(String instant) {
    return new ManualClock(Instant.parse(instant));
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }
}
