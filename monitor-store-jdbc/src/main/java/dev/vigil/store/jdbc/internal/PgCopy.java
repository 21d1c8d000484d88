package dev.vigil.store.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows written with PostgreSQL's {@code COPY … FROM STDIN} (text format) through pgjdbc's copy
 * API, in the caller's transaction: about twice as fast as the driver's rewritten multi-row
 * {@code INSERT}s for the events table. Only this class names pgjdbc, an optional dependency: it
 * is loaded only on PostgreSQL, and {@link #usable} says whether the connection is pgjdbc's.
 */
final class PgCopy {

  private PgCopy() {}

  /** Returns whether {@code c} is (or wraps) a pgjdbc connection; false if pgjdbc is absent. */
  static boolean usable(Connection c) {
    try {
      return c.isWrapperFor(PGConnection.class);
    } catch (SQLException | LinkageError e) {
      return false;
    }
  }

  /** Copies {@code rows} (each a list of column values, {@code null} for NULL) with {@code sql}. */
  static void copy(Connection c, String sql, List<String[]> rows) throws SQLException {
    StringBuilder text = new StringBuilder(rows.size() * 512);
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          text.append('\t');
        }
        appendValue(text, row[i]);
      }
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8); // pgjdbc talks UTF-8
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      in.writeToCopy(bytes, 0, bytes.length);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /** Appends {@code value} escaped for COPY's text format: {@code \N} for NULL. */
  static void appendValue(StringBuilder text, String value) {
    if (value == null) {
      text.append("\\N");
      return;
    }
    for (int i = 0, n = value.length(); i < n; i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(ch);
      }
    }
  }
}
