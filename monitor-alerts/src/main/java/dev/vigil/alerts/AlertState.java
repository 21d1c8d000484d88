package dev.vigil.alerts;

/** Where an {@link Alert} is in its lifecycle: PENDING, then FIRING, then RESOLVED. */
public enum AlertState {
  /** The condition holds, for less than the rule's pending period so far. */
  PENDING,
  /** The condition held for the pending period; notify. */
  FIRING,
  /** The alert ended: its condition cleared (after the keep-firing period when it fired). */
  RESOLVED;

  /** Returns whether an alert in this state is active (PENDING or FIRING). */
  public boolean isActive() {
    return this != RESOLVED;
  }
}
