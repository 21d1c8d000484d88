/**
 * Internal, not API: a small strict JSON reader ({@link dev.vigil.internal.json.JsonReader}) and
 * the mapping of structured JSON log lines to log fields ({@link
 * dev.vigil.internal.json.JsonLogLine}), so that monitor-core can ingest JSON logs without a JSON
 * library. May change in any release.
 *
 * <p>Parameters and return values are non-null unless documented otherwise.
 */
package dev.vigil.internal.json;
