package dev.vigil.benchmarks;

import dev.vigil.Monitor;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.InhibitRule;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.Stat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link AlertEngine#evaluate()} pass over {@code rules} rules and 1,000 series, in
 * milliseconds (target: 10,000 rules in at most 10 ms).
 *
 * <p>The series: a distribution {@code request.latency} for 10 platforms × 50 regions (500
 * series, 60 samples each) and counters {@code request.failure} and {@code request.success} for 10
 * platforms × 25 regions (250 series each). Region {@code r0} is slow (latency 500 against 100)
 * and failing (20% against 1%). The rules cycle through four kinds, each on one platform and
 * region: the mean latency over 5 minutes above 300, the failure ratio over 15 minutes above 5%
 * (at least 10 requests), the mean of the last 50 latencies above 300, and the p99 latency over 5
 * minutes above 300; every 50th rule instead watches a whole platform grouped by region (50 or
 * 25 groups). The clock is fixed, so the windows hold still and after the first pass (in setup)
 * no alert changes: the benchmark measures the steady state of reading, comparing and saving.
 *
 * <p>With {@code mutes}, the engine also has a silence and an inhibit rule (source {@code
 * rule-0}, a firing alert) whose targets no alert matches: the cost of checking every firing
 * alert against them at every pass.
 *
 * <p>The check: every rule on region {@code r0}, and the {@code r0} group of every grouped rule,
 * has a FIRING alert, no other alert exists, no evaluation failed and the last pass changed
 * nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class AlertEvaluationBenchmark {

  private static final int PLATFORMS = 10;
  private static final int LATENCY_REGIONS = 50;
  private static final int COUNTER_REGIONS = 25;
  private static final int SAMPLES = 60;

  /** The number of rules. */
  @Param({"1000", "10000"})
  public int rules;

  /**
   * Whether the engine also has a silence and an inhibit rule whose targets no alert matches
   * (so every firing alert is checked against them at every pass, and nothing changes).
   */
  @Param({"false", "true"})
  public boolean mutes;

  private Monitor monitor;
  private AlertEngine engine;
  private int expectedAlerts;
  private List<Alert> last = List.of();

  /** Records the series, builds the rules and runs the first pass, which opens the alerts. */
  @Setup(Level.Trial)
  public void setup() {
    monitor = Monitor.builder().name("alert-bench")
        .clock(InstantSource.fixed(Instant.parse("2026-03-02T10:00:00Z")))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
    for (int p = 0; p < PLATFORMS; p++) {
      for (int r = 0; r < LATENCY_REGIONS; r++) {
        double base = r == 0 ? 500 : 100;
        for (int i = 0; i < SAMPLES; i++) {
          monitor.record("request.latency", base + (i % 10), "platform", "p" + p, "region", "r" + r);
        }
      }
      for (int r = 0; r < COUNTER_REGIONS; r++) {
        String[] tags = {"platform", "p" + p, "region", "r" + r};
        monitor.increment("request.failure", r == 0 ? 20 : 1, tags);
        monitor.increment("request.success", r == 0 ? 80 : 99, tags);
      }
    }
    List<AlertRule> list = new ArrayList<>(rules);
    expectedAlerts = 0;
    for (int i = 0; i < rules; i++) {
      list.add(rule(i));
    }
    AlertEngine.Builder builder = AlertEngine.builder().monitor(monitor).rules(list);
    if (mutes) {
      builder.inhibit(InhibitRule.builder().sourceMatching("alertname", "rule-0")
          .targetMatching("team", "payments").equal("platform").build());
    }
    engine = builder.build();
    if (mutes) {
      engine.silence(Silence.builder().matching("team", "payments").createdBy("bench")
          .endsAt(Instant.parse("2026-03-03T10:00:00Z")).build());
    }
    engine.evaluate();
  }

  private AlertRule rule(int i) {
    String platform = "p" + (i % PLATFORMS);
    int kind = (i / PLATFORMS) % 4;
    boolean grouped = i % 50 == 49;
    int region = (i / (PLATFORMS * 4)) % (kind == 1 ? COUNTER_REGIONS : LATENCY_REGIONS);
    expectedAlerts += grouped || region == 0 ? 1 : 0;
    Condition condition = switch (kind) {
      case 0 -> where(Condition.threshold(Stat.MEAN, "request.latency")
          .over(Duration.ofMinutes(5)).above(300), platform, region, grouped);
      case 1 -> {
        var ratio = Condition.ratio("request.failure", "request.failure", "request.success")
            .over(Duration.ofMinutes(15)).minDenominator(10).above(0.05)
            .where("platform", platform);
        yield grouped ? ratio : ratio.where("region", "r" + region);
      }
      case 2 -> where(Condition.threshold(Stat.MEAN, "request.latency").lastSamples(50)
          .above(300), platform, region, grouped);
      default -> where(Condition.percentile(0.99, "request.latency")
          .over(Duration.ofMinutes(5)).above(300), platform, region, grouped);
    };
    AlertRule.Builder b = AlertRule.builder("rule-" + i).condition(condition)
        .annotation("summary", "latency or failure ratio {{ value }}");
    return grouped ? b.groupBy("region").build() : b.build();
  }

  private static Condition where(dev.vigil.alerts.ThresholdCondition c, String platform,
      int region, boolean grouped) {
    dev.vigil.alerts.ThresholdCondition onPlatform = c.where("platform", platform);
    return grouped ? onPlatform : onPlatform.where("region", "r" + region);
  }

  /** One evaluation pass over every rule. */
  @Benchmark
  public List<Alert> evaluate() {
    last = engine.evaluate();
    return last;
  }

  /** Checks the alerts and that nothing failed or changed in the steady state. */
  @TearDown(Level.Trial)
  public void check() {
    List<Alert> active = engine.activeAlerts();
    long failures = engine.evaluationFailures();
    engine.close();
    monitor.close();
    long firing = active.stream().filter(a -> a.state() == AlertState.FIRING).count();
    if (failures != 0 || !last.isEmpty() || active.size() != expectedAlerts
        || firing != expectedAlerts
        || !active.stream().allMatch(a -> "r0".equals(a.group().getOrDefault("region", "r0")))) {
      throw new IllegalStateException(rules + " rules: " + active.size() + " active alerts ("
          + firing + " firing) for " + expectedAlerts + " expected, " + failures
          + " failed evaluations, " + last.size() + " changes in the last pass");
    }
  }
}
