package dev.vigil.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.Muting;
import dev.vigil.alerts.Stat;
import dev.vigil.boot.internal.InvalidVigilPropertyFailureAnalyzer;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The inline {@code vigil.alerts.rules}, {@code slos}, {@code maintenance} and {@code inhibit}. */
class VigilAlertsPropertiesTest {

  private static final String SEED_001 = """
      vigil:
        alerts:
          health-check-down: false
          rules:
            - id: upload-error-rate
              severity: ERROR
              ratio: {numerator: upload.failure, denominator: [upload.failure, upload.success],
                      window: 15m, min-denominator: 10, above: 0.05}
            - id: token-refresh-failures
              severity: CRITICAL
              threshold: {stat: COUNT, series: token.refresh.failure, window: 1h, above: 3}
            - id: webhook-latency
              severity: WARN
              threshold: {stat: MEAN, series: webhook.latency, lastSamples: 50, above: 5000}
            - id: oauth-failures
              severity: ERROR
              threshold: {stat: COUNT, series: oauth.failure, window: 1h, above: 5}
              group-by: [platform]
              for: 2m
              keep-firing-for: 5m
              labels: {team: social, app.tier: backend}
              annotations: {summary: "More than 5 OAuth failures in an hour"}
              runbook: https://runbooks.example.com/oauth
          slos:
            - id: api-availability
              availability: {good: {series: api.call, where: {outcome: success}}, total: api.call}
              objective: 0.999
      """;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class))
      .withPropertyValues("vigil.appender.enabled=false");

  @Test
  void seedRulesFromYamlAreTheRulesOfTheRuleFile() {
    runner.withInitializer(YamlProperties.of(SEED_001)).run(context -> {
      assertThat(context).hasNotFailed();
      AlertEngine engine = context.getBean(AlertEngine.class);
      assertThat(engine.rules()).extracting(AlertRule::id).startsWith("upload-error-rate",
          "token-refresh-failures", "webhook-latency", "oauth-failures");
      assertThat(engine.rules()).filteredOn(r -> r.id().startsWith("api-availability"))
          .hasSize(3); // the SLO's burn-rate rules
      AlertRule oauth = rule(engine, "oauth-failures");
      assertThat(oauth.severity()).isEqualTo(Severity.ERROR);
      assertThat(oauth.groupBy()).containsExactly("platform");
      assertThat(oauth.pendingFor()).isEqualTo(Duration.ofMinutes(2));
      assertThat(oauth.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
      assertThat(oauth.labels()).containsEntry("team", "social").containsEntry("app.tier", "backend");
      assertThat(oauth.runbook()).hasToString("https://runbooks.example.com/oauth");
      AlertRule latency = rule(engine, "webhook-latency");
      AlertRule expected = AlertRule.builder("webhook-latency")
          .condition(Condition.threshold(Stat.MEAN, "webhook.latency").lastSamples(50).above(5000))
          .severity(Severity.WARN).build();
      assertThat(latency.condition().describe()).isEqualTo(expected.condition().describe());
    });
  }

  @Test
  void aRuleFromPropertiesFires() {
    runner.withPropertyValues(
        "vigil.alerts.rules[0].id=token-refresh-failures",
        "vigil.alerts.rules[0].severity=CRITICAL",
        "vigil.alerts.rules[0].threshold.stat=COUNT",
        "vigil.alerts.rules[0].threshold.series=token.refresh.failure",
        "vigil.alerts.rules[0].threshold.window=1h",
        "vigil.alerts.rules[0].threshold.above=3",
        "vigil.alerts.rules[0].group-by=platform,region").run(context -> {
          Monitor monitor = context.getBean(Monitor.class);
          AlertEngine engine = context.getBean(AlertEngine.class);
          assertThat(rule(engine, "token-refresh-failures").groupBy())
              .containsExactly("platform", "region");
          for (int i = 0; i < 4; i++) {
            monitor.increment("token.refresh.failure", "platform", "tiktok", "region", "eu");
          }
          List<Alert> changed = engine.evaluate();
          assertThat(changed).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("token-refresh-failures");
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
          });
        });
  }

  @Test
  void maintenanceWindowsAndInhibitRulesFromPropertiesMute() {
    String now = LocalTime.now(ZoneOffset.UTC).minusMinutes(1)
        .format(DateTimeFormatter.ofPattern("HH:mm"));
    runner.withInitializer(YamlProperties.of("""
        vigil:
          alerts:
            rules:
              - {id: db-down, severity: CRITICAL, threshold: {stat: COUNT, series: db.error, window: 1h, above: 0}}
              - {id: db-latency, threshold: {stat: COUNT, series: db.slow, window: 1h, above: 0}, labels: {team: pay}}
              - {id: backup, threshold: {stat: COUNT, series: backup.error, window: 1h, above: 0}}
            maintenance:
              - id: nightly-backup
                matchers: {alertname: backup}
                daily: "%s"
                duration: 2h
                zone: UTC
            inhibit:
              - source: {alertname: db-down}
                target: {team: "=~pa.*"}
        """.formatted(now))).run(context -> {
          assertThat(context).hasNotFailed();
          Monitor monitor = context.getBean(Monitor.class);
          AlertEngine engine = context.getBean(AlertEngine.class);
          monitor.increment("db.error");
          monitor.increment("db.slow");
          monitor.increment("backup.error");
          engine.evaluate();
          assertThat(engine.activeAlerts()).extracting(Alert::ruleId, Alert::state,
              a -> a.mutedBy() == null ? null : a.mutedBy().kind()).containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("db-down", AlertState.FIRING, null),
              org.assertj.core.groups.Tuple.tuple("db-latency", AlertState.SILENCED,
                  Muting.Kind.INHIBITION),
              org.assertj.core.groups.Tuple.tuple("backup", AlertState.SILENCED,
                  Muting.Kind.MAINTENANCE));
        });
  }

  @Test
  void aBadValueNamesItsProperty() {
    runner.withPropertyValues(
        "vigil.alerts.rules[0].id=a",
        "vigil.alerts.rules[0].threshold.stat=MEAN",
        "vigil.alerts.rules[0].threshold.series=s",
        "vigil.alerts.rules[0].threshold.window=15 minutes",
        "vigil.alerts.rules[0].threshold.above=1").run(context ->
          assertThat(failure(context)).satisfies(e -> {
            assertThat(e.property()).isEqualTo("vigil.alerts.rules[0].threshold.window");
            assertThat(e.reason()).startsWith("'15 minutes' is not a duration");
          }));
  }

  @Test
  void everyProblemIsListedWithItsPropertyInKebabCase() {
    runner.withInitializer(YamlProperties.of("""
        vigil.alerts:
          rules:
            - id: ok
              threshold: {stat: MEAN, series: s, window: 1m, above: 1}
            - id: b
              severty: ERROR
              threshold: {stat: MEAN, series: s, last-samples: many, above: 1}
              pending-evaluations: 1.5
            - severity: WARN
          slos:
            - {id: s1, latency: {series: api.latency, below: 500}, objective: 2}
          maintenance:
            - {id: m, matchers: {alertname: x}, daily: "03:00", duration: 1h, zone: Mars/Base}
          inhibit:
            - source: {alertname: a}
        """)).run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.alerts.rules[1].severty");
          assertThat(e.reason()).contains("did you mean 'severity'?",
              "vigil.alerts.rules[1].threshold.last-samples: must be an integer but was the string 'many'",
              "vigil.alerts.rules[1].pending-evaluations: must be an integer",
              "vigil.alerts.rules[2].id: is missing",
              "vigil.alerts.slos[0].objective:",
              "vigil.alerts.maintenance[0].zone: 'Mars/Base' is not a time zone",
              "vigil.alerts.inhibit[0].target:");
          assertThat(e.reason()).doesNotContain("line");
          FailureAnalysis analysis = new InvalidVigilPropertyFailureAnalyzer().analyze(e);
          assertThat(analysis.getDescription())
              .contains("Property: vigil.alerts.rules[1].severty")
              .contains("vigil.alerts.inhibit[0].target");
        });
  }

  @Test
  void aLabelWithADotIsWrittenInBrackets() {
    runner.withPropertyValues(
        "vigil.alerts.rules[0].id=a",
        "vigil.alerts.rules[0].threshold.stat=MEAN",
        "vigil.alerts.rules[0].threshold.series=s",
        "vigil.alerts.rules[0].threshold.window=1m",
        "vigil.alerts.rules[0].threshold.above=1",
        "vigil.alerts.rules[0].labels[app.tier]=backend").run(context ->
          assertThat(rule(context.getBean(AlertEngine.class), "a").labels())
              .containsEntry("app.tier", "backend"));
  }

  @Test
  void anInlineRuleMayNotReuseTheIdOfARuleBean() {
    runner.withBean("tokenRule", AlertRule.class, () -> AlertRule.builder("token")
            .condition(Condition.threshold(Stat.COUNT, "t").over(Duration.ofMinutes(1)).above(1))
            .build())
        .withPropertyValues(
            "vigil.alerts.rules[0].id=ok",
            "vigil.alerts.rules[0].absent.series=s",
            "vigil.alerts.rules[0].absent.window=5m",
            "vigil.alerts.rules[1].id=token",
            "vigil.alerts.rules[1].absent.series=s",
            "vigil.alerts.rules[1].absent.window=5m").run(context -> {
              InvalidVigilPropertyException e = failure(context);
              assertThat(e.property()).isEqualTo("vigil.alerts.rules[1]");
              assertThat(e.reason()).contains("'token' a second time (vigil.alerts.rules[1], then AlertRule beans)");
            });
  }

  @Test
  void aDuplicateIdWithinPropertiesIsReported() {
    runner.withPropertyValues(
        "vigil.alerts.rules[0].id=x",
        "vigil.alerts.rules[0].absent.series=s",
        "vigil.alerts.rules[0].absent.window=5m",
        "vigil.alerts.rules[1].id=x",
        "vigil.alerts.rules[1].absent.series=s",
        "vigil.alerts.rules[1].absent.window=5m").run(context ->
          assertThat(failure(context).getMessage())
              .contains("vigil.alerts.rules[0].id", "used by more than one rule"));
  }

  private static AlertRule rule(AlertEngine engine, String id) {
    return engine.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  static InvalidVigilPropertyException failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable t = context.getStartupFailure();
    while (t != null && !(t instanceof InvalidVigilPropertyException)) {
      t = t.getCause();
    }
    assertThat(t).as("an InvalidVigilPropertyException in " + context.getStartupFailure())
        .isNotNull();
    return (InvalidVigilPropertyException) t;
  }
}
