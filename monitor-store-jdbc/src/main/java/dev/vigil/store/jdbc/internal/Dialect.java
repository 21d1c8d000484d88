package dev.vigil.store.jdbc.internal;

import dev.vigil.store.jdbc.JdbcStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The SQL that differs between the databases the store supports. */
public enum Dialect {
  POSTGRESQL("postgresql", false),
  H2("h2", true);

  private final String scriptDir;
  private final boolean embedded;

  Dialect(String scriptDir, boolean embedded) {
    this.scriptDir = scriptDir;
    this.embedded = embedded;
  }

  /** Returns the dialect of the database {@code connection} is connected to. */
  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new JdbcStoreException("unsupported database '" + product
        + "': the JDBC store supports PostgreSQL and H2");
  }

  /** Returns the directory of this dialect's schema scripts under {@code dev/vigil/store/jdbc/schema}. */
  public String scriptDir() {
    return scriptDir;
  }

  /** Returns whether databases of this dialect count as embedded for {@code EMBEDDED} schema creation. */
  public boolean embedded() {
    return embedded;
  }

  /**
   * Returns the SQL expression of the database's current time plus {@code ?} milliseconds (one
   * parameter): leases compare times on the database's clock, never on the instances' clocks.
   */
  public String nowPlusMillis() {
    return this == POSTGRESQL
        ? "CURRENT_TIMESTAMP + (? * INTERVAL '1 millisecond')"
        : "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
  }

  /**
   * Returns the suffix of a {@code SELECT} that locks the rows it returns and skips rows other
   * transactions hold locked: {@code FOR UPDATE SKIP LOCKED}, which PostgreSQL and H2 (2.x, as
   * tested here) both have; several claimers thus take different rows without waiting for each
   * other.
   */
  public String forUpdateSkipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /** Returns the SQL expression of the next value of sequence {@code sequence}. */
  public String nextValue(String sequence) {
    return this == POSTGRESQL ? "nextval('" + sequence + "')" : "NEXT VALUE FOR " + sequence;
  }

  /**
   * Returns a statement that inserts one row into {@code table} or, when a row with the same
   * {@code key} exists, updates it with the SQL assignments {@code updates} returns for the name
   * of the new row: in them, {@code t.<column>} is the stored row and {@code <new row>.<column>}
   * the row given. Every assignment sees the stored row as it was. {@code columns} maps each
   * column, in parameter order, to its SQL type (H2 types the new row's values by it: it would
   * otherwise type a column by a batch's first row, and a NULL there turns the later rows'
   * values to NULL). PostgreSQL: {@code INSERT … ON CONFLICT DO UPDATE} (atomic; one row per key
   * in a statement, which a rewritten batch is); H2: {@code MERGE … USING}, where two
   * transactions inserting the same new key at once may fail with a unique violation (retry).
   */
  public String upsert(String table, String key, Map<String, String> columns,
      Function<String, String> updates) {
    String names = String.join(", ", columns.keySet());
    if (this == POSTGRESQL) {
      return "INSERT INTO " + table + " AS t (" + names + ") VALUES ("
          + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")"
          + " ON CONFLICT (" + key + ") DO UPDATE SET " + updates.apply("EXCLUDED");
    }
    return "MERGE INTO " + table + " t USING (VALUES ("
        + String.join(", ", columns.values().stream().map(type -> "CAST(? AS " + type + ")")
            .toList())
        + ")) AS n (" + names + ") ON t." + key + " = n." + key
        + " WHEN MATCHED THEN UPDATE SET " + updates.apply("n")
        + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES ("
        + String.join(", ", columns.keySet().stream().map(c -> "n." + c).toList()) + ")";
  }

  /**
   * Returns a statement that deletes at most {@code ?} rows (the last parameter) of {@code table}
   * that meet {@code condition} (whose parameters come first), {@code key} being the table's
   * primary key: one short transaction where a plain {@code DELETE} would lock every expired row
   * at once. PostgreSQL has no {@code DELETE … LIMIT}: it deletes the keys a limited subquery
   * selects. H2 uses its {@code DELETE … FETCH FIRST}, and must: H2 2.5 deletes fewer rows than
   * such a subquery selects when it looks the keys up through the primary key, and returns a wrong
   * count when {@code condition} has an {@code IN (…)} it answers from an index (keep those out).
   */
  public String deleteAtMost(String table, String key, String condition) {
    if (this == POSTGRESQL) {
      return "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
          + " WHERE " + condition + " LIMIT ?)";
    }
    return "DELETE FROM " + table + " WHERE " + condition + " FETCH FIRST ? ROWS ONLY";
  }
}
