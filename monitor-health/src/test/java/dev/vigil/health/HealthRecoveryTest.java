package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The HealthMonitor hands each run to the Recoverer and records, alerts on, what it did. */
class HealthRecoveryTest {

  @Test
  void aRefusedConnectionIsRepairedAndTheRecordSaysSo() throws Exception {
    AtomicBoolean up = new AtomicBoolean(false);
    HealthCheck service = HealthCheck.of("service", () -> up.get() ? HealthResult.up("ok")
        : HealthResult.down(FailureKind.CONNECTION_REFUSED, "refused"));
    Recoverer recoverer = Recoverer.builder()
        .policy("service", RecoveryPolicy.builder()
            .act(RecoveryAction.of("restart", () -> {
              up.set(true);
              return RecoveryResult.ok("restarted");
            }), FailureKind.CONNECTION_REFUSED)
            .verifyAfter(Duration.ZERO)
            .build())
        .build();
    try (HealthMonitor health = HealthMonitor.builder().check(service).recoverer(recoverer)
        .build().start()) {

      HealthRecord r = health.runNow("service").get(10, TimeUnit.SECONDS);

      assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(r.recoveryTriggered()).isTrue();
      assertThat(r.recoverySucceeded()).isTrue();
      assertThat(recoverer.attempts("service")).hasSize(1);
      assertThat(health.runNow("service").get(10, TimeUnit.SECONDS).status())
          .isEqualTo(HealthStatus.UP);
      assertThat(health.stats("service", Duration.ofHours(1)).recoveriesSucceeded()).isEqualTo(1);
    }
  }

  @Test
  void aBadStateIsOnlyAlertedAndAFailedRecoveryEscalatesToACriticalAlert() throws Exception {
    AtomicInteger restarts = new AtomicInteger();
    AtomicBoolean badState = new AtomicBoolean(true);
    HealthCheck greenApi = HealthCheck.of("green-api", () -> badState.get()
        ? HealthResult.down(FailureKind.BAD_STATE, "notAuthorized")
        : HealthResult.down(FailureKind.TIMEOUT, "no answer"));
    Recoverer recoverer = Recoverer.builder()
        .policy("green-api", RecoveryPolicy.builder()
            .alertOnly(FailureKind.BAD_STATE)               // a reboot would log WhatsApp out
            .act(RecoveryAction.of("reboot", () -> {
              restarts.incrementAndGet();
              return RecoveryResult.failed("HTTP 500");
            }), FailureKind.TIMEOUT)
            .maxAttempts(1)                                  // alert if it fails
            .verifyAfter(Duration.ZERO)
            .build())
        .build();
    try (Monitor monitor = Monitor.builder().name("health-recovery-test").build();
         HealthMonitor health = HealthMonitor.builder().monitor(monitor).check(greenApi)
             .recoverer(recoverer).build().start()) {
      List<Alert> heard = new ArrayList<>();
      AlertEngine engine = AlertEngine.builder().monitor(monitor)
          .rule(HealthAlerts.escalated()).listener(heard::add).build();

      HealthRecord notAuthorized = health.runNow("green-api").get(10, TimeUnit.SECONDS);
      assertThat(notAuthorized.recoveryTriggered()).isFalse();
      assertThat(notAuthorized.supportNotified()).isTrue();
      assertThat(restarts).hasValue(0);

      badState.set(false);
      HealthRecord timeout = health.runNow("green-api").get(10, TimeUnit.SECONDS);
      assertThat(timeout.recoveryTriggered()).isTrue();
      assertThat(timeout.recoverySucceeded()).isFalse();
      assertThat(restarts).hasValue(1);
      engine.evaluate();
      assertThat(heard).singleElement().satisfies(a -> {
        assertThat(a.key()).isEqualTo("health-recovery-escalated{check=green-api}");
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
      });

      health.runNow("green-api").get(10, TimeUnit.SECONDS);
      assertThat(restarts).as("no more automatic action until reset").hasValue(1);

      assertThat(health.resetRecovery("green-api")).isTrue();
      engine.evaluate();
      assertThat(heard).extracting(Alert::state)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      engine.close();
    }
  }

  @Test
  void recoveryCanBeRunByHandAndIsVerified() throws Exception {
    AtomicBoolean up = new AtomicBoolean(false);
    AtomicInteger restarts = new AtomicInteger();
    HealthCheck service = HealthCheck.of("service", () -> up.get() ? HealthResult.up("ok")
        : HealthResult.down(FailureKind.CONNECTION_REFUSED, "refused"));
    Recoverer recoverer = Recoverer.builder()
        .policy("service", RecoveryPolicy.builder()
            .act(RecoveryAction.of("restart", () -> {
              restarts.incrementAndGet();
              up.set(true);
              return RecoveryResult.ok("restarted");
            }), FailureKind.CONNECTION_REFUSED)
            .verifyAfter(Duration.ZERO)
            .build())
        .build();
    try (HealthMonitor health = HealthMonitor.builder().check(service).recoverer(recoverer)
        .build().start()) {
      RecoveryOutcome o = health.recoverNow("service", false).get(10, TimeUnit.SECONDS);

      assertThat(o.type()).isEqualTo(RecoveryOutcome.Type.ACTED_RECOVERED);
      assertThat(restarts).hasValue(1);
      assertThatThrownBy(() -> health.recoverNow("nope", false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no check 'nope'");
    }
    try (HealthMonitor bare = HealthMonitor.builder().check(service).build()) {
      assertThatThrownBy(() -> bare.recoverNow("service", false))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("no recoverer");
    }
  }
}
