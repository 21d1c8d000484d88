/**
 * Vigil's public API: the types every module shares.
 *
 * <p>Everything here is immutable and thread-safe unless stated otherwise. Parameters and return
 * values are non-null unless documented as nullable.
 */
package dev.vigil;
