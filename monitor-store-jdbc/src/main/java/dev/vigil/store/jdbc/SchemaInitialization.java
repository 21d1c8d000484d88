package dev.vigil.store.jdbc;

/**
 * Whether the store creates its tables when it starts, the Spring Batch and Quartz convention.
 * Creating is idempotent ({@code CREATE TABLE IF NOT EXISTS}), so running it on every start and on
 * every instance is harmless.
 */
public enum SchemaInitialization {
  /** Always create missing tables and indexes. */
  ALWAYS,
  /** Only on an embedded database (H2); the default. On PostgreSQL, run the shipped scripts yourself. */
  EMBEDDED,
  /** Never: the tables are managed elsewhere (Flyway, Liquibase, a DBA). */
  NEVER
}
