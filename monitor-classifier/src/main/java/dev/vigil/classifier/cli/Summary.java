package dev.vigil.classifier.cli;

import dev.vigil.Classification;
import dev.vigil.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts classifications for {@code --summary} and prints them for a person to read. Not
 * thread-safe.
 */
final class Summary {

  static final int TOP_RULES = 10;

  private long lines;
  private long matched;
  private final long[] bySeverity = new long[Severity.values().length];
  private final Map<String, long[]> byCategory = new HashMap<>();
  private final Map<String, long[]> byRule = new HashMap<>();

  void add(Classification c) {
    lines++;
    if (!c.matched()) {
      return;
    }
    matched++;
    bySeverity[c.severity().ordinal()]++;
    byCategory.computeIfAbsent(c.category(), k -> new long[1])[0]++;
    byRule.computeIfAbsent(c.ruleId(), k -> new long[1])[0]++;
  }

  /** Returns the report; {@code elapsedNanos} is the time spent reading and classifying. */
  String report(long elapsedNanos) {
    StringBuilder sb = new StringBuilder();
    List<String[]> head = new ArrayList<>();
    head.add(new String[] {"lines read", Long.toString(lines)});
    head.add(new String[] {"matched", Long.toString(matched)
        + (lines == 0 ? "" : String.format(Locale.ROOT, " (%.1f%%)", 100.0 * matched / lines))});
    table(sb, "", head);

    List<String[]> severities = new ArrayList<>();
    Severity[] all = Severity.values();
    for (int i = all.length - 1; i >= 0; i--) {
      severities.add(new String[] {all[i].name(), Long.toString(bySeverity[i])});
    }
    sb.append("by severity:\n");
    table(sb, "  ", severities);

    sb.append("by category:\n");
    table(sb, "  ", ranked(byCategory, Integer.MAX_VALUE));
    sb.append("top rules:\n");
    table(sb, "  ", ranked(byRule, TOP_RULES));

    double seconds = elapsedNanos / 1e9;
    sb.append(String.format(Locale.ROOT, "elapsed: %.3f s (%d lines/s)\n", seconds,
        Math.round(lines / Math.max(seconds, 1e-9))));
    return sb.toString();
  }

  /** Returns the entries by descending count, then name; at most {@code limit}. */
  private static List<String[]> ranked(Map<String, long[]> counts, int limit) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
        .thenComparing(Map.Entry::getKey));
    List<String[]> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : entries.subList(0, Math.min(limit, entries.size()))) {
      rows.add(new String[] {e.getKey(), Long.toString(e.getValue()[0])});
    }
    return rows;
  }

  /** Appends "name: value" rows with the values aligned. */
  private static void table(StringBuilder sb, String indent, List<String[]> rows) {
    if (rows.isEmpty()) {
      sb.append(indent).append("(none)\n");
      return;
    }
    int width = 0;
    for (String[] r : rows) {
      width = Math.max(width, r[0].length());
    }
    for (String[] r : rows) {
      sb.append(indent).append(r[0]).append(':');
      sb.append(" ".repeat(width - r[0].length() + 1)).append(r[1]).append('\n');
    }
  }
}
