package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Classification;
import dev.vigil.LogLevel;
import dev.vigil.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random rule sets and lines, classified by the compiled engine and by the naive
 * java.util.regex oracle: the answers must be identical, and explain must agree with classify.
 */
class OracleDifferentialTest {

  private static final String[] WORDS = {
    "db", "error", "timeout", "fail", "Fail", "conn", "connection", "refused", "500", "1500",
    "oom", "heap", "ab", "abc", "bca", "cab", "aab", "x_y", "k", "é", "É", "ß", "\u212A", "\u017F",
    "s", "S", "İ", "i",
  };
  private static final String[] GLUE = {
    " ", " ", " ", "", "_", "-", ".", ":", "=", "\"", "1", "a", "\t", "é", "\u0000", "/",
  };
  private static final String[] LEVEL_WORDS = {
    "INFO", "ERROR", "WARN", "WARNING", "DEBUG", "FATAL", "info", "Error", "level=error",
    "\"level\":\"warn\"", "LEVEL=INFO", "xINFO", "INFOx", "[error]", "[Crit]", "[warn", "level=emerg",
  };

  @Test
  void compiledEngineAgreesWithOracle() {
    Random random = new Random(20261121);
    int lines = 0;
    for (int set = 0; set < 300; set++) {
      List<Rule> rules = randomRules(random);
      int maxScan = random.nextInt(4) == 0 ? 1 + random.nextInt(40) : 4096;
      RuleClassifier engine = RuleClassifier.builder().addAll(rules).maxScanLength(maxScan).build();
      OracleClassifier oracle = OracleClassifier.of(rules, maxScan);
      for (int k = 0; k < 200; k++) {
        String line = randomLine(random);
        LogLevel level = random.nextInt(3) == 0 ? LogLevel.values()[random.nextInt(6)] : null;
        String logger = random.nextBoolean() ? pick(random, "com.acme.db.Pool", "org.x", "com.acme") : null;
        String source = random.nextBoolean() ? pick(random, "api", "worker") : null;
        Classification expected = oracle.classify(line, level, logger, source);
        Classification actual = engine.classify(line, level, logger, source);
        assertThat(actual)
            .as("set %d line %s level %s logger %s source %s rules %s", set, show(line), level,
                logger, source, describe(rules))
            .isEqualTo(expected);
        assertThat(engine.explain(line, level, logger, source).classification())
            .as("explain of %s level %s rules %s: %s", show(line), level, describe(rules),
                engine.explain(line, level, logger, source))
            .isEqualTo(actual);
        if (level == null && logger == null && source == null) {
          assertThat(engine.classify(line)).isEqualTo(actual);
        }
        lines++;
      }
    }
    assertThat(lines).isEqualTo(60_000);
  }

