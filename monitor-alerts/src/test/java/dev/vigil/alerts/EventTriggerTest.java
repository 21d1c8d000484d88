package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.LogLevel;
import dev.vigil.Severity;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rules evaluated as soon as an event they count is stored, not only at their interval. */
class EventTriggerTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static AlertRule.Builder anyError(String id) {
    return AlertRule.builder(id)
        .condition(Condition.events(Severity.ERROR).over(Duration.ofMinutes(5)).atLeast(1))
        .interval(Duration.ofHours(1));
  }

  private void awaitEvaluations(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> f.monitor.meterRegistry()
        .get(AlertMeters.EVALUATIONS).tag("outcome", "success").functionCounter().count() >= n);
  }

  @Test
  void anEventCrossingTheThresholdFiresAtOnceOnlyForRulesEvaluatedOnEvents() {
    try (AlertEngine engine = f.engine(anyError("immediate").evaluateOnEvent(true).build(),
        anyError("scheduled").build()).build()) {
      engine.start();   // both evaluated once at start, with no event yet
      awaitEvaluations(2);

      f.monitor.log(LogLevel.ERROR, "payment failed");

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(f.published).extracting(Alert::ruleId).containsExactly("immediate"));
      assertThat(f.published.get(0).state()).isEqualTo(AlertState.FIRING);
      assertThat(f.published.get(0).value()).isEqualTo(1.0);
    }
    assertThat(f.published).as("the scheduled rule waits for its interval")
        .extracting(Alert::ruleId).containsExactly("immediate");
  }

  @Test
  void eventsTheConditionDoesNotCountTriggerNothing() {
    try (AlertEngine engine = f.engine(AlertRule.builder("db")
        .condition(Condition.events(Severity.ERROR).category("database")
            .over(Duration.ofMinutes(5)).atLeast(1))
        .evaluateOnEvent(true)
        .interval(Duration.ofHours(1))
        .build()).build()) {
      engine.start();
      awaitEvaluations(1);
      f.monitor.log(LogLevel.ERROR, "payment failed");       // category unknown: not counted
      f.monitor.event(LogLevel.ERROR, "connection refused").tag("marker", "last").capture();

      await().atMost(Duration.ofSeconds(10)).until(() -> f.monitor.events(
          dev.vigil.store.EventQuery.all()).items().size() == 2);
      assertThat(f.published).isEmpty();
    }
  }

  @Test
  void onlyEventsConditionsCanBeEvaluatedOnEvents() {
    assertThatThrownBy(() -> AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .evaluateOnEvent(true)
        .build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("rule 'temp', field 'evaluateOnEvent': only an events condition "
            + "can be evaluated on events, not max of temp");
  }
}
