/**
 * Internal: the JSON/YAML document tree the rule-file readers of {@code monitor-classifier} and
 * {@code monitor-alerts} check, built with Jackson 3 (an optional dependency: callers check it is
 * present first). Not API; may change without notice.
 */
package dev.vigil.internal.doc;
