package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine mutes the alerts a maintenance window matches while it is active. */
class MaintenanceMutingTest {

  private final Fixture f = new Fixture();   // starts 2026-03-02T10:00:00Z, 11:00 in Paris

  @AfterEach
  void close() {
    f.close();
  }

  private static AlertRule temp() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .label("team", "db")
        .build();
  }

  /** Daily 11:05 to 11:35 Paris time, for the db team. */
  private static MaintenanceWindow backup() {
    return MaintenanceWindow.builder("backup")
        .matching("team", "db")
        .daily(LocalTime.of(11, 5))
        .duration(Duration.ofMinutes(30))
        .zone(ZoneId.of("Europe/Paris"))
        .build();
  }

  @Test
  void aFiringAlertIsSilencedDuringTheWindowAndFiresAgainAfter() {
    AlertEngine engine = f.engine(temp()).maintenance(backup()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(5));

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.SILENCED);
      assertThat(a.mutedBy()).isEqualTo(new Muting(Muting.Kind.MAINTENANCE, "backup"));
      assertThat(a.lastTransition().reason()).isEqualTo("muted by maintenance window backup "
          + "(daily at 11:05 Europe/Paris for PT30M)");
    });
    f.clock.advance(Duration.ofMinutes(29));
    assertThat(engine.evaluate()).isEmpty();
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(engine.evaluate()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.lastTransition().reason()).startsWith("maintenance window backup ended: ");
    });
  }

  @Test
  void anAlertOpenedDuringTheWindowOpensSilencedAndTheNextDayIsMutedAgain() {
    AlertEngine engine = f.engine(temp()).maintenance(backup()).build();
    f.clock.advance(Duration.ofMinutes(10));
    f.monitor.record("temp", 10);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.SILENCED));
    f.clock.advance(Duration.ofHours(1));
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    f.clock.advance(Duration.ofHours(23));
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.SILENCED));
  }

  @Test
  void windowsWithOneIdFailTheBuild() {
    assertThatThrownBy(() -> f.engine(temp()).maintenance(backup()).maintenance(backup())
        .build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("another maintenance window has the id 'backup'");
  }
}
