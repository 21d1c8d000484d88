/**
 * The built-in {@link dev.vigil.notify.Channel}s: chat (Slack, Discord, Microsoft Teams),
 * incident tools (generic webhook, Prometheus Alertmanager, PagerDuty, Opsgenie), people (email,
 * SMS, WhatsApp) and the console.
 */
package dev.vigil.notify.channel;
