package dev.vigil.alerts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.testing.AlertTestKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Seed 004's three rules, tested with the test kit as a user would test theirs. */
class SeedAlertRulesTest {

  @Test
  void moreThanOnePercentOfFailedRequestsIsCriticalAndRemindsEveryFiveMinutes() {
    try (AlertTestKit kit = AlertTestKit.start(SeedAlertRules.all())) {
      kit.increment("http.requests", 1_000).increment("http.errors", 10);
      kit.advance(Duration.ofSeconds(30));
      kit.assertNoAlert("high_error_rate"); // exactly 1 %: not above

      kit.increment("http.requests", 100).increment("http.errors", 5); // 15 / 1,100
      kit.advance(Duration.ofSeconds(30));
      Alert alert = kit.assertFiring("high_error_rate");
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.labels()).containsEntry("channels", "email,sms,slack");
      assertThat(alert.annotations()).containsEntry("summary",
          "Taux d'erreur élevé: 1.36% (seuil 1%)");

      kit.clearNotifications();
      kit.increment("http.requests", 100).increment("http.errors", 50); // keeps it above
      kit.advance(Duration.ofMinutes(5), Duration.ofSeconds(30));
      assertThat(kit.notifications()).singleElement().satisfies(a -> {
        assertThat(a.isReminder()).isTrue();
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
      });

      kit.advance(Duration.ofMinutes(6)); // the window empties: no value counts as clear
      kit.assertResolved("high_error_rate");
      kit.assertNotified("high_error_rate", AlertState.RESOLVED);
    }
  }

  @Test
  void meanResponseTimeAboveOneSecondIsHigh() {
    try (AlertTestKit kit = AlertTestKit.start(SeedAlertRules.all())) {
      kit.time("http.latency", Duration.ofMillis(900)).time("http.latency", Duration.ofMillis(1_100));
      kit.evaluate();
      kit.assertNoAlert("slow_response"); // mean exactly 1,000 ms

      kit.time("http.latency", Duration.ofMillis(1_300));
      kit.evaluate();
      Alert alert = kit.assertFiring("slow_response");
      assertThat(alert.severity()).isEqualTo(Severity.ERROR);
      assertThat(alert.value()).isEqualTo(1_100);
      assertThat(alert.annotations()).containsEntry("summary", "Temps de réponse lent: 1100 ms");
      kit.assertNoAlert("high_error_rate");
      kit.assertNoAlert("database_connections");
    }
  }

  @Test
  void moreThanEightyDatabaseConnectionsIsMediumAndClearsWhenTheSamplesDrop() {
    try (AlertTestKit kit = AlertTestKit.start(SeedAlertRules.databaseConnections())) {
      for (int i = 0; i < 4; i++) {
        kit.record("db.connections", 85);
        kit.advance(Duration.ofSeconds(15));
      }
      Alert alert = kit.assertFiring("database_connections");
      assertThat(alert.severity()).isEqualTo(Severity.WARN);
      assertThat(alert.labels()).containsEntry("channels", "slack");

      for (int i = 0; i < 4; i++) {
        kit.record("db.connections", 40);
        kit.advance(Duration.ofSeconds(15));
      }
      kit.assertResolved("database_connections");
      assertThat(kit.notifications()).extracting(Alert::state)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    }
  }
}
