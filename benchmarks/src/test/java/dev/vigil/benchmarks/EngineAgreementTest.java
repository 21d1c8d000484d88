package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine must give the reference's winner on all corpus lines and on generated tricky lines,
 * for both rule sets. The corpus is split across the available cores, one engine instance per
 * part. The slow peers (java.util.regex, RE2/J) take minutes per pass with a thousand keywords, so
 * here they are checked on every 16th corpus line for that rule set; every benchmark still checks
 * its engine on the whole corpus before timing it.
 */
class EngineAgreementTest {

  static final int TRICKY_LINES = 4000;
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  static Stream<Arguments> enginesAndRuleSets() {
    List<Arguments> out = new ArrayList<>();
    for (Engine e : Engine.values()) {
      if (e == Engine.REFERENCE) {
        continue;
      }
      for (String ruleSet : RuleSets.NAMES) {
        out.add(Arguments.of(e, ruleSet));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("enginesAndRuleSets")
  void agreesWithTheReferenceOnTheCorpus(Engine engine, String ruleSet) throws Exception {
    RuleTable table = BenchmarkInput.table(ruleSet);
    String[] lines = Corpus.lines();
    int[] expected = Verification.expected(BenchmarkInput.key(ruleSet) + "|full", table, lines);
    if (engine.slow() && !ruleSet.equals("seed")) {
      int stride = 16;
      String[] all = lines;
      int[] allExpected = expected;
      lines = new String[all.length / stride];
      expected = new int[lines.length];
      for (int i = 0; i < lines.length; i++) {
        lines[i] = all[i * stride];
        expected[i] = allExpected[i * stride];
      }
    }
    int[] actual = classifyInParallel(engine, table, lines);
    assertThat(Verification.disagreements(engine.benchmarkName(), table, lines, expected, actual))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("enginesAndRuleSets")
  void agreesWithTheReferenceOnTrickyLines(Engine engine, String ruleSet) throws Exception {
    RuleTable table = BenchmarkInput.table(ruleSet);
    String[] lines = TrickyLines.generate(table, 42, TRICKY_LINES);
    int[] expected = Verification.classifyAll(ReferenceClassifier.of(table), lines);
    int[] actual = classifyInParallel(engine, table, lines);
    assertThat(Verification.disagreements(engine.benchmarkName(), table, lines, expected, actual))
        .isEmpty();
    assertThat(Verification.matchedLines(expected)).as("tricky lines that match")
        .isGreaterThan(lines.length / 4);
  }

  @Test
  void re2jAlternationModeAgreesToo() throws Exception {
    // not benchmarked (slower than the per-rule loop on kw1000), but kept correct
    for (String ruleSet : RuleSets.NAMES) {
      RuleTable table = BenchmarkInput.table(ruleSet);
      String[] corpus = Corpus.lines();
      boolean seed = ruleSet.equals("seed");
      int stride = seed ? 1 : 256;
      String[] sample = new String[corpus.length / stride];
      Arrays.setAll(sample, i -> corpus[i * stride]);
      String[] tricky = TrickyLines.generate(table, 7, seed ? 1000 : 300);
      String[] lines = Stream.concat(Arrays.stream(sample), Arrays.stream(tricky))
          .toArray(String[]::new);
      Re2jClassifier engine = new Re2jClassifier(table, Re2jClassifier.Mode.ALTERNATION);
      int[] expected = Verification.classifyAll(ReferenceClassifier.of(table), lines);
      assertThat(Verification.disagreements("re2j-alternation", table, lines, expected,
          Verification.classifyAll(engine, lines))).isEmpty();
    }
  }

  /**
   * Classifies {@code lines} in one part per core (line {@code i} in part {@code i % parts}, which
   * balances long and short lines), each part with its own engine instance.
   */
  private static int[] classifyInParallel(Engine engine, RuleTable table, String[] lines)
      throws Exception {
    int parts = Math.max(1, Runtime.getRuntime().availableProcessors());
    List<Future<int[]>> futures = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int first = p;
      String[] part = new String[(lines.length - first + parts - 1) / parts];
      Arrays.setAll(part, i -> lines[first + i * parts]);
      futures.add(pool.submit(() -> {
        LineClassifier c = engine.create(table);
        try {
          return Verification.classifyAll(c, part);
        } finally {
          if (c instanceof AutoCloseable) {
            ((AutoCloseable) c).close();
          }
        }
      }));
    }
    int[] out = new int[lines.length];
    for (int p = 0; p < parts; p++) {
      int[] r = futures.get(p).get();
      for (int i = 0; i < r.length; i++) {
        out[p + i * parts] = r[i];
      }
    }
    return out;
  }
}
