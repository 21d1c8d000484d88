package dev.vigil.internal.json;

/**
 * Thrown by {@link JsonReader} when a text is not valid JSON or nests deeper than allowed. The
 * message says what is wrong and where, as in {@code "expected ':' after object key at column
 * 17"} (or {@code "at line 2, column 5"} when the text spans lines).
 *
 * <p>Invalid JSON is an expected input (a log line may be plain text), not a programming error, so
 * the exception is checked, and it carries no stack trace: creating one costs little more than
 * building its message. Immutable.
 */
public final class JsonException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int offset;

  JsonException(String message, int offset) {
    super(message, null, false, false);
    this.offset = offset;
  }

  /** Returns the index in the text of the character where the problem was found. */
  public int offset() {
    return offset;
  }
}
