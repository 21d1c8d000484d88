package dev.vigil.tail;

/**
 * Splits decoded characters into lines at {@code '\n'}, strips one {@code '\r'} before it, and
 * keeps at most {@code maxLength} characters of each line: the rest of a longer line is skipped up
 * to its newline and the line is reported as truncated. Memory stays bounded by {@code maxLength}
 * whatever the input.
 *
 * <p>Not thread-safe: used by one {@link LogTail} under its lock.
 */
final class LineAssembler {

  /** Receives the assembled lines. */
  interface Output {
    void line(String line, boolean truncated);
  }

  private final int maxLength;
  private final Output out;
  private final StringBuilder line = new StringBuilder();
  /** A '\r' arrived just past the limit: not a truncation if '\n' follows. */
  private boolean heldCr;
  /** Characters past the limit were skipped. */
  private boolean overflow;

  LineAssembler(int maxLength, Output out) {
    this.maxLength = maxLength;
    this.out = out;
  }

  /** Consumes {@code a[from..to)}. */
  void accept(char[] a, int from, int to) {
    int i = from;
    while (i < to) {
      int nl = i;
      while (nl < to && a[nl] != '\n') {
        nl++;
      }
      append(a, i, nl);
      if (nl == to) {
        return;
      }
      endLine();
      i = nl + 1;
    }
  }

  /** Delivers the partial last line, if any: the input ended without a final newline. */
  void endOfInput() {
    if (line.length() > 0 || overflow || heldCr) {
      endLine();
    }
  }

  /** Returns whether part of a line is held, waiting for its newline. */
  boolean hasPartialLine() {
    return line.length() > 0 || overflow || heldCr;
  }

  private void append(char[] a, int from, int to) {
    if (from == to || overflow) {
      return;
    }
    int room = maxLength - line.length();
    if (room > 0 && !heldCr) {
      int n = Math.min(room, to - from);
      line.append(a, from, n);
      from += n;
      if (from == to) {
        return;
      }
    }
    if (!heldCr && to - from == 1 && a[from] == '\r') {
      heldCr = true;
    } else {
      overflow = true;
    }
  }

  private void endLine() {
    boolean truncated = overflow;
    int len = line.length();
    if (truncated) {
      if (len > 0 && Character.isHighSurrogate(line.charAt(len - 1))) {
        line.setLength(len - 1); // do not hand out half a surrogate pair
      }
    } else if (!heldCr && len > 0 && line.charAt(len - 1) == '\r') {
      line.setLength(len - 1);
    }
    String s = line.toString();
    line.setLength(0);
    heldCr = false;
    overflow = false;
    out.line(s, truncated);
  }
}
