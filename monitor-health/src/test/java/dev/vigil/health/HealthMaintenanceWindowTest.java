package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Monitor;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.MaintenanceWindow;
import dev.vigil.alerts.Muting;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A maintenance window mutes the alerts of the checks it covers (seed 003: the 03:00 reboot). */
class HealthMaintenanceWindowTest {

  @Test
  void theNightlyRebootDoesNotPageButTheSameFailureAtNoonDoes() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-10T01:05:00Z"));
    MaintenanceWindow reboot = MaintenanceWindow.builder("nightly-reboot")
        .matching("check", "green-api")
        .daily(LocalTime.of(3, 0)).duration(Duration.ofMinutes(15))
        .zone(ZoneId.of("Europe/Paris"))                        // 01:00-01:15 UTC in summer
        .build();
    try (Monitor monitor = Monitor.builder().name("health-maintenance-test").clock(now::get)
             .build();
         HealthMonitor health = HealthMonitor.builder().monitor(monitor)
             .check(HealthCheck.of("green-api",
                 () -> HealthResult.down(FailureKind.TIMEOUT, "rebooting")))
             .build().start()) {
      List<Alert> heard = new ArrayList<>();
      AlertEngine engine = AlertEngine.builder().monitor(monitor).rule(HealthAlerts.down())
          .maintenance(reboot).listener(heard::add).build();

      health.runNow("green-api").get(10, TimeUnit.SECONDS);
      engine.evaluate();
      assertThat(heard).singleElement().satisfies(a -> {
        assertThat(a.state()).isEqualTo(AlertState.SILENCED);
        assertThat(a.mutedBy()).isEqualTo(new Muting(Muting.Kind.MAINTENANCE, "nightly-reboot"));
      });

      now.set(Instant.parse("2026-06-10T10:00:00Z"));
      health.runNow("green-api").get(10, TimeUnit.SECONDS);
      engine.evaluate();
      assertThat(heard).extracting(Alert::state)
          .containsExactly(AlertState.SILENCED, AlertState.FIRING);
      engine.close();
    }
  }
}
