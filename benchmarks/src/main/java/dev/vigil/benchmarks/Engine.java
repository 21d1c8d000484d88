package dev.vigil.benchmarks;

import java.util.function.Function;

/**
 * The engines compared, each with a factory. Every benchmark of {@link ClassifierBenchmark} is
 * named after one of these.
 */
public enum Engine {
  /** {@link ReferenceClassifier}: indexOf per keyword on a folded copy, for comparison. */
  REFERENCE("reference", ReferenceClassifier::of),
  /** {@link VigilClassifier}: Vigil's {@code RuleClassifier}. */
  VIGIL("vigil", VigilClassifier::new),
  /** {@link JdkRegexLoopClassifier}. */
  JDK_REGEX_LOOP("jdkRegexLoop", JdkRegexLoopClassifier::new, true),
  /** {@link JdkRegexAlternationClassifier}. */
  JDK_REGEX_ALTERNATION("jdkRegexAlternation", JdkRegexAlternationClassifier::new, true),
  /** {@link AhoCorasickClassifier}: org.ahocorasick (robert-bor). */
  AHO_CORASICK("ahoCorasick", AhoCorasickClassifier::new),
  /** {@link HankcsClassifier}: hankcs double-array Aho-Corasick. */
  HANKCS("hankcsDoubleArrayTrie", HankcsClassifier::new),
  /** {@link Re2jClassifier}, in its faster mode. */
  RE2J("re2j", t -> new Re2jClassifier(t, Re2jClassifier.Mode.LOOP), true),
  /** {@link HyperscanApiClassifier}: hyperscan-java's high-level API. */
  HYPERSCAN_API("hyperscanApi", HyperscanApiClassifier::new),
  /** {@link HyperscanJniClassifier}: hs_scan through the JavaCPP binding. */
  HYPERSCAN_JNI("hyperscanJni", HyperscanJniClassifier::new);

  private final String benchmarkName;
  private final Function<RuleTable, LineClassifier> factory;
  private final boolean slow;

  Engine(String benchmarkName, Function<RuleTable, LineClassifier> factory) {
    this(benchmarkName, factory, false);
  }

  Engine(String benchmarkName, Function<RuleTable, LineClassifier> factory, boolean slow) {
    this.benchmarkName = benchmarkName;
    this.factory = factory;
    this.slow = slow;
  }

  /** Whether one pass over the corpus takes this engine minutes with a thousand keywords. */
  public boolean slow() {
    return slow;
  }

  /** Returns the name of this engine's benchmark method. */
  public String benchmarkName() {
    return benchmarkName;
  }

  /** Builds this engine for {@code table}; close it if it is {@link AutoCloseable}. */
  public LineClassifier create(RuleTable table) {
    return factory.apply(table);
  }
}
