package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One change of an alert's state, as kept in its {@linkplain Alert#history() history}.
 *
 * @param from the state before, or {@code null} for the alert's first transition
 * @param to the state after
 * @param at when the engine saw the change (the monitor's clock)
 * @param reason why, naming the condition and its value
 * @param value the condition's value at the time, {@code NaN} if there was none
 */
public record Transition(AlertState from, AlertState to, Instant at, String reason, double value) {
  /** Checks that {@code to}, {@code at} and {@code reason} are not null. */
  public Transition {
    requireNonNull(to, "to");
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
  }
}
