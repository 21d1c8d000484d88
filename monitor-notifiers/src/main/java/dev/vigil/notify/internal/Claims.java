package dev.vigil.notify.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** The argument checks of the outboxes' claims, the same in every implementation. */
public final class Claims {

  private Claims() {}

  /**
   * Checks the arguments of {@code Outbox.claim}.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive or {@code max} is below 1
   */
  public static void check(String owner, Instant now, Duration ttl, int max) {
    requireNonNull(owner, "owner");
    requireNonNull(now, "now");
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a claim's ttl must be positive but was " + ttl);
    }
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
  }
}
