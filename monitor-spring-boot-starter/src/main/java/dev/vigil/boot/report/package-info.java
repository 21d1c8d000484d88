/**
 * Scheduled reports (seed 004's weekly report): {@link dev.vigil.boot.report.ReportGenerator}
 * reads the monitor's events, the health checks' records and the alert engine's alerts of a
 * period into an immutable {@link dev.vigil.boot.report.Report};
 * {@link dev.vigil.boot.report.ReportFormat} renders it as HTML (email), plain text (chat) and a
 * map of simple types (JSON, the Actuator endpoint and the dashboard);
 * {@link dev.vigil.boot.report.VigilReports} sends it through the notifier's channels on a weekly
 * or daily schedule. Nothing here depends on Spring.
 */
package dev.vigil.boot.report;
