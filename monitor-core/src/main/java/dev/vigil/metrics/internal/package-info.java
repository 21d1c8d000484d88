/**
 * Internal: the in-memory series store and the recorder that feeds series and Micrometer meters.
 * Not API; may change in any release.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li>A series keeps cumulative totals (adders) that writers update without a lock, and rings of
 *       closed time buckets (primitive arrays, allocated by the first write) filled from the
 *       growth of those totals when time moves past the open bucket. The roll happens on the
 *       first write or read after a bucket ends, under the series' monitor, so an increment
 *       racing it lands in one bucket or the next and is never lost.
 *   <li>Writers never call the system clock: with the system clock they read {@link
 *       dev.vigil.metrics.internal.CoarseClock}, a volatile millisecond value that one shared
 *       daemon thread refreshes; with an injected clock (tests) they call it directly.
 *   <li>A counter increment writes one {@code DoubleAdder}: the Micrometer side of a counter is a
 *       {@code FunctionCounter} reading the same total.
 *   <li>Distributions also keep the minimum and maximum of the open bucket, and a ring of the last
 *       N values with their times for percentiles: a window's percentiles are computed from the
 *       kept values inside it, exact while the window holds at most N values, the most recent N
 *       otherwise.
 * </ul>
 */
package dev.vigil.metrics.internal;
