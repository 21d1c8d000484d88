package dev.vigil.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lines a benchmark classifies: the corpus, or, for smoke runs only, every N-th line of it.
 *
 * <p>The system property {@value #SAMPLE_PROPERTY} (default 1) selects every N-th line. The
 * benchmarks still count {@value Corpus#LINES} operations per invocation, so with N &gt; 1 their
 * scores are N times too high: a sample is only for checking that every benchmark runs (the CI
 * smoke test), never for numbers. Thread-safe.
 */
public final class BenchmarkInput {

  /** The system property selecting every N-th corpus line, for smoke runs. */
  public static final String SAMPLE_PROPERTY = "vigil.bench.sample";

  private static final Map<String, RuleTable> TABLES = new ConcurrentHashMap<>();

  private BenchmarkInput() {}

  /** Returns the value of {@value #SAMPLE_PROPERTY}, at least 1. */
  public static int sample() {
    int n = Integer.getInteger(SAMPLE_PROPERTY, 1);
    if (n < 1) {
      throw new IllegalArgumentException(SAMPLE_PROPERTY + " must be at least 1 but was " + n);
    }
    return n;
  }

  /** Returns the lines to classify, warning on standard output if they are a sample. */
  public static String[] lines() {
    String[] all = Corpus.lines();
    int n = sample();
    if (n == 1) {
      return all;
    }
    String[] sample = new String[(all.length + n - 1) / n];
    Arrays.setAll(sample, i -> all[i * n]);
    System.out.printf(Locale.ROOT, "%nSAMPLE MODE (%s=%d): each invocation classifies %d lines but"
        + " counts %d operations; these scores are NOT lines/s. Smoke runs only.%n",
        SAMPLE_PROPERTY, n, sample.length, Corpus.LINES);
    return sample;
  }

  /** Returns rule set {@code name} built from the corpus, cached per corpus directory. */
  public static RuleTable table(String name) {
    return TABLES.computeIfAbsent(Corpus.directory() + "|" + name,
        k -> RuleSets.table(name, Corpus.lines()));
  }

  /** Returns a cache key naming the corpus, the sample and the rule set. */
  static String key(String ruleSet) {
    return Corpus.directory() + "|" + sample() + "|" + ruleSet;
  }
}
