package dev.vigil.classifier;

// The naive reference: one java.util.regex per rule, tried in precedence order.

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test oracle: the rule semantics written the obvious way, with {@code java.util.regex}.
 */
final class OracleClassifier implements Classifier {

  private static final String NAMES =
      "trace|debug|info|notice|warn|warning|error|severe|fatal|critical|crit|alert|emerg";
  private static final Pattern LEVEL = Pattern.compile(
      "(?<![A-Za-z0-9_])(?:(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)"
      + "|(?iu:level=(" + NAMES + "))|(?iu:\"level\":\"(" + NAMES + "))|(?iu:\\[(" + NAMES + ")\\]))"
      + "(?![A-Za-z0-9_])");

  private final List<Rule> rules;
  private final List<Rule> byPrecedence;
  private final List<Pattern> patterns;
  private final int maxScanLength;

  private OracleClassifier(List<Rule> rules, int maxScanLength) {
    this.rules = List.copyOf(rules);
    this.maxScanLength = maxScanLength;
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparing(Rule::severity).reversed()
        .thenComparing(Comparator.comparingInt(Rule::priority).reversed()));
    this.byPrecedence = List.copyOf(sorted);
    List<Pattern> ps = new ArrayList<>();
    for (Rule r : byPrecedence) {
      String body;
      if (r.regex().isPresent()) {
        body = r.regex().get();
      } else {
        List<String> q = new ArrayList<>();
        for (String k : r.keywords()) {
          q.add(Pattern.quote(k));
        }
        body = String.join("|", q);
      }
      if (r.wholeWord()) {
        // (?-iu): the word characters are exactly [A-Za-z0-9_]; with case folding on, Java's
        // class would also match the Kelvin sign and other characters that fold into it.
        body = "(?<!(?-iu:[A-Za-z0-9_]))(?:" + body + ")(?!(?-iu:[A-Za-z0-9_]))";
      }
      ps.add(Pattern.compile(body,
          r.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }
    this.patterns = ps;
  }

  static OracleClassifier of(List<Rule> rules, int maxScanLength) {
    return new OracleClassifier(rules, maxScanLength);
  }

  @Override
  public Classification classify(CharSequence line) {
    return classify(line, null, null, null);
  }

  @Override
  public Classification classify(CharSequence message, LogLevel level, String logger, String source) {
    return explain(message, level, logger, source).classification();
  }

  public Explanation explain(CharSequence line) {
    return explain(line, null, null, null);
  }

  public Explanation explain(CharSequence message, LogLevel level, String logger, String source) {
    CharSequence w = message.subSequence(0, Math.min(message.length(), maxScanLength));
    boolean inferred = false;
    if (level == null) {
      Matcher m = LEVEL.matcher(w);
      if (m.find()) {
        String name = m.group(1);
        for (int g = 2; name == null; g++) {
          name = m.group(g);
        }
        level = LogLevel.parse(name);
        inferred = true;
      }
    }
    List<Explanation.Match> matches = new ArrayList<>();
    Classification best = Classification.NONE;
    for (int i = 0; i < byPrecedence.size(); i++) {
      Rule r = byPrecedence.get(i);
      Matcher m = patterns.get(i).matcher(w);
      if (m.find()) {
        String why = rejection0(r, level, logger, source);
        matches.add(new Explanation.Match(r, m.start(), m.end(), why));
        if (why == null && !best.matched()) {
          best = r.classification();
        }
      }
    }
    return new Explanation(best, level, inferred, matches);
  }

  private static String rejection0(Rule r, LogLevel level, String logger, String source) {
    if (r.minLevel() != null && (level == null || !level.isAtLeast(r.minLevel()))) {
      return "level " + level + " is not at least " + r.minLevel();
    }
    if (r.maxLevel() != null && (level == null || r.maxLevel().compareTo(level) < 0)) {
      return "level " + level + " is not at most " + r.maxLevel();
    }
    if (r.loggerPrefixOrNull() != null
        && (logger == null || !logger.startsWith(r.loggerPrefixOrNull()))) {
      return "logger " + logger + " is not under " + r.loggerPrefixOrNull();
    }
    if (r.sourceOrNull() != null && !r.sourceOrNull().equals(source)) {
      return "source " + source + " is not " + r.sourceOrNull();
    }
    return null;
  }

}
