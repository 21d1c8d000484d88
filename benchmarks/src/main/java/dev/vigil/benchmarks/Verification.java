package dev.vigil.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks engines against {@link ReferenceClassifier} and caches the reference winners per corpus
 * and rule set, so that each benchmark's own check costs one pass of its engine. Thread-safe.
 */
public final class Verification {

  private static final Map<String, int[]> EXPECTED = new ConcurrentHashMap<>();

  private Verification() {}

  /** Returns the reference winner of each line; cached per {@code key}, which names both inputs. */
  static int[] expected(String key, RuleTable table, String[] lines) {
    return EXPECTED.computeIfAbsent(key, k -> classifyAll(ReferenceClassifier.of(table), lines));
  }

  /** Returns {@code engine}'s winner for each line. */
  public static int[] classifyAll(LineClassifier engine, String[] lines) {
    int[] out = new int[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = engine.classify(lines[i]);
    }
    return out;
  }

  /** Returns the number of lines some rule matches. */
  public static int matchedLines(int[] winners) {
    int n = 0;
    for (int w : winners) {
      if (w >= 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns a description of the first disagreements of {@code actual} with {@code expected}, or
   * an empty list if they agree.
   */
  public static List<String> disagreements(String engine, RuleTable table, String[] lines,
      int[] expected, int[] actual) {
    List<String> out = new ArrayList<>();
    int count = 0;
    for (int i = 0; i < lines.length; i++) {
      if (expected[i] != actual[i]) {
        if (count++ < 10) {
          String line = lines[i];
          out.add(String.format("%s/%s line %d: expected %s, got %s: %s", engine, table.name(), i,
              table.ruleId(expected[i]), table.ruleId(actual[i]),
              escape(line.length() > 300 ? line.substring(0, 300) + "..." : line)));
        }
      }
    }
    if (count > 10) {
      out.add("... " + (count - 10) + " more disagreements");
    }
    return out;
  }

  /**
   * Classifies every line with {@code engine} and throws if any winner differs from
   * {@code expected}.
   *
   * @throws IllegalStateException listing the first disagreements
   */
  public static void check(String engine, LineClassifier classifier, RuleTable table,
      String[] lines, int[] expected) {
    List<String> problems = disagreements(engine, table, lines, expected,
        classifyAll(classifier, lines));
    if (!problems.isEmpty()) {
      throw new IllegalStateException(engine + " disagrees with the reference on rule set "
          + table.name() + ":\n  " + String.join("\n  ", problems));
    }
  }

  /** Escapes non-printable and non-ASCII chars as {@code \\uXXXX}. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }
}
