/**
 * Where captured events go: the {@link dev.vigil.store.EventStore} SPI, its queries and the
 * in-memory default.
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.vigil.store;
