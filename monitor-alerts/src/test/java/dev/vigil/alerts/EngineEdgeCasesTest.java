package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.metrics.SeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interplays of the engine's features: inhibition, errors, listeners, acknowledgements. */
class EngineEdgeCasesTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static AlertRule down(String id) {
    return AlertRule.builder(id)
        .condition(Condition.threshold(Stat.MAX, id).lastSamples(1).atLeast(1))
        .groupBy("cluster")
        .severity(Severity.CRITICAL)
        .build();
  }

  @Test
  void alertsMatchingBothSidesOfAnInhibitRuleDoNotMuteEachOther() {
    InhibitRule criticalMutesTheRest = InhibitRule.builder()
        .sourceMatching("severity", "CRITICAL")
        .targetNotMatching("severity", "INFO")
        .equal("cluster")
        .build();
    AlertEngine engine = f.engine(down("db-down"), down("api-down"))
        .inhibit(criticalMutesTheRest).build();
    f.monitor.record("db-down", 1, "cluster", "a");
    f.monitor.record("api-down", 1, "cluster", "a");

    for (int i = 0; i < 3; i++) {
      engine.evaluate();
      f.clock.advance(Duration.ofMinutes(1));
    }

    assertThat(engine.activeAlerts()).extracting(Alert::state)
        .containsOnly(AlertState.FIRING).hasSize(2);
  }

  @Test
  void aTargetBreachingWithItsSourceIsMutedInTheSamePassWhateverTheRuleOrder() {
    AlertRule slow = AlertRule.builder("slow")
        .condition(Condition.threshold(Stat.MAX, "latency").lastSamples(1).above(500))
        .groupBy("cluster")
        .build();
    AlertEngine engine = f.engine(slow, down("db-down"))
        .inhibit(InhibitRule.builder().sourceMatching("alertname", "db-down")
            .targetMatching("alertname", "slow").equal("cluster").build())
        .build();
    f.monitor.record("latency", 900, "cluster", "a");
    f.monitor.record("db-down", 1, "cluster", "a");

    assertThat(engine.evaluate()).extracting(Alert::key, Alert::state).containsExactly(
        tuple("db-down{cluster=a}", AlertState.FIRING),
        tuple("slow{cluster=a}", AlertState.SILENCED));
    assertThat(engine.rules()).extracting(AlertRule::id).as("as added")
        .containsExactly("slow", "db-down");
  }

  @Test
  void theErrorAlertOfAGroupedRuleResolvesOnceEvaluationWorksWhateverTheNoDataTreatment() {
    AtomicBoolean failing = new AtomicBoolean(true);
    Condition inner = Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8);
    Condition flaky = new Condition(inner.spec) {
      @Override
      public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore series,
          List<String> groupBy) {
        if (failing.get()) {
          throw new IllegalStateException("backend down");
        }
        return inner.evaluate(series, groupBy);
      }

      @Override
      public String describe() {
        return inner.describe();
      }

      @Override
      List<String[]> problems() {
        return inner.problems();
      }
    };
    AlertEngine engine = f.engine(AlertRule.builder("per-host").condition(flaky)
        .groupBy("host").onError(Treatment.BREACHING).onNoData(Treatment.BREACHING).build())
        .build();
    f.monitor.record("temp", 5, "host", "a");
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.group()).isEmpty());
    failing.set(false);

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(a.lastTransition().reason())
          .isEqualTo("condition cleared: the rule's evaluation succeeds again");
    });
  }

  @Test
  void aListenerCannotAcknowledgeDuringAnEvaluationButTheStoreStaysRight() {
    List<Throwable> refused = new ArrayList<>();
    AlertEngine[] engine = new AlertEngine[1];
    engine[0] = f.engine(down("a-down"), down("b-down")).listener(alert -> {
      if (alert.ruleId().equals("a-down")) {
        try {
          engine[0].acknowledge("b-down{cluster=x}", "bot", "", Duration.ofMinutes(5));
        } catch (RuntimeException e) {
          refused.add(e);
        }
      }
    }).build();
    f.monitor.record("b-down", 1, "cluster", "x");
    engine[0].evaluate();
    f.monitor.record("a-down", 1, "cluster", "x");

    engine[0].evaluate();

    assertThat(refused).singleElement().satisfies(e -> assertThat(e)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("from a listener while the engine evaluates"));
    assertThat(engine[0].activeAlerts()).extracting(Alert::state)
        .containsOnly(AlertState.FIRING);
  }

  @Test
  void aListenerThrowingAnErrorStopsNeitherTheScheduleNorTheOtherListeners() {
    AtomicInteger heard = new AtomicInteger();
    AlertRule temp = AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .interval(Duration.ofSeconds(1))
        .build();
    try (AlertEngine engine = f.engine(temp)
        .listener(alert -> {
          throw new AssertionError("a test notifier's failed assertion");
        })
        .listener(alert -> heard.incrementAndGet())
        .build()) {
      f.monitor.record("temp", 10);
      engine.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() == 1);
      f.monitor.record("temp", 5);
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() == 2);
      assertThat(engine.listenerFailures()).isEqualTo(2);
    }
  }

  @Test
  void anAcknowledgedAlertThatClearsResolvesRatherThanFlapping() {
    AlertEngine engine = f.engine(AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .flapDetection(2, Duration.ofHours(1))
        .build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    engine.acknowledge("temp", "alice", "", Duration.ofMinutes(30));
    f.monitor.record("temp", 5);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void aRuleEvaluatedOnEventsCannotCountPendingEvaluations() {
    assertThatThrownBy(() -> AlertRule.builder("e")
        .condition(Condition.events(Severity.ERROR).over(Duration.ofMinutes(1)).atLeast(1))
        .evaluateOnEvent(true).pendingEvaluations(3).build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("field 'pendingEvaluations': counts evaluations");
  }
}
