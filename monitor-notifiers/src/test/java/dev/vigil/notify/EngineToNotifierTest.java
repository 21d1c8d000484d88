package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.Stat;
import dev.vigil.alerts.testing.AlertTestKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An alert engine's transitions, through a notifier, to a real HTTP server. */
class EngineToNotifierTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void firingRemindersAndResolutionArriveInOrder() {
    AlertRule rule = AlertRule.builder("token-refresh-failures")
        .condition(Condition.threshold(Stat.COUNT, "token.refresh.failure")
            .over(Duration.ofHours(1)).above(3))
        .severity(Severity.CRITICAL)
        .repeatInterval(Duration.ofMinutes(30))
        .annotation("summary", "{{ value }} token refresh failures in an hour")
        .build();
    try (RecordingServer server = new RecordingServer()) {
      Notifier[] notifier = new Notifier[1];
      try (AlertTestKit kit = AlertTestKit.builder().rule(rule)
          .listener(alert -> notifier[0].onTransition(alert)).build()) {
        notifier[0] = Notifier.builder().monitor(kit.monitor())
            .channel(HttpTestChannel.to("ops", server))
            .route(Route.builder().minSeverity(Severity.ERROR).channels("ops").build())
            .build().start();
        try {
          kit.increment("token.refresh.failure", 4);
          kit.evaluate();
          kit.advance(Duration.ofMinutes(30));   // a reminder
          kit.advance(Duration.ofMinutes(31));   // the failures left the hour: resolved

          await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 3);
          assertThat(server.delivered()).extracting(r -> JSON.readTree(r.body()).get("kind")
              .asString()).containsExactly("FIRING", "REMINDER", "RESOLVED");
          assertThat(JSON.readTree(server.delivered().get(0).body()).get("title").asString())
              .isEqualTo("[FIRING] token-refresh-failures: 4 token refresh failures in an hour");
        } finally {
          notifier[0].close();
        }
      }
    }
  }
}
