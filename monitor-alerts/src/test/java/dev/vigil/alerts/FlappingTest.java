package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Flap detection: one FLAPPING notice instead of churn, until the condition holds steady. */
class FlappingTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** Fires while the latest "temp" is above 8; FLAPPING at 4 changes within an hour. */
  private static AlertRule rule() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .flapDetection(4, Duration.ofHours(1))
        .build();
  }

  private List<AlertState> published() {
    return f.published.stream().map(Alert::state).toList();
  }

  /** Records {@code temp}, waits a minute and evaluates. */
  private void step(AlertEngine engine, double temp) {
    f.monitor.record("temp", temp);
    f.clock.advance(Duration.ofMinutes(1));
    engine.evaluate();
  }

  @Test
  void theFourthChangeWithinTheWindowMakesTheAlertFlappingOnce() {
    AlertEngine engine = f.engine(rule()).build();
    step(engine, 10);
    step(engine, 5);
    step(engine, 10);
    step(engine, 5);   // the 4th change: FLAPPING, not RESOLVED

    assertThat(published()).containsExactly(AlertState.FIRING, AlertState.RESOLVED,
        AlertState.FIRING, AlertState.FLAPPING);
    Alert flapping = f.published.get(3);
    assertThat(flapping.lastTransition().reason()).startsWith("condition cleared: ")
        .endsWith("; flapping: 4 changes within PT1H, no notification until the condition "
            + "holds steady for PT1H");
    assertThat(flapping.changes()).hasSize(4);

    for (int i = 0; i < 10; i++) {
      step(engine, i % 2 == 0 ? 10 : 5);
    }
    assertThat(published()).as("churn is suppressed").hasSize(4);
    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FLAPPING));
  }

  @Test
  void aFlappingAlertResolvesOnceItsConditionStayedClearForTheWindow() {
    AlertEngine engine = f.engine(rule()).build();
    for (double t : new double[] {10, 5, 10, 5, 10, 5}) {
      step(engine, t);
    }
    f.clock.advance(Duration.ofMinutes(59));
    assertThat(engine.evaluate()).as("clear for 59 minutes: still flapping").isEmpty();
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(a.lastTransition().from()).isEqualTo(AlertState.FLAPPING);
      assertThat(a.lastTransition().reason())
          .startsWith("stopped flapping, the condition held steady for PT1H: max of temp");
    });
    assertThat(published()).containsExactly(AlertState.FIRING, AlertState.RESOLVED,
        AlertState.FIRING, AlertState.FLAPPING, AlertState.RESOLVED);
  }

  @Test
  void aFlappingAlertFiresOnceItsConditionHeldForTheWindow() {
    AlertEngine engine = f.engine(rule()).build();
    for (double t : new double[] {10, 5, 10, 5, 10}) {
      step(engine, t);
    }
    f.clock.advance(Duration.ofHours(1));

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.lastTransition().from()).isEqualTo(AlertState.FLAPPING);
    });
    f.monitor.record("temp", 5);
    assertThat(engine.evaluate()).as("steady again: a clear resolves at once").singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void aFlappingAlertCanBeAcknowledgedAndThenResolvesWhenItClears() {
    AlertEngine engine = f.engine(rule()).build();
    for (double t : new double[] {10, 5, 10, 5, 10}) {
      step(engine, t);
    }
    Alert acked = engine.acknowledge("temp", "alice", "on it", Duration.ofHours(2));
    assertThat(acked.lastTransition().from()).isEqualTo(AlertState.FLAPPING);

    step(engine, 5);

    assertThat(published()).containsExactly(AlertState.FIRING, AlertState.RESOLVED,
        AlertState.FIRING, AlertState.FLAPPING, AlertState.ACKNOWLEDGED, AlertState.RESOLVED);
  }

  @Test
  void changesOlderThanTheWindowDoNotCount() {
    AlertEngine engine = f.engine(rule()).build();
    for (int i = 0; i < 8; i++) {
      f.monitor.record("temp", i % 2 == 0 ? 10 : 5);
      f.clock.advance(Duration.ofMinutes(40));
      engine.evaluate();
    }
    assertThat(published()).as("at most 2 changes in any hour").doesNotContain(
        AlertState.FLAPPING).hasSize(8);
  }

  @Test
  void aRestartedEngineRemembersTheChangesOfTheResolvedAlerts() {
    AlertStore store = AlertStore.inMemory();
    AlertEngine first = f.engine(rule()).store(store).build();
    step(first, 10);
    step(first, 5);
    step(first, 10);
    first.close();
    AlertEngine second = f.engine(rule()).store(store).build();

    step(second, 5);

    assertThat(published()).containsExactly(AlertState.FIRING, AlertState.RESOLVED,
        AlertState.FIRING, AlertState.FLAPPING);
  }

  @Test
  void invalidFlapDetectionFailsTheBuild() {
    assertThatThrownBy(() -> AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .flapDetection(1, Duration.ofSeconds(10)).build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("field 'flapDetection.changes': must be 2 to 100 but was 1")
        .hasMessageContaining("field 'flapDetection.window': must be at least 1 minute");
  }
}
