package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's seed policies, built as written there (keep the two in step). */
class SeedRecoveryPoliciesTest {

  @Test
  void seed002RestartsOnAnyFailureFiveMinutesApartThreeTimes() {
    RecoveryAction restartWorker = RecoveryAction.sequence("restart-worker",
        RecoveryAction.command("cleanup", Duration.ofMinutes(1), "rm", "-f",
            "/var/run/worker.lock"),
        ProcessRestart.builder("restart")
            .pidFile(Path.of("/var/run/worker.pid"))
            .grace(Duration.ofSeconds(20))
            .awaitPortFree(8080)
            .command("/opt/worker/bin/worker", "--port", "8080")
            .output(Path.of("/var/log/worker.out"))
            .build());

    RecoveryPolicy seed002 = RecoveryPolicy.builder()
        .otherwise(restartWorker)
        .cooldown(Duration.ofMinutes(5))
        .maxAttempts(3)
        .verifyAfter(Duration.ofSeconds(30))
        .build();

    for (FailureKind kind : FailureKind.values()) {
      assertThat(seed002.actionFor(kind)).containsSame(restartWorker);
    }
    assertThat(seed002.cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(seed002.maxAttempts()).isEqualTo(3);
  }

  @Test
  void seed003NeverActsOnAWrongStateAndTriesOnceOnTimeouts() {
    RecoveryAction restartInstance = RecoveryAction.http("restart-instance",
        HttpRequest.newBuilder(URI.create("https://api.example.com/instances/42/restart"))
            .header("Authorization", "Bearer " + System.getenv("API_TOKEN"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build());

    RecoveryPolicy seed003 = RecoveryPolicy.builder()
        .act(restartInstance, FailureKind.TIMEOUT, FailureKind.CONNECTION_REFUSED,
            FailureKind.DNS)
        .alertOnly(FailureKind.BAD_STATE)
        .maxAttempts(1) // the first failure escalates: alert
        .build();

    assertThat(seed003.actionFor(FailureKind.BAD_STATE)).isEmpty();
    assertThat(seed003.actionFor(FailureKind.TIMEOUT)).containsSame(restartInstance);
    assertThat(seed003.actionFor(FailureKind.CONNECTION_REFUSED)).containsSame(restartInstance);
    assertThat(seed003.actionFor(FailureKind.BAD_RESPONSE)).isEmpty();
    assertThat(seed003.maxAttempts()).isEqualTo(1);
  }
}
