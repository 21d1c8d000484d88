package dev.vigil.tail;

import java.util.function.Consumer;

/**
 * Joins the continuation lines of a Java stack trace to the record they continue. A line
 * continues the previous record if it starts with a tab; or, after optional leading whitespace,
 * with {@code Caused by:}, {@code Suppressed:} or {@code ... N more} (also Logback's {@code ... N
 * common frames omitted}); or if it starts with at least one whitespace character followed by
 * {@code at }. A record is delivered when a line that is not a continuation arrives, or on {@link
 * #flush()}; it keeps at most {@code maxLength} characters, and continuation lines past that are
 * dropped (reported once per record through {@code onCut}).
 *
 * <p>Not thread-safe: used by one {@link LogTail} under its lock.
 */
final class StackTraceJoiner {

  private final int maxLength;
  private final Consumer<String> out;
  private final Runnable onCut;
  private final StringBuilder record = new StringBuilder();
  private boolean pending;
  private boolean cut;

  StackTraceJoiner(int maxLength, Consumer<String> out, Runnable onCut) {
    this.maxLength = maxLength;
    this.out = out;
    this.onCut = onCut;
  }

  /** Accepts the next line; {@code line.length()} must not exceed the record limit. */
  void line(String line) {
    if (pending && isContinuation(line)) {
      append(line);
    } else {
      flush();
      record.append(line);
      pending = true;
    }
  }

  /** Delivers the record being assembled, if any. */
  void flush() {
    if (pending) {
      String s = record.toString();
      record.setLength(0);
      pending = false;
      cut = false;
      out.accept(s);
    }
  }

  /** Returns whether a record is waiting for possible continuation lines. */
  boolean hasPendingRecord() {
    return pending;
  }

  private void append(String line) {
    if (cut) {
      return;
    }
    int room = maxLength - record.length();
    if (room >= line.length() + 1) {
      record.append('\n').append(line);
      return;
    }
    if (room > 1) {
      int end = room - 1;
      if (Character.isHighSurrogate(line.charAt(end - 1))) {
        end--;
      }
      record.append('\n').append(line, 0, end);
    }
    cut = true;
    onCut.run();
  }

  static boolean isContinuation(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    if (s.charAt(0) == '\t') {
      return true;
    }
    int i = 0;
    while (i < n && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i > 0 && s.startsWith("at ", i)) {
      return true;
    }
    if (s.startsWith("Caused by:", i) || s.startsWith("Suppressed:", i)) {
      return true;
    }
    if (s.startsWith("... ", i)) {
      int j = i + 4;
      int digits = j;
      while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
        j++;
      }
      return j > digits
          && (s.startsWith(" more", j) || s.startsWith(" common frames omitted", j));
    }
    return false;
  }
}
