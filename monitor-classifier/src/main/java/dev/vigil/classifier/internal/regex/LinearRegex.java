package dev.vigil.classifier.internal.regex;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * TEMPORARY placeholder backed by java.util.regex, replaced by the linear-time DFA engine.
 */
public final class LinearRegex {
  private final String pattern;
  private final Pattern compiled;

  private LinearRegex(String pattern, Pattern compiled) {
    this.pattern = pattern;
    this.compiled = compiled;
  }

  public static LinearRegex compile(String pattern, boolean caseInsensitive, boolean wholeWord) {
    String p = wholeWord ? "(?<!(?-iu:[A-Za-z0-9_]))(?:" + pattern + ")(?!(?-iu:[A-Za-z0-9_]))" : pattern;
    try {
      return new LinearRegex(pattern, Pattern.compile(p,
          caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    } catch (PatternSyntaxException e) {
      throw new RegexSyntaxException(e.getDescription());
    }
  }

  public boolean find(CharSequence text, int end) {
    return compiled.matcher(text.subSequence(0, end)).find();
  }

  public long findFirst(CharSequence text, int end) {
    Matcher m = compiled.matcher(text.subSequence(0, end));
    return m.find() ? ((long) m.start() << 32) | m.end() : -1;
  }

  public List<String> requiredFactors() {
    return List.of();
  }

  public String pattern() {
    return pattern;
  }
}
