/**
 * Internal: the in-memory alert store and the helpers that group and combine series for
 * conditions. Not API; may change in any release.
 */
package dev.vigil.alerts.internal;
