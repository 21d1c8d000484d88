package dev.vigil.store;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * The repeats of one problem: every event that shares a {@link MonitorEvent#fingerprint()},
 * shown as one row with a count, like an "issue" in Sentry.
 *
 * @param fingerprint the shared fingerprint
 * @param latest the most recent event of the group, with the full message and context
 * @param severity the highest severity seen in the group
 * @param firstSeen when the first event of the group happened
 * @param lastSeen when the latest event of the group happened
 * @param count how many events the group holds (in the queried window, for
 *     {@link EventStats#topGroups()}; since first seen otherwise)
 */
public record EventGroup(
    String fingerprint,
    MonitorEvent latest,
    Severity severity,
    Instant firstSeen,
    Instant lastSeen,
    long count) {

  /** Validates the components. */
  public EventGroup {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive but was " + count);
    }
  }
}
