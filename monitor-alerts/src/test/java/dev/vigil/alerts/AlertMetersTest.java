package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.SeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertMetersTest {

  private final Fixture f = new Fixture();
  private final MeterRegistry registry = f.monitor.meterRegistry();

  @AfterEach
  void close() {
    f.close();
  }

  private static AlertRule temperature() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .pendingFor(Duration.ofMinutes(1))
        .build();
  }

  /** A condition that always throws, as a broken custom condition would. */
  private static final class Broken extends Condition {
    Broken() {
      super(Spec.EMPTY);
    }

    @Override
    public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore series,
        List<String> groupBy) {
      throw new IllegalStateException("broken");
    }

    @Override
    public String describe() {
      return "broken";
    }

    @Override
    List<String[]> problems() {
      return new ArrayList<>();
    }
  }

  private Search search(String name) {
    return registry.find(name).tag("monitor", f.monitor.name());
  }

  private double evaluations(String outcome) {
    return search(AlertMeters.EVALUATIONS).tag("outcome", outcome).functionCounter().count();
  }

  private double active(AlertState state) {
    return search(AlertMeters.ACTIVE).tag("state", state.name()).gauge().value();
  }

  private double transitions(AlertState to) {
    return search(AlertMeters.TRANSITIONS).tag("to", to.name()).counter().count();
  }

  @Test
  void evaluationsAreCountedByOutcomeAndEachPassIsTimed() {
    AlertEngine engine = f.engine(temperature(),
        AlertRule.builder("broken").condition(new Broken()).build()).build();

    engine.evaluate();
    engine.evaluate();

    assertThat(evaluations("success")).isEqualTo(2);
    assertThat(evaluations("failure")).isEqualTo(2);
    assertThat(engine.evaluationFailures()).isEqualTo(2);
    assertThat(search(AlertMeters.EVALUATION).timer().count()).isEqualTo(2);
    assertThat(search(AlertMeters.EVALUATION).timer().totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  void activeAlertsAndTransitionsAreMeteredByState() {
    AlertEngine engine = f.engine(temperature()).build();
    for (AlertState state : AlertState.values()) {
      if (state.isActive()) {
        assertThat(active(state)).as(state.name()).isZero();
      }
      assertThat(transitions(state)).as(state.name()).isZero();
    }
    assertThat(search(AlertMeters.ACTIVE).tag("state", "RESOLVED").gauge()).isNull();

    f.monitor.record("temp", 9);
    engine.evaluate();
    assertThat(active(AlertState.PENDING)).isEqualTo(1);
    assertThat(transitions(AlertState.PENDING)).isEqualTo(1);

    f.clock.advance(Duration.ofMinutes(1));
    engine.evaluate();
    assertThat(active(AlertState.PENDING)).isZero();
    assertThat(active(AlertState.FIRING)).isEqualTo(1);
    assertThat(transitions(AlertState.FIRING)).isEqualTo(1);

    engine.acknowledge("temp", "alice", "", Duration.ofMinutes(30));
    assertThat(active(AlertState.FIRING)).isZero();
    assertThat(active(AlertState.ACKNOWLEDGED)).isEqualTo(1);
    assertThat(transitions(AlertState.ACKNOWLEDGED)).isEqualTo(1);

    f.monitor.record("temp", 5);
    engine.evaluate();
    assertThat(active(AlertState.ACKNOWLEDGED)).isZero();
    assertThat(transitions(AlertState.RESOLVED)).isEqualTo(1);
    assertThat(transitions(AlertState.PENDING)).as("unchanged").isEqualTo(1);
  }

  @Test
  void closingTheEngineRemovesItsMetersOnly() {
    AlertEngine engine = f.engine(temperature()).build();
    assertThat(search(AlertMeters.EVALUATIONS).meters()).hasSize(2);
    assertThat(search(AlertMeters.ACTIVE).meters()).hasSize(5);
    assertThat(search(AlertMeters.TRANSITIONS).meters()).hasSize(AlertState.values().length);
    int others = registry.getMeters().size() - 2 - 1 - 5 - AlertState.values().length;

    engine.close();
    engine.close();

    assertThat(registry.find(AlertMeters.EVALUATIONS).meters()).isEmpty();
    assertThat(registry.find(AlertMeters.EVALUATION).meters()).isEmpty();
    assertThat(registry.find(AlertMeters.ACTIVE).meters()).isEmpty();
    assertThat(registry.find(AlertMeters.TRANSITIONS).meters()).isEmpty();
    assertThat(registry.getMeters()).hasSize(others);
  }
}
