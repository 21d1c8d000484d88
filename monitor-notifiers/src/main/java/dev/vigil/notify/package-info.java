/**
 * Delivers alert transitions to people and systems: a {@link dev.vigil.notify.Notifier} listens
 * to an {@link dev.vigil.alerts.AlertEngine}, {@linkplain dev.vigil.notify.Route routes} each
 * transition to {@linkplain dev.vigil.notify.Channel channels}, writes it to an {@link
 * dev.vigil.notify.Outbox} and delivers it off the caller's thread, with rate limits, retries,
 * a circuit breaker, fallbacks, escalation and a dead-letter list.
 */
package dev.vigil.notify;
