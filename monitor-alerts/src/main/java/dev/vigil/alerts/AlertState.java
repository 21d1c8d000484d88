package dev.vigil.alerts;

/**
 * Where an {@link Alert} is in its lifecycle: PENDING, then FIRING (or ACKNOWLEDGED or SILENCED),
 * then RESOLVED.
 */
public enum AlertState {
  /** The condition holds, for less than the rule's pending period so far. */
  PENDING,
  /** The condition held for the pending period; notify. */
  FIRING,
  /**
   * Firing, and someone {@linkplain AlertEngine#acknowledge acknowledged} it until some time; it
   * returns to FIRING (and is published again) if the acknowledgement expires first.
   */
  ACKNOWLEDGED,
  /** Firing, but its labels match an active {@link Silence}; it returns to FIRING when it ends. */
  SILENCED,
  /**
   * The alert ended: its condition cleared (after the keep-firing period when it fired), or
   * someone {@linkplain AlertEngine#resolve resolved} it by hand.
   */
  RESOLVED;

  /** Returns whether an alert in this state is active (any state but RESOLVED). */
  public boolean isActive() {
    return this != RESOLVED;
  }

  /** Returns whether an alert in this state has fired: FIRING, ACKNOWLEDGED or SILENCED. */
  public boolean hasFired() {
    return this == FIRING || this == ACKNOWLEDGED || this == SILENCED;
  }
}
