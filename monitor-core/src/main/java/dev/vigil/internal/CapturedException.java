package dev.vigil.internal;

import dev.vigil.ExceptionSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An exception as the capturing thread copies it: class names, messages and the top
 * {@link ExceptionSummary#MAX_FRAMES} {@link StackTraceElement}s of each cause (immutable JDK
 * objects, no application object). Turning frames into strings, the expensive part, is left to
 * the pipeline thread ({@link #toSummary()}).
 */
public final class CapturedException {

  final String type;
  final String message;
  final StackTraceElement[] frames;
  final int omittedFrames;
  final CapturedException cause;

  /**
   * Copies one link of a cause chain; {@code frames} is trimmed to the top frames, and what is
   * trimmed adds to {@code omittedFrames}.
   */
  public CapturedException(String type, String message, StackTraceElement[] frames,
      int omittedFrames, CapturedException cause) {
    this.type = type;
    this.message = message;
    int kept = Math.min(frames.length, ExceptionSummary.MAX_FRAMES);
    this.frames = kept == frames.length ? frames : Arrays.copyOf(frames, kept);
    this.omittedFrames = omittedFrames + frames.length - kept;
    this.cause = cause;
  }

  /** Copies a throwable and its causes (at most {@link ExceptionSummary#MAX_CAUSES}, no cycle). */
  public static CapturedException of(Throwable throwable) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = throwable; t != null && seen.add(t) && chain.size() <= ExceptionSummary.MAX_CAUSES;
        t = t.getCause()) {
      chain.add(t);
    }
    CapturedException captured = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      captured = new CapturedException(t.getClass().getName(), t.getMessage(), t.getStackTrace(),
          0, captured);
    }
    return captured;
  }

  /** Builds the summary; on the pipeline thread. */
  public ExceptionSummary toSummary() {
    List<String> strings = new ArrayList<>(frames.length);
    for (StackTraceElement frame : frames) {
      strings.add(frame.toString());
    }
    String cut = message == null || message.length() <= ExceptionSummary.MAX_MESSAGE_LENGTH
        ? message : message.substring(0, ExceptionSummary.MAX_MESSAGE_LENGTH) + "…";
    return new ExceptionSummary(type, cut, strings, omittedFrames,
        cause == null ? null : cause.toSummary());
  }
}
