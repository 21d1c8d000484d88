package dev.vigil.benchmarks;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of each engine in lines per second, single thread: every invocation classifies all
 * {@value Corpus#LINES} corpus lines and counts one operation per line, so the score is lines/s
 * and {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes per line. Each benchmark first checks
 * its engine against the reference on every line and fails if they disagree.
 *
 * <p>The loop is written out in each method with the engine's concrete type, so that no call site
 * is shared between engines.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Corpus.LINES)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ClassifierBenchmark {

  /** The corpus, the rule set and the reference winners, shared by the engine states. */
  @State(Scope.Benchmark)
  public static class Input {
    /** The rule set, see {@link RuleSets}. */
    @Param({"seed", "kw1000"})
    public String ruleSet;

    String[] lines;
    RuleTable table;
    int[] expected;

    /** Loads the corpus, builds the rule set and computes the reference winners. */
    @Setup(Level.Trial)
    public void setup() {
      lines = BenchmarkInput.lines();
      table = BenchmarkInput.table(ruleSet);
      expected = Verification.expected(BenchmarkInput.key(ruleSet), table, lines);
      int matched = Verification.matchedLines(expected);
      System.out.printf(Locale.ROOT, "%nrule set %s: %d rules, %d keywords; %d of %d lines match"
          + " (%.2f%%)%n", ruleSet, table.rules().size(), table.entryCount(), matched,
          lines.length, 100.0 * matched / lines.length);
    }
  }

  /** The engine of the running benchmark (named after it), built and checked once per trial. */
  @State(Scope.Thread)
  public static class EngineState {
    LineClassifier engine;

    /** Builds the engine and checks it on every line. */
    @Setup(Level.Trial)
    public void setup(Input input, BenchmarkParams params) {
      String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      Engine which = null;
      for (Engine e : Engine.values()) {
        if (e.benchmarkName().equals(method)) {
          which = e;
        }
      }
      if (which == null) {
        throw new IllegalStateException("no engine for benchmark " + method);
      }
      engine = which.create(input.table);
      Verification.check(method, engine, input.table, input.lines, input.expected);
    }

    /** Frees the native memory of engines that have some. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      if (engine instanceof AutoCloseable) {
        ((AutoCloseable) engine).close();
      }
    }
  }

  /** The reference: {@code indexOf} per keyword on a folded copy of the line. */
  @Benchmark
  public void reference(Input in, EngineState s, Blackhole bh) {
    ReferenceClassifier engine = (ReferenceClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** Vigil's {@code RuleClassifier.classify}, consuming its {@code Classification}. */
  @Benchmark
  public void vigil(Input in, EngineState s, Blackhole bh) {
    VigilClassifier engine = (VigilClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classification(line));
    }
  }

  /** One {@code java.util.regex} pattern per rule. */
  @Benchmark
  // Slow peers: one pass over the corpus takes 40 s to 3 min with kw1000, so one measured
  // iteration (at least one pass) and no warm-up keep the whole run under half an hour.
  @Warmup(iterations = 0)
  @Measurement(iterations = 1, time = 5)
  public void jdkRegexLoop(Input in, EngineState s, Blackhole bh) {
    JdkRegexLoopClassifier engine = (JdkRegexLoopClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** One {@code java.util.regex} alternation of all keywords. */
  @Benchmark
  // Slow peers: one pass over the corpus takes 40 s to 3 min with kw1000, so one measured
  // iteration (at least one pass) and no warm-up keep the whole run under half an hour.
  @Warmup(iterations = 0)
  @Measurement(iterations = 1, time = 5)
  public void jdkRegexAlternation(Input in, EngineState s, Blackhole bh) {
    JdkRegexAlternationClassifier engine = (JdkRegexAlternationClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** org.ahocorasick (robert-bor). */
  @Benchmark
  public void ahoCorasick(Input in, EngineState s, Blackhole bh) {
    AhoCorasickClassifier engine = (AhoCorasickClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** hankcs double-array Aho-Corasick. */
  @Benchmark
  public void hankcsDoubleArrayTrie(Input in, EngineState s, Blackhole bh) {
    HankcsClassifier engine = (HankcsClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** RE2/J, one pattern per rule. */
  @Benchmark
  // Slow peers: one pass over the corpus takes 40 s to 3 min with kw1000, so one measured
  // iteration (at least one pass) and no warm-up keep the whole run under half an hour.
  @Warmup(iterations = 0)
  @Measurement(iterations = 1, time = 5)
  public void re2j(Input in, EngineState s, Blackhole bh) {
    Re2jClassifier engine = (Re2jClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** Hyperscan through hyperscan-java's high-level API. */
  @Benchmark
  public void hyperscanApi(Input in, EngineState s, Blackhole bh) {
    HyperscanApiClassifier engine = (HyperscanApiClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }

  /** Hyperscan's {@code hs_scan} through the JavaCPP binding. */
  @Benchmark
  public void hyperscanJni(Input in, EngineState s, Blackhole bh) {
    HyperscanJniClassifier engine = (HyperscanJniClassifier) s.engine;
    for (String line : in.lines) {
      bh.consume(engine.classify(line));
    }
  }
}
