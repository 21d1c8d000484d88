package dev.vigil.store.jdbc;

import java.io.Serial;

/** A database operation of the JDBC store failed; the cause is the {@link java.sql.SQLException}. */
public final class JdbcStoreException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception saying what failed ({@code what}) and why ({@code cause}). */
  public JdbcStoreException(String what, Throwable cause) {
    super(what + ": " + cause.getMessage(), cause);
  }

  /** Creates an exception saying what is wrong. */
  public JdbcStoreException(String message) {
    super(message);
  }
}
