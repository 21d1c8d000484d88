package dev.vigil;

/**
 * Receives the events a {@link Monitor} stores, as they are captured.
 *
 * <p>Contract: each subscription calls its listener from one thread of its own, in capture order,
 * never concurrently. A listener should be quick; while it runs, newer events wait in the
 * subscription's bounded buffer and, when that is full, are dropped for this listener only
 * (counted by {@link Subscription#dropped()}). The pipeline and other listeners are never slowed.
 * An exception thrown by the listener is caught and counted; the subscription goes on. Whatever
 * the listener logs is not captured again, so it cannot feed back into itself.
 */
@FunctionalInterface
public interface EventListener {

  /** Called once for each stored event. */
  void onEvent(MonitorEvent event);
}
