/** Internals of the JDBC store: not an API, may change in any release. */
package dev.vigil.store.jdbc.internal;
