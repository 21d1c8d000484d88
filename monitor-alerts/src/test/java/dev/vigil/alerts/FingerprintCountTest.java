package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.alerts.InvalidAlertRuleException.Problem;
import dev.vigil.alerts.testing.AlertTestKit;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.store.EventQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event counts by fingerprint: read from the event store, one alert per error group. */
class FingerprintCountTest {

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** Any error group seen more than 3 times in 5 minutes. */
  private static final AlertRule PER_GROUP = AlertRule.builder("error-groups")
      .condition(Condition.events(Severity.ERROR).over(FIVE_MINUTES).above(3))
      .groupBy("fingerprint")
      .build();

  /** A JSON line from service {@code payments}: its fingerprint is the same in every monitor. */
  private static String line(String level, String message) {
    return "{\"level\":\"" + level + "\",\"message\":\"" + message + "\"}";
  }

  private static void payment(AlertTestKit kit, int order) {
    kit.ingest("payments", line("ERROR", "payment failed for order " + order));
  }

  private static void diskFull(AlertTestKit kit) {
    kit.ingest("payments", line("ERROR", "disk full on /var/data"));
  }

  /** Returns the fingerprint of the stored events whose message contains {@code text}. */
  private static String fingerprintOf(AlertTestKit kit, String text) {
    kit.awaitEvents();
    List<MonitorEvent> found = kit.monitor()
        .events(EventQuery.builder().text(text).build()).items();
    assertThat(found).isNotEmpty();
    assertThat(found).extracting(MonitorEvent::fingerprint).containsOnly(found.get(0).fingerprint());
    return found.get(0).fingerprint();
  }

  @Test
  void aRepeatedErrorFiresForItsGroupAlone() {
    try (AlertTestKit kit = AlertTestKit.start(PER_GROUP)) {
      for (int order = 1; order <= 4; order++) {
        payment(kit, order); // the same problem four times: one fingerprint
      }
      diskFull(kit);
      diskFull(kit);
      diskFull(kit); // three: not above 3
      for (int i = 0; i < 6; i++) {
        kit.ingest("payments", line("WARN", "slow query " + i)); // stored, below ERROR
      }
      kit.ingest("payments", line("INFO", "payment failed for order 99")); // not stored
      kit.evaluate();

      String payments = fingerprintOf(kit, "payment failed");
      String disk = fingerprintOf(kit, "disk full");
      assertThat(payments).isNotEqualTo(disk);
      Alert alert = kit.assertFiring("error-groups", "fingerprint", payments);
      assertThat(alert.group()).isEqualTo(Map.of("fingerprint", payments));
      assertThat(alert.value()).isEqualTo(4);
      kit.assertNoAlert("error-groups", "fingerprint", disk);
      assertThat(kit.activeAlerts()).hasSize(1);

      diskFull(kit); // the fourth
      kit.evaluate();
      kit.assertFiring("error-groups", "fingerprint", disk);
    }
  }

  @Test
  void aGroupThatWentQuietCountsZeroAndResolvesWhateverTheNoDataTreatment() {
    for (Treatment noData : Treatment.values()) {
      AlertRule rule = AlertRule.builder("error-groups")
          .condition(Condition.events(Severity.ERROR).over(FIVE_MINUTES).above(3))
          .groupBy("fingerprint")
          .onNoData(noData)
          .build();
      try (AlertTestKit kit = AlertTestKit.start(rule)) {
        for (int i = 0; i < 5; i++) {
          payment(kit, i);
        }
        kit.evaluate();
        String payments = fingerprintOf(kit, "payment failed");
        kit.assertFiring("error-groups", "fingerprint", payments);

        kit.advance(Duration.ofHours(2));

        assertThat(kit.assertResolved("error-groups", "fingerprint", payments).value())
            .as("with onNoData " + noData).isZero();
      }
    }
  }

  @Test
  void eventsOutsideTheWindowDoNotCount() {
    try (AlertTestKit kit = AlertTestKit.start(PER_GROUP)) {
      payment(kit, 1);
      payment(kit, 2);
      kit.advance(Duration.ofMinutes(4));
      kit.assertNoActiveAlerts();
      payment(kit, 3);
      payment(kit, 4);
      kit.evaluate();
      String payments = fingerprintOf(kit, "payment failed");
      assertThat(kit.assertFiring("error-groups", "fingerprint", payments).value()).isEqualTo(4);

      kit.advance(Duration.ofMinutes(1).plusMillis(1)); // the first two are now 5m1ms old
      Alert resolved = kit.assertResolved("error-groups", "fingerprint", payments);
      assertThat(resolved.lastTransition().value()).isEqualTo(2);
    }
  }

  @Test
  void aFingerprintFilterCountsThatGroupOnly() {
    String payments;
    try (AlertTestKit first = AlertTestKit.start()) { // learn the fingerprint
      payment(first, 1);
      payments = fingerprintOf(first, "payment failed");
    }
    AlertRule rule = AlertRule.builder("payments-failing")
        .condition(Condition.events(Severity.ERROR).fingerprint(payments).over(FIVE_MINUTES)
            .atLeast(3))
        .build();
    assertThat(rule.condition().describe()).isEqualTo("events of severity >= ERROR, fingerprint "
        + payments + " over PT5M");
    try (AlertTestKit kit = AlertTestKit.start(rule)) {
      for (int i = 0; i < 5; i++) {
        diskFull(kit); // another group: not counted
      }
      payment(kit, 1);
      payment(kit, 2);
      kit.evaluate();
      kit.assertNoActiveAlerts();
      payment(kit, 3);
      kit.evaluate();
      Alert alert = kit.assertFiring("payments-failing");
      assertThat(alert.group()).isEmpty();
      assertThat(alert.value()).isEqualTo(3);
    }
  }

