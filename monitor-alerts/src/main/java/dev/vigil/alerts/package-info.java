/**
 * Alert rules over a {@link dev.vigil.Monitor}'s metric series and event counts.
 *
 * <p>An {@link dev.vigil.alerts.AlertRule} names a {@link dev.vigil.alerts.Condition} (a
 * threshold, a ratio, an event count or an absence), group-by tags, a pending period, a
 * keep-firing period, a severity, labels, annotations and a runbook link. An {@link
 * dev.vigil.alerts.AlertEngine} evaluates rules on demand or on a schedule, moves their {@link
 * dev.vigil.alerts.Alert}s through PENDING, FIRING and RESOLVED, keeps them in an {@link
 * dev.vigil.alerts.AlertStore} and publishes each transition to {@link
 * dev.vigil.alerts.AlertListener}s.
 *
 * <p>Parameters and return values are non-null unless documented otherwise. The {@code internal}
 * package is not API.
 */
package dev.vigil.alerts;
