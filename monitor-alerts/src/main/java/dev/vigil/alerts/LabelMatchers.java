package dev.vigil.alerts;

import dev.vigil.alerts.Silence.Matcher;
import dev.vigil.alerts.Silence.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Label matchers with their regular expressions compiled once; a missing label is "". */
final class LabelMatchers {

  private final List<Matcher> matchers;
  private final List<Pattern> patterns;

  LabelMatchers(List<Matcher> matchers) {
    this.matchers = List.copyOf(matchers);
    List<Pattern> compiled = new ArrayList<>();
    for (Matcher m : this.matchers) {
      compiled.add(m.op() == Op.REGEX ? Pattern.compile(m.value()) : null);
    }
    this.patterns = Collections.unmodifiableList(compiled);
  }

  List<Matcher> matchers() {
    return matchers;
  }

  boolean matches(Map<String, String> labels) {
    for (int i = 0; i < matchers.size(); i++) {
      Matcher m = matchers.get(i);
      String actual = labels.getOrDefault(m.name(), "");
      boolean ok = switch (m.op()) {
        case EQUAL -> actual.equals(m.value());
        case NOT_EQUAL -> !actual.equals(m.value());
        case REGEX -> patterns.get(i).matcher(actual).matches();
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Adds the problems of {@code matchers} (blank names, bad regexes) to {@code problems}. */
  static void check(String what, List<Matcher> matchers, List<String> problems) {
    for (Matcher m : matchers) {
      if (m.name().isBlank()) {
        problems.add("a " + what + " matcher's label name is blank");
      }
      if (m.op() == Op.REGEX) {
        try {
          Pattern.compile(m.value());
        } catch (PatternSyntaxException e) {
          problems.add(what + " matcher " + m + ": bad regular expression: "
              + e.getDescription());
        }
      }
    }
  }
}