  @Test
  void otherGroupByKeysComeFromTheEvent() {
    AlertRule rule = AlertRule.builder("by-source")
        .condition(Condition.events(Severity.ERROR).over(FIVE_MINUTES).atLeast(2))
        .groupBy("source", "fingerprint")
        .build();
    try (AlertTestKit kit = AlertTestKit.start(rule)) {
      payment(kit, 1);
      payment(kit, 2);
      kit.ingest("billing", line("ERROR", "payment failed for order 3"));
      kit.evaluate();
      String payments = fingerprintOf(kit, "payment failed for order 1");
      Alert alert = kit.assertFiring("by-source", "source", "payments");
      assertThat(alert.group()).isEqualTo(Map.of("source", "payments", "fingerprint", payments));
      kit.assertNoAlert("by-source", "source", "billing");
    }
  }

  @Test
  void theScanCapIsSaidInTheReading() {
    AlertRule rule = AlertRule.builder("capped")
        .condition(Condition.events(Severity.ERROR).over(FIVE_MINUTES).above(3).maxScanned(5))
        .groupBy("fingerprint")
        .build();
    try (AlertTestKit kit = AlertTestKit.start(rule)) {
      for (int order = 1; order <= 8; order++) {
        payment(kit, order);
      }
      kit.evaluate();
      Alert alert = kit.assertFiring("capped");
      assertThat(alert.value()).isEqualTo(5);
      assertThat(alert.lastTransition().reason())
          .contains("events of severity >= ERROR over PT5M (counted up to the scan cap of 5"
              + " stored events: at least this many) = 5.0 (> 3.0)");
    }
    try (AlertTestKit kit = AlertTestKit.start(rule)) { // below the cap: no note
      for (int order = 1; order <= 4; order++) {
        payment(kit, order);
      }
      kit.evaluate();
      assertThat(kit.assertFiring("capped").lastTransition().reason())
          .contains("events of severity >= ERROR over PT5M = 4.0 (> 3.0)")
          .doesNotContain("scan cap");
    }
  }

  @Test
  void withoutTheEventStoreAStoreBackedCountRefusesToEvaluate() {
    try (SeriesStore series = SeriesStore.inMemory()) {
      EventCountCondition byGroup = Condition.events(Severity.ERROR).over(FIVE_MINUTES).above(3);
      assertThat(byGroup.evaluate(series, List.of("source"))).isEmpty(); // series: fine
      assertThatThrownBy(() -> byGroup.evaluate(series, List.of("fingerprint")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is grouped by fingerprint")
          .hasMessageContaining("only an AlertEngine");
      assertThatThrownBy(() -> byGroup.fingerprint("0123456789abcdef")
          .evaluate(series, List.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("filters by fingerprint");
    }
  }

  @Test
  void aBlankFingerprintIsABuildProblem() {
    assertThatThrownBy(() -> AlertRule.builder("blank")
        .condition(Condition.events(Severity.ERROR).fingerprint(" ").over(FIVE_MINUTES).above(1))
        .build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("condition.fingerprint")
        .hasMessageContaining("is blank");
  }

  @Test
  void ruleFilesTakeTheFingerprintAndGroupByIt() {
    AlertRules file = AlertRules.parse("""
        rules:
          - id: one-group
            events: {minSeverity: ERROR, fingerprint: "ab12cd34ef56ab12", window: 5m, above: 10}
          - id: error-groups
            events: {minSeverity: ERROR, window: 5m, above: 3}
            groupBy: [fingerprint]
        """, "groups.yaml", true);
    assertThat(file.rules().get(0).condition().describe()).isEqualTo(
        "events of severity >= ERROR, fingerprint ab12cd34ef56ab12 over PT5M");
    assertThat(file.rules().get(1).groupBy()).containsExactly("fingerprint");
    try (AlertTestKit kit = AlertTestKit.start(file.rules())) {
      for (int order = 1; order <= 4; order++) {
        payment(kit, order);
      }
      kit.evaluate();
      kit.assertFiring("error-groups", "fingerprint", fingerprintOf(kit, "payment failed"));
      kit.assertNoAlert("one-group");
    }
    AlertRules json = AlertRules.parse("""
        {"rules": [{"id": "g", "groupBy": ["fingerprint"],
          "events": {"minSeverity": "ERROR", "fingerprint": "ab12", "window": "5m", "above": 1}}]}
        """, "groups.json", false);
    assertThat(json.rules().get(0).condition().describe()).contains("fingerprint ab12");
  }

  @Test
  void aBadFingerprintInAFileIsNamed() {
    List<Problem> problems = problems("""
        rules:
          - id: a
            events: {minSeverity: ERROR, fingerprint: 12, window: 5m, above: 10}
          - id: b
            events: {minSeverity: ERROR, fingerprint: " ", window: 5m, above: 10}
          - id: c
            events: {minSeverity: ERROR, fingerprnt: ab12, window: 5m, above: 10}
        """);
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0).toString()).startsWith("rule 'a', field 'events.fingerprint': ")
        .contains("a string");
    assertThat(problems.get(1).toString())
        .startsWith("rule 'b', field 'events.fingerprint': is blank");
    assertThat(problems.get(2).toString()).contains("rule 'c'").contains("fingerprnt")
        .contains("(did you mean 'fingerprint'?)");
  }

  private static List<Problem> problems(String yaml) {
    try {
      AlertRules.parse(yaml, "bad.yaml", true);
    } catch (InvalidAlertRuleException e) {
      return e.problems();
    }
    throw new AssertionError("no problem found in " + yaml);
  }
}