  /** Long keywords only, so that the filter samples every 2nd to 4th position. */
  @Test
  void compiledEngineAgreesWithOracleWhenTheFilterSamples() {
    Random random = new Random(7);
    String alphabet = "abcdeABCDE01_ -.\u212Aé";
    for (int set = 0; set < 200; set++) {
      int minLength = 5 + random.nextInt(6);
      List<Rule> rules = new ArrayList<>();
      List<String> keywords = new ArrayList<>();
      for (int r = 0; r < 1 + random.nextInt(20); r++) {
        StringBuilder kw = new StringBuilder();
        for (int k = minLength + random.nextInt(4); k > 0; k--) {
          kw.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        keywords.add(kw.toString());
        rules.add(Rule.keywords("r" + r, kw.toString()).wholeWord(random.nextInt(4) == 0)
            .classify(Severity.values()[random.nextInt(4)], "c").build());
      }
      RuleClassifier engine = RuleClassifier.builder().addAll(rules).build();
      OracleClassifier oracle = OracleClassifier.of(rules, RuleClassifier.DEFAULT_MAX_SCAN_LENGTH);
      for (int k = 0; k < 100; k++) {
        StringBuilder line = new StringBuilder();
        for (int part = random.nextInt(8); part > 0; part--) {
          if (random.nextBoolean()) {
            String kw = keywords.get(random.nextInt(keywords.size()));
            line.append(random.nextInt(3) == 0 ? flipCase(random, kw) : kw);
          } else {
            for (int c = random.nextInt(6); c > 0; c--) {
              line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
          }
        }
        String text = line.toString();
        assertThat(engine.classify(text)).as("set %d line %s rules %s", set, show(text), describe(rules))
            .isEqualTo(oracle.classify(text));
        assertThat(engine.classify(new StringBuilder(text))).isEqualTo(oracle.classify(text));
      }
    }
  }

  private static List<Rule> randomRules(Random random) {
    List<Rule> rules = new ArrayList<>();
    int count = 1 + random.nextInt(12);
    for (int r = 0; r < count; r++) {
      Rule.Builder b;
      if (random.nextInt(5) == 0) {
        String word = pick(random, WORDS);
        String re = java.util.regex.Pattern.quote(word) + pick(random, "\\d+", "[a-z]*", "\\s?x", "");
        b = Rule.regex("re" + r, re);
        if (random.nextBoolean() && word.length() > 1) {
          b.factors(word);
        }
      } else {
        List<String> keywords = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
          String kw = pick(random, WORDS);
          if (random.nextInt(4) == 0) {
            kw = kw + pick(random, GLUE) + pick(random, WORDS);
          }
          keywords.add(kw);
        }
        b = Rule.keywords("kw" + r, keywords.toArray(new String[0]));
      }
      b.severity(Severity.values()[random.nextInt(4)])
          .category(pick(random, "api", "db", "system"))
          .priority(random.nextInt(3))
          .caseSensitive(random.nextInt(4) == 0)
          .wholeWord(random.nextBoolean());
      if (random.nextInt(4) == 0) {
        b.levelAtLeast(LogLevel.values()[random.nextInt(6)]);
      }
      if (random.nextInt(6) == 0) {
        b.levelAtMost(LogLevel.values()[3 + random.nextInt(3)]);
        if (random.nextBoolean()) {
          b.levelAtLeast(null);
        }
      }
      if (random.nextInt(8) == 0) {
        b.loggerPrefix(pick(random, "com.acme", "org"));
      }
      if (random.nextInt(8) == 0) {
        b.source(pick(random, "api", "worker"));
      }
      try {
        rules.add(b.build());
      } catch (InvalidRulesException e) {
        // levelAtLeast above levelAtMost: skip this rule
      }
    }
    if (rules.isEmpty()) {
      rules.add(Rule.keywords("only", "error").classify(Severity.ERROR, "api").build());
    }
    return rules;
  }

  private static String randomLine(Random random) {
    StringBuilder sb = new StringBuilder();
    int parts = random.nextInt(12);
    for (int p = 0; p < parts; p++) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        String w = pick(random, WORDS);
        sb.append(random.nextInt(3) == 0 ? flipCase(random, w) : w);
      } else if (kind < 6) {
        sb.append(pick(random, LEVEL_WORDS));
      } else {
        sb.append(pick(random, GLUE));
      }
    }
    return sb.toString();
  }

  private static String flipCase(Random random, String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return sb.toString();
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static String describe(List<Rule> rules) {
    StringBuilder sb = new StringBuilder();
    for (Rule r : rules) {
      sb.append("\n    ").append(r).append(" cs=").append(r.caseSensitive())
          .append(" ww=").append(r.wholeWord()).append(" prio=").append(r.priority())
          .append(" min=").append(r.levelAtLeast().orElse(null))
          .append(" max=").append(r.levelAtMost().orElse(null))
          .append(" logger=").append(r.loggerPrefix().orElse(null))
          .append(" source=").append(r.source().orElse(null))
          .append(" factors=").append(r.factors());
    }
    return sb.toString();
  }

  private static String show(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append('"').toString();
  }
}
