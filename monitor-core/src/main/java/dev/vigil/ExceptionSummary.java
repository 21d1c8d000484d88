package dev.vigil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What Vigil keeps of an exception: its class, message, top stack frames and cause chain.
 *
 * <p>A summary holds no reference to the {@link Throwable} it came from, so a stored event never
 * keeps an application's objects alive. Frames are {@link StackTraceElement#toString()} strings,
 * at most {@link #MAX_FRAMES} per exception, and the cause chain is cut after {@link #MAX_CAUSES}
 * links. Immutable and thread-safe.
 *
 * @param type the exception's class name, such as {@code java.net.ConnectException}
 * @param message the exception's message, or {@code null} if it had none
 * @param frames the top stack frames, innermost first; never {@code null}, possibly empty
 * @param omittedFrames how many frames were dropped after the kept ones
 * @param cause the summary of the cause, or {@code null}
 */
public record ExceptionSummary(
    String type, String message, List<String> frames, int omittedFrames, ExceptionSummary cause) {

  /** The most stack frames kept per exception. */
  public static final int MAX_FRAMES = 24;

  /** The most causes kept below the top exception. */
  public static final int MAX_CAUSES = 8;

  /** The longest exception message kept, in chars; longer ones are cut. */
  public static final int MAX_MESSAGE_LENGTH = 2_048;

  /** Validates and copies the components. */
  public ExceptionSummary {
    Objects.requireNonNull(type, "type");
    frames = List.copyOf(frames);
    if (omittedFrames < 0) {
      throw new IllegalArgumentException("omittedFrames must not be negative but was "
          + omittedFrames);
    }
  }

  /** Summarizes a throwable and its causes, guarding against cause cycles. */
  public static ExceptionSummary of(Throwable throwable) {
    Objects.requireNonNull(throwable, "throwable");
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = throwable; t != null && seen.add(t) && chain.size() <= MAX_CAUSES;
        t = t.getCause()) {
      chain.add(t);
    }
    ExceptionSummary summary = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      StackTraceElement[] trace = t.getStackTrace();
      int kept = Math.min(trace.length, MAX_FRAMES);
      List<String> frames = new ArrayList<>(kept);
      for (int f = 0; f < kept; f++) {
        frames.add(trace[f].toString());
      }
      summary = new ExceptionSummary(t.getClass().getName(), cut(t.getMessage()), frames,
          trace.length - kept, summary);
    }
    return summary;
  }

  /**
   * Reads a stack trace printed the way {@link Throwable#printStackTrace()} prints it, as
   * services send it in JSON logs ({@code stack_trace} fields): a first line
   * {@code type: message} with a package-qualified type, {@code at frame} lines and
   * {@code Caused by:} sections. Returns {@code null} if the text does not start like a stack
   * trace.
   */
  public static ExceptionSummary parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] lines = text.split("\r?\n", 2_000);
    List<String[]> headers = new ArrayList<>();
    List<List<String>> frameLists = new ArrayList<>();
    List<int[]> omitted = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (headers.isEmpty() || line.startsWith("Caused by:")) {
        if (headers.size() > MAX_CAUSES) {
          break;
        }
        String header = headers.isEmpty() ? line : line.substring("Caused by:".length()).strip();
        int colon = header.indexOf(": ");
        String type = colon < 0 ? header : header.substring(0, colon);
        if (!looksLikeClassName(type)) {
          if (headers.isEmpty()) {
            return null;
          }
          continue;
        }
        headers.add(new String[] {type, colon < 0 ? null : cut(header.substring(colon + 2))});
        frameLists.add(new ArrayList<>());
        omitted.add(new int[1]);
      } else if (line.startsWith("at ")) {
        List<String> frames = frameLists.get(frameLists.size() - 1);
        if (frames.size() < MAX_FRAMES) {
          frames.add(line.substring(3).strip());
        } else {
          omitted.get(omitted.size() - 1)[0]++;
        }
      }
    }
    ExceptionSummary summary = null;
    for (int i = headers.size() - 1; i >= 0; i--) {
      summary = new ExceptionSummary(headers.get(i)[0], headers.get(i)[1], frameLists.get(i),
          omitted.get(i)[0], summary);
    }
    return summary;
  }

  /** Returns the innermost cause of the chain (this summary if there is no cause). */
  public ExceptionSummary rootCause() {
    ExceptionSummary s = this;
    while (s.cause != null) {
      s = s.cause;
    }
    return s;
  }

  /** Renders the summary the way {@link Throwable#printStackTrace()} would, frames cut. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (ExceptionSummary s = this; s != null; s = s.cause) {
      if (s != this) {
        sb.append("Caused by: ");
      }
      sb.append(s.type);
      if (s.message != null) {
        sb.append(": ").append(s.message);
      }
      sb.append('\n');
      for (String frame : s.frames) {
        sb.append("\tat ").append(frame).append('\n');
      }
      if (s.omittedFrames > 0) {
        sb.append("\t... ").append(s.omittedFrames).append(" more\n");
      }
    }
    return sb.toString();
  }

  private static boolean looksLikeClassName(String type) {
    if (type.isEmpty() || type.length() > 512 || !Character.isJavaIdentifierStart(type.charAt(0))) {
      return false;
    }
    boolean qualified = false;
    for (int i = 1; i < type.length(); i++) {
      char c = type.charAt(i);
      qualified |= c == '.';
      if (!Character.isJavaIdentifierPart(c) && c != '.' && c != '$') {
        return false;
      }
    }
    return qualified;
  }

  private static String cut(String message) {
    return message == null || message.length() <= MAX_MESSAGE_LENGTH
        ? message
        : message.substring(0, MAX_MESSAGE_LENGTH) + "…";
  }
}
