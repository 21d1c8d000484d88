package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once through JMH's {@link Runner}, in this JVM, with one 100 ms warm-up and
 * one 100 ms measurement iteration, on every 100th corpus line ({@value BenchmarkInput#SAMPLE_PROPERTY}):
 * the slowest peers need seconds per pass over the whole corpus. It proves that each benchmark
 * builds, passes its own check and produces a score; the scores themselves mean nothing.
 */
class BenchmarkSmokeTest {

  private String previousSample;

  @BeforeEach
  void sample() {
    previousSample = System.setProperty(BenchmarkInput.SAMPLE_PROPERTY, "100");
  }

  @AfterEach
  void restore() {
    if (previousSample == null) {
      System.clearProperty(BenchmarkInput.SAMPLE_PROPERTY);
    } else {
      System.setProperty(BenchmarkInput.SAMPLE_PROPERTY, previousSample);
    }
  }

  @Test
  void everyBenchmarkRunsAndScores() throws Exception {
    Options options = new OptionsBuilder()
        .include(ClassifierBenchmark.class.getName() + "\\.")
        .include(DefaultPackBenchmark.class.getName() + "\\.")
        .forks(0)
        .warmupIterations(1)
        .warmupTime(TimeValue.milliseconds(100))
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    long start = System.nanoTime();
    Collection<RunResult> results = new Runner(options).run();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    List<String> ran = new ArrayList<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String ruleSet = r.getParams().getParamsKeys().contains("ruleSet")
          ? r.getParams().getParam("ruleSet") : "-";
      double score = r.getPrimaryResult().getScore();
      System.out.printf(Locale.ROOT, "%-60s %-7s %,.0f%n", name, ruleSet, score);
      assertThat(score).as(name + " " + ruleSet).isPositive();
      ran.add(name.substring(name.lastIndexOf('.') + 1) + "/" + ruleSet);
    }
    System.out.printf(Locale.ROOT, "smoke run of %d benchmarks took %d s%n", results.size(), seconds);

    List<String> expected = new ArrayList<>();
    for (Engine e : Engine.values()) {
      for (String ruleSet : RuleSets.NAMES) {
        expected.add(e.benchmarkName() + "/" + ruleSet);
      }
    }
    expected.add("vigilDefaults/-");
    assertThat(ran).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void coreBenchmarksRunAndPassTheirChecks() throws Exception {
    Options options = new OptionsBuilder()
        .include(AppenderBenchmark.class.getName() + "\\.")
        .include(MetricsBenchmark.class.getName() + "\\.")
        .include(PipelineBenchmark.class.getName() + "\\.")
        .include(AlertEvaluationBenchmark.class.getName() + "\\.")
        .include(WindowBenchmark.class.getName() + "\\.")
        .forks(0)
        .warmupIterations(1)
        .warmupTime(TimeValue.milliseconds(200))
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    List<String> ran = new ArrayList<>();
    for (RunResult r : new Runner(options).run()) {
      String name = r.getParams().getBenchmark();
      String param = r.getParams().getParamsKeys().isEmpty() ? "-"
          : String.join(",", r.getParams().getParamsKeys().stream()
              .map(k -> r.getParams().getParam(k)).toList());
      System.out.printf(Locale.ROOT, "%-60s %-12s %,.1f %s%n", name, param,
          r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit());
      assertThat(r.getPrimaryResult().getScore()).as(name).isPositive();
      ran.add(name.substring(name.lastIndexOf('.') + 1) + "/" + param);
    }
    assertThat(ran).containsExactlyInAnyOrder("logInfo/vigil", "logInfo/logbackAsync",
        "logErrorWithException/vigil", "logErrorWithException/logbackAsync",
        "micrometerCounter/-", "vigilCounter/-", "micrometerByName/-", "vigilByName/-",
        "pipeline/log,all", "pipeline/log,warn", "pipeline/ingest,all", "pipeline/ingest,warn",
        "evaluate/false,1000", "evaluate/false,10000", "evaluate/true,1000",
        "evaluate/true,10000",
        "vigilHandle/-", "vigilByName/-", "micrometerPercentiles/-", "micrometerHistogram/-",
        "micrometerPlain/-", "vigilHandle2t/-", "vigilByName2t/-", "micrometerPercentiles2t/-",
        "micrometerHistogram2t/-", "micrometerPlain2t/-");
  }

  /** The JDBC event store's benchmarks, against the local PostgreSQL, with 20,000 events. */
  @Test
  void jdbcEventStoreBenchmarksRunAndPassTheirChecks() throws Exception {
    Options options = new OptionsBuilder()
        .include(JdbcEventStoreBenchmark.class.getName() + "\\.")
        .include(DashboardQueryBenchmark.class.getName() + "\\.")
        .param("events", "20000")
        .forks(0)
        .warmupIterations(1)
        .warmupTime(TimeValue.milliseconds(200))
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(500))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    List<String> ran = new ArrayList<>();
    for (RunResult r : new Runner(options).run()) {
      String name = r.getParams().getBenchmark();
      System.out.printf(Locale.ROOT, "%-60s %,.1f %s%n", name, r.getPrimaryResult().getScore(),
          r.getPrimaryResult().getScoreUnit());
      assertThat(r.getPrimaryResult().getScore()).as(name).isPositive();
      ran.add(name.substring(name.lastIndexOf('.') + 1));
    }
    assertThat(ran).containsExactlyInAnyOrder("vigilBatched", "insertPerEvent", "newestPage",
        "errorsPage", "groupsPage", "statsLastHour");
  }
}
