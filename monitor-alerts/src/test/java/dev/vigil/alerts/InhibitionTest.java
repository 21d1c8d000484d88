package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inhibit rules: a firing source alert mutes matching targets with equal labels. */
class InhibitionTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static final AlertRule DB_DOWN = AlertRule.builder("db-down")
      .condition(Condition.threshold(Stat.MAX, "db.down").lastSamples(1).atLeast(1))
      .groupBy("cluster")
      .severity(Severity.CRITICAL)
      .build();

  private static final AlertRule SLOW = AlertRule.builder("slow")
      .condition(Condition.threshold(Stat.MAX, "latency").lastSamples(1).above(500))
      .groupBy("cluster")
      .build();

  private static final InhibitRule DB_MUTES_WARNINGS = InhibitRule.builder()
      .sourceMatching("alertname", "db-down")
      .targetMatching("severity", "WARN")
      .equal("cluster")
      .build();

  @Test
  void aFiringSourceMutesTheTargetsOfItsClusterOnly() {
    AlertEngine engine = f.engine(DB_DOWN, SLOW).inhibit(DB_MUTES_WARNINGS).build();
    f.monitor.record("db.down", 1, "cluster", "a");
    f.monitor.record("latency", 900, "cluster", "a");
    f.monitor.record("latency", 900, "cluster", "b");

    engine.evaluate();

    assertThat(engine.activeAlerts()).extracting(Alert::key, Alert::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("db-down{cluster=a}", AlertState.FIRING),
            org.assertj.core.groups.Tuple.tuple("slow{cluster=a}", AlertState.SILENCED),
            org.assertj.core.groups.Tuple.tuple("slow{cluster=b}", AlertState.FIRING));
    Alert muted = engine.activeAlerts().stream()
        .filter(a -> a.key().equals("slow{cluster=a}")).findFirst().orElseThrow();
    assertThat(muted.mutedBy())
        .isEqualTo(new Muting(Muting.Kind.INHIBITION, "db-down{cluster=a}"));
    assertThat(muted.lastTransition().reason()).endsWith("; inhibited by db-down{cluster=a}");
  }

  @Test
  void theTargetFiresAgainWhenTheSourceResolves() {
    AlertEngine engine = f.engine(DB_DOWN, SLOW).inhibit(DB_MUTES_WARNINGS).build();
    f.monitor.record("db.down", 1, "cluster", "a");
    f.monitor.record("latency", 900, "cluster", "a");
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(1));
    f.monitor.record("db.down", 0, "cluster", "a");

    engine.evaluate();

    assertThat(f.published).extracting(Alert::key, Alert::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("db-down{cluster=a}", AlertState.FIRING),
        org.assertj.core.groups.Tuple.tuple("slow{cluster=a}", AlertState.SILENCED),
        org.assertj.core.groups.Tuple.tuple("db-down{cluster=a}", AlertState.RESOLVED),
        org.assertj.core.groups.Tuple.tuple("slow{cluster=a}", AlertState.FIRING));
    assertThat(f.published.get(3).lastTransition().reason())
        .startsWith("inhibition by db-down{cluster=a} ended: ");
  }

  @Test
  void aFiringTargetIsMutedOnceTheSourceFires() {
    AlertEngine engine = f.engine(SLOW, DB_DOWN).inhibit(DB_MUTES_WARNINGS).build();
    f.monitor.record("latency", 900, "cluster", "a");
    engine.evaluate();
    f.monitor.record("db.down", 1, "cluster", "a");
    engine.evaluate();  // slow is evaluated first: db-down only fires after it

    f.clock.advance(Duration.ofMinutes(1));
    engine.evaluate();

    assertThat(f.published).extracting(Alert::key, Alert::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("slow{cluster=a}", AlertState.FIRING),
        org.assertj.core.groups.Tuple.tuple("db-down{cluster=a}", AlertState.FIRING),
        org.assertj.core.groups.Tuple.tuple("slow{cluster=a}", AlertState.SILENCED));
  }

  @Test
  void anAlertMatchingBothSidesDoesNotInhibitItself() {
    InhibitRule any = InhibitRule.builder().sourceMatchingRegex("alertname", ".*")
        .targetMatchingRegex("alertname", ".*").build();
    AlertEngine engine = f.engine(SLOW).inhibit(any).build();
    f.monitor.record("latency", 900, "cluster", "a");
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(1));
    engine.evaluate();

    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
  }

  @Test
  void inhibitsComparesMatchersAndEqualLabels() {
    Map<String, String> source = Map.of("alertname", "db-down", "cluster", "a");
    assertThat(DB_MUTES_WARNINGS.inhibits(source, Map.of("severity", "WARN", "cluster", "a")))
        .isTrue();
    assertThat(DB_MUTES_WARNINGS.inhibits(source, Map.of("severity", "WARN", "cluster", "b")))
        .isFalse();
    assertThat(DB_MUTES_WARNINGS.inhibits(source, Map.of("severity", "ERROR", "cluster", "a")))
        .isFalse();
    assertThat(DB_MUTES_WARNINGS.inhibits(Map.of("alertname", "db-down"),
        Map.of("severity", "WARN"))).as("both lack the equal label").isTrue();
  }

  @Test
  void anInvalidInhibitRuleListsEveryProblem() {
    assertThatThrownBy(() -> InhibitRule.builder().targetMatchingRegex("x", "(").equal(" ")
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no source matcher")
        .hasMessageContaining("target matcher x=~\"(\": invalid regular expression")
        .hasMessageContaining("an equal label is blank");
  }
}
