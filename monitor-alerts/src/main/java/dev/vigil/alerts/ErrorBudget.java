package dev.vigil.alerts;

import java.time.Duration;

/**
 * The error budget of an {@link Slo} at one moment, from {@link Slo#errorBudget}.
 *
 * <p>The budget is read over {@code window}: the compliance period, or the longest window the
 * store keeps (3 days for the built-in store) when the period is longer. In that case {@code
 * remaining} is the budget of that window, as if the whole period looked like it; a 30-day
 * budget proper needs a store that keeps 30 days.
 *
 * @param slo the SLO's id
 * @param objective the SLO's objective, such as 0.999
 * @param compliancePeriod the SLO's compliance period
 * @param window the window read for {@code good}, {@code total}, {@code goodFraction} and {@code
 *     remaining}
 * @param good the good events in the window (for a latency SLO, possibly estimated; see {@link
 *     Slo})
 * @param total all events in the window
 * @param goodFraction {@code good / total}; {@code NaN} with no event
 * @param remaining the fraction of the budget left, {@code 1 - consumed} where consumed is the
 *     bad fraction over the allowed one {@code (1 - goodFraction) / (1 - objective)}: 1 when
 *     nothing failed, 0 when the budget is spent exactly, negative when overspent; {@code NaN}
 *     with no event
 * @param burnRate1h the burn rate over the last hour; {@code NaN} with no event in it
 */
public record ErrorBudget(String slo, double objective, Duration compliancePeriod,
    Duration window, double good, double total, double goodFraction, double remaining,
    double burnRate1h) {}
