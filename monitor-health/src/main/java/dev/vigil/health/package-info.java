/**
 * Health checks of what an application depends on (HTTP endpoints, ports, DNS, memory, disk,
 * databases, processes, commands), run on a schedule with timeouts and thresholds by a {@link
 * dev.vigil.health.HealthMonitor}, recorded with statistics, turned into alerts, and repaired by
 * {@linkplain dev.vigil.health.RecoveryPolicy recovery actions}; and scheduled maintenance.
 */
package dev.vigil.health;
