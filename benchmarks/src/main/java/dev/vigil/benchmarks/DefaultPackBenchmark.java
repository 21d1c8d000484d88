package dev.vigil.benchmarks;

import dev.vigil.Classification;
import dev.vigil.classifier.Rule;
import dev.vigil.classifier.RuleClassifier;
import dev.vigil.classifier.RulePack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Vigil with its default rule pack ({@code RuleClassifier.withDefaults()}), in lines per second
 * over the corpus, single thread; no peer runs this pack.
 *
 * <p>Its check: if every rule of the pack is a plain keyword rule (no regex, no level, logger or
 * source condition), the reference must agree on every line; otherwise each verdict must be
 * {@code NONE} or one of the pack's classifications and a second pass must give the same verdicts.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Corpus.LINES)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class DefaultPackBenchmark {

  String[] lines;
  RuleClassifier classifier;

  /** Loads the corpus, builds the classifier and checks it. */
  @Setup(Level.Trial)
  public void setup() {
    lines = BenchmarkInput.lines();
    classifier = RuleClassifier.withDefaults();
    List<RuleSpec> specs = asSpecs(RulePack.defaults());
    Classification[] first = new Classification[lines.length];
    int matched = 0;
    for (int i = 0; i < lines.length; i++) {
      first[i] = classifier.classify(lines[i]);
      if (first[i].matched()) {
        matched++;
      }
    }
    if (specs != null) {
      RuleTable table = RuleTable.of("defaults", specs);
      Verification.check("vigilDefaults", new VigilClassifier(table), table, lines,
          Verification.expected(BenchmarkInput.key("defaults"), table, lines));
    } else {
      Set<Classification> known = new HashSet<>();
      RulePack.defaults().rules().forEach(r -> known.add(r.classification()));
      for (int i = 0; i < lines.length; i++) {
        Classification again = classifier.classify(lines[i]);
        if (!first[i].equals(again) || first[i].matched() && !known.contains(first[i])) {
          throw new IllegalStateException("vigilDefaults: line " + i + " gave " + first[i]
              + " then " + again + ": " + lines[i]);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%ndefault pack: %d rules (%s); %d of %d lines match (%.2f%%)%n",
        RulePack.defaults().rules().size(), specs != null ? "checked against the reference"
            : "has regex or conditional rules: consistency checked only",
        matched, lines.length, 100.0 * matched / lines.length);
  }

  /** Returns the pack as specs, or null if a rule is not a plain keyword rule. */
  static List<RuleSpec> asSpecs(RulePack pack) {
    List<RuleSpec> specs = new ArrayList<>();
    for (Rule r : pack.rules()) {
      if (r.regex().isPresent() || r.levelAtLeast().isPresent() || r.levelAtMost().isPresent()
          || r.loggerPrefix().isPresent() || r.source().isPresent()) {
        return null;
      }
      specs.add(new RuleSpec(r.id(), r.keywords(), r.severity(), r.category(), r.priority(),
          r.wholeWord(), !r.caseSensitive()));
    }
    return specs;
  }

  /** {@code RuleClassifier.withDefaults().classify(line)} for every line. */
  @Benchmark
  public void vigilDefaults(Blackhole bh) {
    RuleClassifier c = classifier;
    for (String line : lines) {
      bh.consume(c.classify(line));
    }
  }
}
