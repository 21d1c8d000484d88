/**
 * Internal implementation classes of Vigil's core, not API: they may change without notice in any
 * release. Do not use them from outside Vigil.
 */
package dev.vigil.internal;
