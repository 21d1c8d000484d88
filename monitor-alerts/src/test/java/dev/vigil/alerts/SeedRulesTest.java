package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import dev.vigil.alerts.testing.AlertTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The four alert rules of seed 001, on a real monitor fed through increment and record; some through
 * the {@link AlertTestKit}.
 */
class SeedRulesTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void uploadErrorRateAboveFivePercentWithAtLeastTenAttemptsIsAnError() {
    AlertRule rule = AlertRule.builder("upload-error-rate")
        .condition(Condition.ratio("upload.failure", "upload.failure", "upload.success")
            .over(Duration.ofMinutes(15)).minDenominator(10).above(0.05))
        .severity(Severity.ERROR)
        .build();
    AlertEngine engine = f.engine(rule).build();

    f.monitor.increment("upload.failure");
    f.monitor.increment("upload.failure");
    for (int i = 0; i < 7; i++) {
      f.monitor.increment("upload.success");
    }
    assertThat(engine.evaluate()).as("22%% of 9 attempts: too few to judge").isEmpty();

    f.monitor.increment("upload.success");
    List<Alert> changed = engine.evaluate();
    assertThat(changed).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.severity()).isEqualTo(Severity.ERROR);
      assertThat(alert.value()).isEqualTo(0.2);
      assertThat(alert.lastTransition().reason()).contains("upload.failure / (upload.failure + "
          + "upload.success)").contains("0.2");
    });
  }

  @Test
  void annotationsAreTemplatesRenderedAtEachTransition() {
    AlertRule rule = AlertRule.builder("upload-error-rate")
        .condition(Condition.ratio("upload.failure", "upload.failure", "upload.success")
            .where("platform", "tiktok").over(Duration.ofMinutes(15)).minDenominator(10)
            .above(0.05))
        .groupBy("platform")
        .severity(Severity.ERROR)
        .label("team", "social")
        .annotation("summary", "Upload error rate {{value | percent}} on {{labels.platform}}"
            + " (threshold {{threshold | percent}}, team {{labels.team}}) is {{state | lower}}")
        .runbook("https://runbooks.example.com/uploads")
        .annotation("runbook", "See {{runbook}}")
        .build();
    AlertEngine engine = f.engine(rule).build();
    f.monitor.increment("upload.failure", 3, "platform", "tiktok");
    f.monitor.increment("upload.success", 7, "platform", "tiktok");
    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.annotations()).containsEntry("summary",
          "Upload error rate 30% on tiktok (threshold 5%, team social) is firing");
      assertThat(alert.annotations()).containsEntry("runbook",
          "See https://runbooks.example.com/uploads");
    });
    assertThat(rule.annotations().get("summary")).startsWith("Upload error rate {{value");
  }

  @Test
  void anInvalidAnnotationTemplateFailsTheRuleNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRule.builder("broken")
            .condition(Condition.threshold(Stat.COUNT, "x").over(Duration.ofMinutes(1)).above(1))
            .annotation("summary", "value {{value | nope}}")
            .build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("annotations.summary")
        .hasMessageContaining("unknown filter");
  }

  @Test
  void exactlyFivePercentDoesNotFireButJustAboveDoes() {
    AlertRule rule = AlertRule.builder("upload-error-rate")
        .condition(Condition.ratio("upload.failure", "upload.failure", "upload.success")
            .over(Duration.ofMinutes(15)).minDenominator(10).above(0.05))
        .build();
    AlertEngine engine = f.engine(rule).build();
    f.monitor.increment("upload.failure", 5);
    f.monitor.increment("upload.success", 95);
    assertThat(engine.evaluate()).isEmpty();

    f.monitor.increment("upload.failure");
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.value()).isCloseTo(6 / 101.0, org.assertj.core.data.Offset
            .offset(1e-12)));
  }

  @Test
  void moreThanThreeTokenRefreshFailuresIsCritical() {
    AlertRule rule = AlertRule.builder("token-refresh-failures")
        .condition(Condition.threshold(Stat.COUNT, "token.refresh.failure")
            .over(Duration.ofHours(1)).above(3))
        .severity(Severity.CRITICAL)
        .build();
    try (AlertTestKit kit = AlertTestKit.start(rule)) {
      for (int i = 0; i < 3; i++) {
        kit.increment("token.refresh.failure", "platform", "tiktok");
        kit.advance(Duration.ofMinutes(5));
      }
      kit.assertNoAlert("token-refresh-failures");

      kit.increment("token.refresh.failure", "platform", "instagram");
      assertThat(kit.evaluate()).hasSize(1);
      assertThat(kit.evaluate()).as("already firing").isEmpty();
      Alert alert = kit.assertFiring("token-refresh-failures");
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.value()).isEqualTo(4);
      assertThat(alert.group()).isEmpty();

      kit.advance(Duration.ofMinutes(46)); // the first failure leaves the hour
      kit.assertResolved("token-refresh-failures");
    }
  }

  @Test
  void meanWebhookLatencyOverTheLastFiftyAboveFiveSecondsIsAWarning() {
    AlertRule rule = AlertRule.builder("webhook-latency")
        .condition(Condition.threshold(Stat.MEAN, "webhook.latency").lastSamples(50).above(5_000))
        .severity(Severity.WARN)
        .build();
    AlertEngine engine = f.engine(rule).build();
    for (int i = 0; i < 50; i++) {
      f.monitor.record("webhook.latency", 9_000);
    }
    for (int i = 0; i < 50; i++) {
      f.monitor.record("webhook.latency", 1_000);
    }
    assertThat(engine.evaluate()).as("the slow ones are older than the last 50").isEmpty();

    for (int i = 0; i < 30; i++) {
      f.monitor.record("webhook.latency", 9_000);
    }
    // last 50: 30 × 9 s and 20 × 1 s, mean 5.8 s
    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.severity()).isEqualTo(Severity.WARN);
      assertThat(alert.value()).isEqualTo(5_800);
    });
  }

  @Test
  void moreThanFiveOauthFailuresRaiseOneErrorPerPlatform() {
    AlertRule rule = AlertRule.builder("oauth-failures")
        .condition(Condition.threshold(Stat.COUNT, "oauth.failure")
            .over(Duration.ofHours(1)).above(5))
        .groupBy("platform")
        .severity(Severity.ERROR)
        .build();
    try (AlertTestKit kit = AlertTestKit.start(rule)) {
      kit.increment("oauth.failure", 6, "platform", "tiktok", "reason", "denied");
      kit.increment("oauth.failure", 3, "platform", "instagram", "reason", "denied");
      kit.increment("oauth.failure", 2, "platform", "instagram", "reason", "timeout");

      assertThat(kit.evaluate()).singleElement().satisfies(alert -> {
        assertThat(alert.group()).isEqualTo(Map.of("platform", "tiktok"));
        assertThat(alert.key()).isEqualTo("oauth-failures{platform=tiktok}");
        assertThat(alert.value()).isEqualTo(6);
      });
      kit.assertNoAlert("oauth-failures", "platform", "instagram");

      kit.increment("oauth.failure", "platform", "instagram", "reason", "timeout");
      kit.evaluate();
      kit.assertFiring("oauth-failures", "platform", "instagram");
      assertThat(kit.evaluate()).as("no duplicates").isEmpty();
      assertThat(kit.activeAlerts()).extracting(Alert::key).containsExactlyInAnyOrder(
          "oauth-failures{platform=tiktok}", "oauth-failures{platform=instagram}");
      assertThat(kit.notifications()).hasSize(2);
    }
  }
}
