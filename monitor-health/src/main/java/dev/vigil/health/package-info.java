/**
 * Health checks of what an application depends on (HTTP endpoints, ports, DNS, memory, disk,
 * databases, processes, commands), run on a schedule with timeouts and thresholds by a {@code
 * HealthMonitor}, recorded with statistics, turned into alerts, and repaired by
 * recovery actions; and scheduled maintenance.
 */
package dev.vigil.health;
