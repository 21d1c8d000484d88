package dev.vigil.alerts;

/**
 * What a condition found for one group at one evaluation.
 *
 * @param value the value compared with the threshold; {@code NaN} when there was no data
 * @param breached whether the value is on the firing side of the threshold
 * @param cleared whether the value is on the clear side of the clear threshold (the threshold
 *     itself when the condition has no separate clear threshold), so that a firing alert may
 *     resolve; {@code true} when there was no data
 * @param description what was compared, for transition reasons, such as {@code count of
 *     token.refresh.failure over PT1H = 4.0 (> 3.0)}
 */
public record Reading(double value, boolean breached, boolean cleared, String description) {}
