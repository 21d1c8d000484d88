package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.metrics.SeriesStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Count-based pending, and the no-data and evaluation-error treatments. */
class AlertPoliciesTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** Fires while the latest "temp" is above 8. */
  private static AlertRule.Builder temp() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8));
  }

  /** Fires while the mean of "temp" over the last minute is above 8; no data without samples. */
  private static AlertRule.Builder meanTemp() {
    return AlertRule.builder("mean-temp")
        .condition(Condition.threshold(Stat.MEAN, "temp").over(Duration.ofMinutes(1)).above(8));
  }

  private List<AlertState> publishedStates() {
    return f.published.stream().map(Alert::state).toList();
  }

  // ---- count-based pending

  @Test
  void anAlertFiresAfterTheGivenNumberOfConsecutiveBreachingEvaluations() {
    AlertEngine engine = f.engine(temp().pendingEvaluations(3).build()).build();
    f.monitor.record("temp", 10);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
    assertThat(engine.evaluate()).as("second breach: still pending").isEmpty();
    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.breaches()).isEqualTo(2));

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.lastTransition().reason())
          .startsWith("condition met for 3 consecutive evaluations: max of temp");
    });
  }

  @Test
  void aClearEvaluationStopsTheCountOfAPendingAlert() {
    AlertEngine engine = f.engine(temp().pendingEvaluations(2).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.monitor.record("temp", 5);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    f.monitor.record("temp", 10);
    engine.evaluate();
    assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.PENDING);
      assertThat(a.breaches()).isEqualTo(1);
    });
  }

  @Test
  void withBothAPendingPeriodAndACountBothMustBeMet() {
    AlertEngine engine = f.engine(temp().pendingEvaluations(2)
        .pendingFor(Duration.ofMinutes(5)).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(engine.evaluate()).as("two breaches, but not yet 5 minutes").isEmpty();
    f.clock.advance(Duration.ofMinutes(5));

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.lastTransition().reason()).startsWith(
          "condition met for the pending period of PT5M and 2 consecutive evaluations");
    });
  }

  @Test
  void pendingEvaluationsOutOfRangeFailTheBuild() {
    assertThatThrownBy(() -> temp().pendingEvaluations(0).build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("rule 'temp', field 'pendingEvaluations': must be 1 to 1000 but "
            + "was 0");
  }

  // ---- no data

  @Test
  void byDefaultNoDataCountsAsClear() {
    AlertEngine engine = f.engine(meanTemp().build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(2));

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void noDataTreatedAsBreachingFiresWithoutAnySample() {
    AlertEngine engine = f.engine(meanTemp().onNoData(Treatment.BREACHING).build()).build();

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.value()).isNaN();
      assertThat(a.lastTransition().reason()).startsWith("condition met: ")
          .endsWith("(no data, treated as breaching)");
    });
    f.monitor.record("temp", 5);
    assertThat(engine.evaluate()).as("data again, and clear").singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void ignoredNoDataKeepsAFiringAlertAndItsClearingStart() {
    AlertEngine engine = f.engine(meanTemp().onNoData(Treatment.IGNORE)
        .keepFiringFor(Duration.ofMinutes(10)).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(2));

    assertThat(engine.evaluate()).as("no data: nothing changes").isEmpty();
    assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.clearingSince()).isNull();
    });
    f.monitor.record("temp", 5);
    engine.evaluate();
    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.clearingSince()).isEqualTo(f.clock.instant()));
  }

  @Test
  void ignoredNoDataKeepsTheAlertOfAGroupThatVanished() {
    AlertRule rule = AlertRule.builder("per-host")
        .condition(Condition.threshold(Stat.MEAN, "load").over(Duration.ofMinutes(1)).above(1))
        .groupBy("host")
        .onNoData(Treatment.IGNORE)
        .build();
    AlertEngine engine = f.engine(rule).build();
    f.monitor.record("load", 3, "host", "a");
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(30));

    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.activeAlerts()).extracting(Alert::key).containsExactly("per-host{host=a}");
  }

  @Test
  void absenceConditionsIgnoreTheNoDataTreatment() {
    AlertRule rule = AlertRule.builder("heartbeat")
        .condition(Condition.absent("heartbeat").over(Duration.ofMinutes(2)))
        .onNoData(Treatment.IGNORE)
        .build();
    AlertEngine engine = f.engine(rule).build();

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
  }

  // ---- evaluation errors

  /** A condition that throws while {@code failing} is set, else reads like {@code delegate}. */
  private static final class Flaky extends Condition {
    private final Condition delegate;
    volatile boolean failing;

    Flaky(Condition delegate) {
      super(delegate.spec);
      this.delegate = delegate;
    }

    @Override
    public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore series,
        List<String> groupBy) {
      if (failing) {
        throw new IllegalStateException("backend down");
      }
      return delegate.evaluate(series, groupBy);
    }

    @Override
    public String describe() {
      return delegate.describe();
    }

    @Override
    List<String[]> problems() {
      return delegate.problems();
    }
  }

  private final Flaky flaky =
      new Flaky(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8));

  @Test
  void byDefaultAFailedEvaluationChangesNothingAndIsCounted() {
    AlertEngine engine = f.engine(AlertRule.builder("flaky").condition(flaky).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    flaky.failing = true;
    f.monitor.record("temp", 5);

    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.evaluationFailures()).isEqualTo(1);
    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
  }

  @Test
  void aFailedEvaluationTreatedAsBreachingOpensAnAlertThatSaysWhy() {
    AlertEngine engine = f.engine(AlertRule.builder("flaky").condition(flaky)
        .onError(Treatment.BREACHING).build()).build();
    flaky.failing = true;

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.group()).isEmpty();
      assertThat(a.lastTransition().reason()).isEqualTo("condition met: evaluation failed "
          + "(java.lang.IllegalStateException: backend down), treated as breaching");
    });
    assertThat(engine.evaluationFailures()).isEqualTo(1);
    flaky.failing = false;
    f.monitor.record("temp", 5);
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void aFailedEvaluationTreatedAsNotBreachingLetsFiringAlertsResolve() {
    AlertEngine engine = f.engine(AlertRule.builder("flaky").condition(flaky)
        .onError(Treatment.NOT_BREACHING).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    flaky.failing = true;

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(a.lastTransition().reason()).contains("evaluation failed");
    });
    assertThat(publishedStates()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
  }
}
