package dev.vigil.health;

/** What a health check found, from best to worst: UP, DEGRADED, DOWN; UNKNOWN if it could not tell. */
public enum HealthStatus {
  /** Works. */
  UP,
  /** Works, but worse than it should (slow, nearly full, a certificate expiring soon). */
  DEGRADED,
  /** Does not work. */
  DOWN,
  /** The check could not tell (not run yet, or failed in an unexpected way). */
  UNKNOWN
}
