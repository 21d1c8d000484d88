package dev.vigil.alerts.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.InhibitRule;
import dev.vigil.alerts.MaintenanceWindow;
import dev.vigil.alerts.Stat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTestKitTest {

  private static final AlertRule OAUTH = AlertRule.builder("oauth-failures")
      .condition(Condition.threshold(Stat.COUNT, "oauth.failure")
          .over(Duration.ofHours(1)).above(5))
      .groupBy("platform")
      .pendingFor(Duration.ofMinutes(2))
      .build();

  private static final AlertRule CRITICAL_EVENTS = AlertRule.builder("critical-event")
      .condition(Condition.events(Severity.CRITICAL).over(Duration.ofMinutes(5)).atLeast(2))
      .build();

  @Test
  void theClockStandsStillUntilAdvanced() {
    Instant start = Instant.parse("2026-03-02T10:00:00Z");
    try (AlertTestKit kit = AlertTestKit.builder().rule(OAUTH).startAt(start).build()) {
      assertThat(kit.now()).isEqualTo(start);
      assertThat(kit.monitor().clock().instant()).isEqualTo(start);
      kit.advance(Duration.ofMinutes(3));
      assertThat(kit.now()).isEqualTo(start.plus(Duration.ofMinutes(3)));
    }
  }

  @Test
  void pendingThenFiringThenResolvedPerGroup() {
    try (AlertTestKit kit = AlertTestKit.start(OAUTH)) {
      kit.increment("oauth.failure", 6, "platform", "tiktok");
      kit.evaluate();
      kit.assertPending("oauth-failures", "platform", "tiktok");
      kit.assertNoAlert("oauth-failures", "platform", "instagram");

      kit.advance(Duration.ofMinutes(2));
      kit.assertFiring("oauth-failures", "platform", "tiktok");
      kit.assertFiring("oauth-failures"); // the only alert of the rule

      kit.advance(Duration.ofHours(1));
      kit.assertResolved("oauth-failures", "platform", "tiktok");
      assertThat(kit.notifications()).extracting(Alert::state)
          .containsExactly(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
      kit.assertNotified("oauth-failures", AlertState.FIRING, "platform", "tiktok");
      kit.assertNotNotified("oauth-failures", AlertState.FIRING, "platform", "instagram");
    }
  }

  @Test
  void maintenanceWindowsAndInhibitRulesReachTheEngine() {
    MaintenanceWindow nightly = MaintenanceWindow.builder("nightly")
        .matching("alertname", "critical-event")
        .daily(LocalTime.of(10, 0)).duration(Duration.ofHours(1)).zone(ZoneOffset.UTC)
        .build();
    InhibitRule criticalMutesOauth = InhibitRule.builder()
        .sourceMatching("alertname", "critical-event")
        .targetMatching("alertname", "oauth-failures")
        .build();
    try (AlertTestKit kit = AlertTestKit.builder().rule(CRITICAL_EVENTS).rule(OAUTH)
        .maintenance(nightly).inhibit(criticalMutesOauth).build()) {   // starts 09:00 UTC
      kit.increment("oauth.failure", 6, "platform", "tiktok");
      kit.log(LogLevel.FATAL, "disk full");
      kit.log(LogLevel.FATAL, "disk full");
      kit.evaluate();
      kit.assertFiring("critical-event");
      kit.advance(Duration.ofMinutes(2));
      kit.assertState(AlertState.SILENCED, "oauth-failures", "platform", "tiktok");

      kit.advance(Duration.ofMinutes(56));   // 09:58: the events left the window
      kit.assertResolved("critical-event");
      kit.log(LogLevel.FATAL, "disk full");
      kit.log(LogLevel.FATAL, "disk full");
      kit.advance(Duration.ofMinutes(2));    // 10:00: inside the maintenance window
      kit.assertState(AlertState.SILENCED, "critical-event");
    }
  }

  @Test
  void advanceInStepsEvaluatesAtEachStep() {
    try (AlertTestKit kit = AlertTestKit.start(OAUTH)) {
      kit.increment("oauth.failure", 6, "platform", "tiktok");
      List<Alert> changed = kit.advance(Duration.ofMinutes(3), Duration.ofSeconds(40));
      // pending at 40 s, firing at 2 min 40 s (first step at least 2 minutes later)
      assertThat(changed).extracting(Alert::state)
          .containsExactly(AlertState.PENDING, AlertState.FIRING);
      assertThat(changed.get(1).firingSince())
          .isEqualTo(AlertTestKit.DEFAULT_START.plus(Duration.ofSeconds(160)));
      assertThat(kit.now()).isEqualTo(AlertTestKit.DEFAULT_START.plus(Duration.ofMinutes(3)));
    }
  }

  @Test
  void capturedEventsAreCountedBeforeEachEvaluationWithoutSleeping() {
    try (AlertTestKit kit = AlertTestKit.start(CRITICAL_EVENTS)) {
      for (int round = 0; round < 20; round++) { // would be flaky if the kit did not wait
        kit.log(LogLevel.ERROR, "upload failed"); // below CRITICAL: counted, not matching
        kit.log(LogLevel.FATAL, "database unreachable");
        kit.ingest("gateway", "connection reset"); // counted as INFO
        kit.log(LogLevel.FATAL, "disk full");
        kit.evaluate();
        kit.assertFiring("critical-event");
        kit.advance(Duration.ofMinutes(6));
        kit.assertResolved("critical-event");
      }
      assertThat(kit.notifications()).hasSize(40);
    }
  }

  @Test
  void failuresSayWhatWasExpectedAndWhatIsThere() {
    try (AlertTestKit kit = AlertTestKit.start(OAUTH)) {
      kit.increment("oauth.failure", 6, "platform", "tiktok");
      kit.increment("oauth.failure", 6, "platform", "instagram");
      kit.evaluate();
      assertThatThrownBy(() -> kit.assertFiring("oauth-failures", "platform", "tiktok"))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("expected 'oauth-failures' with {platform=tiktok} to be FIRING "
              + "but it is PENDING (")
          .hasMessageEndingWith(" at 2026-01-05T09:00:00Z");
      assertThatThrownBy(() -> kit.assertPending("oauth-failures"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("but 2 match")
          .hasMessageContaining("oauth-failures{platform=instagram} PENDING value=6.0");
      assertThatThrownBy(() -> kit.assertResolved("oauth-failures", "platform", "tiktok"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("to be RESOLVED but it is active");
      assertThatThrownBy(() -> kit.assertNoActiveAlerts()).isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> kit.assertNotified("oauth-failures", AlertState.FIRING))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected a FIRING notification 'oauth-failures' but the "
              + "notifications were [")
          .hasMessageContaining("oauth-failures{platform=tiktok} PENDING value=6.0");
      assertThatThrownBy(() -> kit.assertNoAlert("oauth-failures", "platform", "tiktok"))
          .isInstanceOf(AssertionError.class);
      kit.assertNoAlert("other");
      assertThatThrownBy(() -> kit.assertResolved("other"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("it never resolved");
      assertThatThrownBy(() -> kit.assertFiring("oauth-failures", "platform"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anEventThatNeverArrivesFailsWithinTheTimeout() {
    try (AlertTestKit kit = AlertTestKit.builder()
        .rule(CRITICAL_EVENTS)
        .classifier(new BrokenClassifier())
        .eventTimeout(Duration.ofMillis(200))
        .build()) {
      kit.log(LogLevel.FATAL, "database unreachable");
      assertThatThrownBy(kit::evaluate)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("only 0 of the 1 events captured reached vigil.events within "
              + "PT0.2S")
          .hasMessageContaining("pipeline failures: 1");
    }
  }

  @Test
  void ownListenersAndTheEngineAreReachable() {
    List<Alert> mine = new ArrayList<>();
    try (AlertTestKit kit = AlertTestKit.builder().rule(OAUTH).listener(mine::add).build()) {
      kit.increment("oauth.failure", 6, "platform", "tiktok");
      kit.advance(Duration.ofMinutes(3), Duration.ofMinutes(1));
      kit.engine().acknowledge("oauth-failures{platform=tiktok}", "alice", "on it",
          Duration.ofMinutes(30));
      kit.assertState(AlertState.ACKNOWLEDGED, "oauth-failures");
      assertThat(mine).extracting(Alert::state).containsExactly(AlertState.PENDING,
          AlertState.FIRING, AlertState.ACKNOWLEDGED);
      kit.clearNotifications().assertNoNotifications();
    }
  }

  private static final class BrokenClassifier implements Classifier {
    @Override
    public Classification classify(CharSequence line) {
      throw new IllegalStateException("broken classifier");
    }

    @Override
    public Classification classify(CharSequence message, LogLevel level, String logger,
        String source) {
      throw new IllegalStateException("broken classifier");
    }
  }

  @Test
  void builderRejectsBadArgumentsAtOnce() {
    assertThatThrownBy(() -> AlertTestKit.builder().eventTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventTimeout");
    assertThatThrownBy(() -> AlertTestKit.builder().rule(null))
        .isInstanceOf(NullPointerException.class).hasMessage("rule");
    try (AlertTestKit kit = AlertTestKit.start(OAUTH)) {
      assertThatThrownBy(() -> kit.advance(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> kit.advance(Duration.ofMinutes(1), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
