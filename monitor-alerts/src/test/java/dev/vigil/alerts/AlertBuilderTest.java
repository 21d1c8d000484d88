package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public Alert builder, as a persistent store restores alerts with it. */
class AlertBuilderTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  /**
   * A store that keeps only what a database would: each saved alert taken apart into its
   * properties and rebuilt with {@link Alert#builder()} when read.
   */
  private static final class RebuildingStore implements AlertStore {
    private final AlertStore inner = AlertStore.inMemory();

    private static Alert rebuild(Alert a) {
      return Alert.builder()
          .ruleId(a.ruleId()).group(a.group()).state(a.state()).severity(a.severity())
          .labels(a.labels()).annotations(a.annotations()).runbook(a.runbook())
          .value(a.value()).activeSince(a.activeSince()).firingSince(a.firingSince())
          .resolvedAt(a.resolvedAt()).clearingSince(a.clearingSince())
          .history(new ArrayList<>(a.history())).acknowledgement(a.acknowledgement())
          .mutedBy(a.mutedBy()).notifiedAt(a.notifiedAt()).breaches(a.breaches())
          .changes(a.changes())
          .build();
    }

    private static List<Alert> rebuild(List<Alert> alerts) {
      return alerts.stream().map(RebuildingStore::rebuild).toList();
    }

    @Override
    public boolean save(Alert alert) {
      return inner.save(rebuild(alert));
    }

    @Override
    public List<Alert> active() {
      return rebuild(inner.active());
    }

    @Override
    public List<Alert> active(String ruleId) {
      return rebuild(inner.active(ruleId));
    }

    @Override
    public List<Alert> resolved() {
      return rebuild(inner.resolved());
    }

    @Override
    public void saveSilence(Silence silence) {
      inner.saveSilence(silence);
    }

    @Override
    public boolean removeSilence(String id) {
      return inner.removeSilence(id);
    }

    @Override
    public List<Silence> silences() {
      return inner.silences();
    }
  }

  @Test
  void anEngineOnAStoreOfRebuiltAlertsBehavesAsOnTheInMemoryOne() {
    AlertRule rule = AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .pendingEvaluations(2)
        .repeatInterval(Duration.ofMinutes(10))
        .flapDetection(4, Duration.ofHours(1))
        .annotation("summary", "temp {{value}}")
        .build();
    AlertEngine engine = f.engine(rule).store(new RebuildingStore()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    engine.evaluate();
    engine.acknowledge("temp", "alice", "on it", Duration.ofMinutes(5));
    f.clock.advance(Duration.ofMinutes(5));
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(10));
    engine.evaluate();

    assertThat(f.published).extracting(Alert::state, Alert::isReminder).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertState.PENDING, false),
        org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, false),
        org.assertj.core.groups.Tuple.tuple(AlertState.ACKNOWLEDGED, false),
        org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, false),
        org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, true));
    Alert stored = engine.activeAlerts().get(0);
    assertThat(stored.toBuilder().build()).usingRecursiveComparison().isEqualTo(stored);
    assertThat(stored.annotations()).containsEntry("summary", "temp 10");
    assertThat(stored.changes()).hasSize(1);
  }

  @Test
  void buildingWithoutTheRequiredPropertiesNamesThem() {
    assertThatThrownBy(() -> Alert.builder().ruleId("temp").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot build an alert without state, severity, activeSince, notifiedAt, "
            + "history");
  }
}
