/**
 * Metric series: named, tagged streams of counter increments and distribution samples, kept in
 * sliding windows for alert rules and dashboard charts.
 *
 * <p>A {@link dev.vigil.metrics.SeriesKey} names a series; a {@link dev.vigil.metrics.SeriesStore}
 * keeps its recent history and answers window queries with {@link
 * dev.vigil.metrics.WindowStats}; {@link dev.vigil.metrics.SeriesCounter} and {@link
 * dev.vigil.metrics.SeriesDistribution} are pre-resolved handles for hot paths. {@link
 * dev.vigil.metrics.SeriesStore#inMemory(SeriesOptions)} is the built-in store, configured with
 * {@link dev.vigil.metrics.SeriesOptions}.
 *
 * <p>Tags are given as Micrometer gives them, alternating keys and values: {@code "platform",
 * "tiktok", "region", "eu"}. Tag values must be bounded (never a message or an id).
 *
 * <p>Parameters and return values are non-null unless documented otherwise. The {@code internal}
 * package is not API.
 */
package dev.vigil.metrics;
