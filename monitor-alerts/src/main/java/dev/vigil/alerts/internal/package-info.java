/**
 * Internal: the in-memory alert store and the helpers that group and combine series for
 * conditions, and the Jackson-based parser of rule files (which only touches Jackson when a file
 * is read). Not API; may change in any release.
 */
package dev.vigil.alerts.internal;
