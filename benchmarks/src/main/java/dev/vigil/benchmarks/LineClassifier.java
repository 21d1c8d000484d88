package dev.vigil.benchmarks;

/**
 * One engine's way of classifying a log line against a {@link RuleTable}. Implementations are
 * not thread-safe unless they say so: a benchmark thread owns its instance.
 */
public interface LineClassifier {

  /**
   * Returns the index (in {@link RuleTable#rules()}) of the winning rule for the first
   * {@value Text#MAX_SCAN_LENGTH} chars of {@code line}, or -1 when no rule matches.
   */
  int classify(String line);
}
