package dev.vigil.benchmarks;

import java.util.Locale;

/**
 * Prints each rule set's match rate on the corpus and checks every engine against the reference,
 * with the time of one pass (a rough figure, not a benchmark). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.Check}; exits with status 1
 * if an engine disagrees.
 */
public final class Check {

  private Check() {}

  /** Runs the check; arguments name engines to check (all by default). */
  public static void main(String[] args) throws Exception {
    String[] lines = Corpus.lines();
    boolean ok = true;
    for (String name : RuleSets.NAMES) {
      RuleTable table = BenchmarkInput.table(name);
      long t0 = System.nanoTime();
      int[] expected = Verification.expected(Corpus.directory() + "#" + name, table, lines);
      long t1 = System.nanoTime();
      int matched = Verification.matchedLines(expected);
      System.out.printf(Locale.ROOT, "%s: %d rules, %d keywords; %d of %d lines match (%.2f%%);"
          + " reference pass %.0f ms%n", name, table.rules().size(), table.entryCount(), matched,
          lines.length, 100.0 * matched / lines.length, (t1 - t0) / 1e6);
      for (Engine engine : Engine.values()) {
        if (args.length > 0 && !java.util.Arrays.asList(args).contains(engine.benchmarkName())) {
          continue;
        }
        LineClassifier c;
        long b0 = System.nanoTime();
        try {
          c = engine.create(table);
        } catch (RuntimeException | LinkageError e) {
          System.out.printf(Locale.ROOT, "  %-22s FAILED to build: %s%n", engine.benchmarkName(), e);
          ok = false;
          continue;
        }
        long b1 = System.nanoTime();
        int[] actual = Verification.classifyAll(c, lines);
        long b2 = System.nanoTime();
        var problems = Verification.disagreements(engine.benchmarkName(), table, lines, expected,
            actual);
        System.out.printf(Locale.ROOT, "  %-22s build %6.0f ms, one pass %7.0f ms (%,.0f lines/s): %s%n",
            engine.benchmarkName(), (b1 - b0) / 1e6, (b2 - b1) / 1e6,
            lines.length / ((b2 - b1) / 1e9), problems.isEmpty() ? "agrees" : "DISAGREES");
        problems.forEach(p -> System.out.println("    " + p));
        ok &= problems.isEmpty();
        if (c instanceof AutoCloseable) {
          ((AutoCloseable) c).close();
        }
      }
    }
    if (!ok) {
      System.exit(1);
    }
  }
}
