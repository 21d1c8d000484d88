package dev.vigil.alerts;

/**
 * Where an {@link Alert} is in its lifecycle: PENDING, then FIRING (or ACKNOWLEDGED, SILENCED
 * or FLAPPING), then RESOLVED.
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
  /**
   * Firing, but muted ({@link Alert#mutedBy()}): an active {@link Silence} or {@link
   * MaintenanceWindow} matches its labels, or a firing alert {@linkplain InhibitRule inhibits}
   * it; it returns to FIRING when that ends.
   */
  SILENCED,
  /**
   * Fired, but it fired and resolved too often lately ({@link AlertRule#flapThreshold()} changes
   * within the {@linkplain AlertRule#flapWindow() flap window}): published once, then quiet until
   * its condition holds steady (breaching or clear) for the flap window; it then becomes FIRING
   * or RESOLVED.
   */
  FLAPPING,
  /**
   * The alert ended: its condition cleared (after the keep-firing period when it fired), or
   * someone {@linkplain AlertEngine#resolve resolved} it by hand.
   */
  RESOLVED;

  /** Returns whether an alert in this state is active (any state but RESOLVED). */
  public boolean isActive() {
    return this != RESOLVED;
  }

  /** Returns whether an alert in this state has fired: any active state but PENDING. */
  public boolean hasFired() {
    return this != PENDING && this != RESOLVED;
  }
}
