/**
 * Vigil's stores in a relational database, and the cluster lease: {@link
 * dev.vigil.store.jdbc.JdbcStore}.
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.vigil.store.jdbc;
