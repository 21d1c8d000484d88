package dev.vigil.alerts.internal;

import dev.vigil.alerts.Silence.Matcher;
import dev.vigil.alerts.Silence.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The label matching that silences, maintenance windows, inhibit rules and the notifiers' routes
 * share: every matcher must
 * hold, a label the alert lacks matches as the empty string, and a regular expression must match
 * the whole value. Regular expressions are compiled once.
 *
 * <p>Immutable; thread-safe.
 */
public final class LabelMatchers {

  private final List<Matcher> matchers;
  private final List<Pattern> patterns;

  /** Compiles {@code matchers}, which {@link #check} must have found valid. */
  public LabelMatchers(List<Matcher> matchers) {
    this.matchers = List.copyOf(matchers);
    List<Pattern> compiled = new ArrayList<>();
    for (Matcher m : this.matchers) {
      compiled.add(m.op() == Op.REGEX ? Pattern.compile(m.value()) : null);
    }
    this.patterns = Collections.unmodifiableList(compiled);
  }

  /** Returns the matchers; unmodifiable. */
  public List<Matcher> matchers() {
    return matchers;
  }

  /** Returns whether {@code labels} match every matcher (a missing label counts as empty). */
  public boolean matches(Map<String, String> labels) {
    for (int i = 0; i < matchers.size(); i++) {
      Matcher m = matchers.get(i);
      if (!matchesValue(i, m, labels.getOrDefault(m.name(), ""))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether the matchers whose label {@code known} holds all match it: whether labels
   * that also hold unknown ones (such as an alert's group tags, before it exists) may match.
   */
  public boolean mayMatch(Map<String, String> known) {
    for (int i = 0; i < matchers.size(); i++) {
      Matcher m = matchers.get(i);
      String actual = known.get(m.name());
      if (actual != null && !matchesValue(i, m, actual)) {
        return false;
      }
    }
    return true;
  }

  private boolean matchesValue(int i, Matcher m, String actual) {
    return switch (m.op()) {
      case EQUAL -> actual.equals(m.value());
      case NOT_EQUAL -> !actual.equals(m.value());
      case REGEX -> patterns.get(i).matcher(actual).matches();
    };
  }

  /**
   * Reports each problem of {@code matchers} to {@code problems}, with the matcher at fault, or
   * {@code null} when there is no matcher at all.
   *
   * @param what what the matchers belong to, for the message, such as "a silence"
   */
  public static void check(List<Matcher> matchers, String what, BiConsumer<Matcher, String> problems) {
    if (matchers.isEmpty()) {
      problems.accept(null, "no matchers: " + what + " must match at least one label "
          + "(call matching(name, value))");
    }
    for (Matcher m : matchers) {
      if (m.name().isBlank()) {
        problems.accept(m, "matcher " + m + ": the label name is blank");
      }
      if (m.op() == Op.REGEX) {
        try {
          Pattern.compile(m.value());
        } catch (PatternSyntaxException e) {
          problems.accept(m, "matcher " + m + ": invalid regular expression: "
              + e.getDescription());
        }
      }
    }
  }
}
