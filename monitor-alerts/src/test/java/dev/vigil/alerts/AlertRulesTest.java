package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.Severity;
import dev.vigil.alerts.InvalidAlertRuleException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files: the same model as the builders, every problem of a file reported together. */
class AlertRulesTest {

  private static final List<AlertRule> SEED = List.of(
      AlertRule.builder("upload-error-rate")
          .condition(Condition.ratio("upload.failure", "upload.failure", "upload.success")
              .over(Duration.ofMinutes(15)).minDenominator(10).above(0.05))
          .severity(Severity.ERROR)
          .build(),
      AlertRule.builder("token-refresh-failures")
          .condition(Condition.threshold(Stat.COUNT, "token.refresh.failure")
              .over(Duration.ofHours(1)).above(3))
          .severity(Severity.CRITICAL)
          .build(),
      AlertRule.builder("webhook-latency")
          .condition(Condition.threshold(Stat.MEAN, "webhook.latency").lastSamples(50)
              .above(5_000))
          .severity(Severity.WARN)
          .build(),
      AlertRule.builder("oauth-failures")
          .condition(Condition.threshold(Stat.COUNT, "oauth.failure")
              .over(Duration.ofHours(1)).above(5))
          .groupBy("platform")
          .severity(Severity.ERROR)
          .pendingFor(Duration.ofMinutes(2))
          .keepFiringFor(Duration.ofMinutes(5))
          .label("team", "social")
          .annotation("summary", "More than 5 OAuth failures in an hour")
          .runbook("https://runbooks.example.com/oauth")
          .build());

  private static final String SEED_JSON = """
      {"rules": [
        {"id": "upload-error-rate", "severity": "ERROR",
         "ratio": {"numerator": "upload.failure", "denominator": ["upload.failure", "upload.success"],
                   "window": "PT15M", "minDenominator": 10, "above": 0.05}},
        {"id": "token-refresh-failures", "severity": "CRITICAL",
         "threshold": {"stat": "count", "series": "token.refresh.failure", "window": "1h",
                       "above": 3}},
        {"id": "webhook-latency", "severity": "WARN",
         "threshold": {"stat": "MEAN", "series": "webhook.latency", "lastSamples": 50,
                       "above": 5000}},
        {"id": "oauth-failures", "severity": "ERROR",
         "threshold": {"stat": "COUNT", "series": "oauth.failure", "window": "60m", "above": 5},
         "groupBy": "platform", "for": "120s", "keepFiringFor": "5m",
         "labels": {"team": "social"},
         "annotations": {"summary": "More than 5 OAuth failures in an hour"},
         "runbook": "https://runbooks.example.com/oauth"}
      ]}
      """;

  private static String seedYaml() throws IOException {
    try (InputStream in = AlertRules.class.getResourceAsStream("examples/seed-001.yaml")) {
      assertThat(in).as("seed-001.yaml on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertSameRules(List<AlertRule> actual) {
    assertThat(actual).hasSameSizeAs(SEED);
    for (int i = 0; i < SEED.size(); i++) {
      AlertRule a = actual.get(i);
      AlertRule e = SEED.get(i);
      assertThat(a.id()).isEqualTo(e.id());
      assertThat(a.condition().getClass()).isEqualTo(e.condition().getClass());
      assertThat(a.condition().describe()).isEqualTo(e.condition().describe());
      assertThat(a.condition().spec).isEqualTo(e.condition().spec);
      assertThat(a.severity()).isEqualTo(e.severity());
      assertThat(a.groupBy()).isEqualTo(e.groupBy());
      assertThat(a.pendingFor()).isEqualTo(e.pendingFor());
      assertThat(a.keepFiringFor()).isEqualTo(e.keepFiringFor());
      assertThat(a.interval()).isEqualTo(e.interval());
      assertThat(a.repeatInterval()).isEqualTo(e.repeatInterval());
      assertThat(a.labels()).isEqualTo(e.labels());
      assertThat(a.annotations()).isEqualTo(e.annotations());
      assertThat(a.runbook()).isEqualTo(e.runbook());
    }
  }

  @Test
  void theShippedSeedFileMakesTheBuilderMadeRules() throws IOException {
    AlertRules file = AlertRules.parse(seedYaml(), "seed-001.yaml", true);
    assertSameRules(file.rules());
    assertThat(file.slos()).isEmpty();
    assertThat(file.allRules()).isEqualTo(file.rules());
  }

  @Test
  void theSameRulesInJsonToo() {
    assertSameRules(AlertRules.parse(SEED_JSON, "seed.json", false).rules());
  }

  @Test
  void loadTellsTheFormatByExtension(@TempDir Path dir) throws IOException {
    Path yaml = dir.resolve("alerts.YML");
    Files.writeString(yaml, seedYaml());
    Path json = dir.resolve("alerts.json");
    Files.writeString(json, SEED_JSON);
    assertSameRules(AlertRules.load(yaml).rules());
    assertSameRules(AlertRules.load(json).rules());
    assertThat(AlertRules.load(json).origin()).isEqualTo("alerts.json");
    assertThatThrownBy(() -> AlertRules.load(dir.resolve("alerts.txt")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".json, .yaml or .yml");
  }

  @Test
  void rulesFromAFileFireInAnEngine() {
    AlertRules file = AlertRules.parse("""
        rules:
          - id: token-refresh-failures
            threshold: {stat: COUNT, series: token.refresh.failure, window: 1h, above: 3}
            severity: CRITICAL
        """, "t.yaml", true);
    try (Fixture f = new Fixture()) {
      AlertEngine engine = f.engine(file.rules().get(0)).build();
      for (int i = 0; i < 4; i++) {
        f.monitor.increment("token.refresh.failure");
      }
      assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      });
    }
  }

  @Test
  void everyConditionKindAndRuleFieldIsRead() {
    AlertRules file = AlertRules.parse("""
        rules:
          - id: upload-error-rate
            severity: ERROR
            ratio: {numerator: upload.failure, denominator: [upload.failure, upload.success],
                    where: {platform: tiktok}, window: 15m, minDenominator: 10, above: 0.05,
                    clearAt: 0.03}
            groupBy: [platform]
            for: 2m
            keepFiringFor: 5m
            repeatInterval: 1h
            interval: 1m
            labels: {team: social}
            annotations: {summary: "Upload error rate {{value | percent}} on {{labels.platform}}"}
            runbook: https://runbooks.example.com/uploads
          - id: api-p99
            percentile: {q: 0.99, series: api.latency, where: {route: /upload}, window: 5m,
                         atMost: 800}
          - id: critical-events
            events: {minSeverity: CRITICAL, category: auth, source: api, window: 5m, atLeast: 1}
          - id: heartbeat
            absent: {series: worker.heartbeat, window: 2m}
          - id: low-traffic
            threshold: {stat: rate, series: api.call, window: 1h30m, below: 0.5}
        """, "all.yaml", true);
    List<AlertRule> r = file.rules();
    assertThat(r.get(0).condition().describe()).isEqualTo(
        Condition.ratio("upload.failure", "upload.failure", "upload.success")
            .where("platform", "tiktok").over(Duration.ofMinutes(15)).describe());
    assertThat(r.get(0).condition().spec.clearThreshold()).isEqualTo(0.03);
    assertThat(r.get(0).repeatInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(r.get(0).interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(r.get(0).annotations().get("summary")).contains("{{value | percent}}");
    assertThat(r.get(1).condition().spec.comparison()).isEqualTo(Comparison.AT_MOST);
    assertThat(r.get(1).condition().describe()).contains("api.latency").contains("/upload");
    assertThat(r.get(2).condition()).isInstanceOf(EventCountCondition.class);
    assertThat(r.get(2).condition().describe())
        .isEqualTo("events of severity >= CRITICAL, category auth, source api over PT5M");
    assertThat(r.get(3).condition()).isInstanceOf(AbsenceCondition.class);
    assertThat(r.get(4).condition().spec.window()).isEqualTo(Duration.ofMinutes(90));
    assertThat(r.get(4).condition().spec.comparison()).isEqualTo(Comparison.LESS_THAN);
  }

  @Test
  void slosMakeTheirBurnRateRules() {
    AlertRules file = AlertRules.parse("""
        slos:
          - id: api-availability
            availability: {good: {series: api.call, where: {outcome: success}}, total: api.call}
            objective: 0.999
            compliancePeriod: 30d
            minTotal: 100
          - id: api-latency
            latency: {series: api.latency, where: {route: /upload}, below: 500}
            objective: 0.99
        """, "slo.yaml", true);
    assertThat(file.slos()).extracting(Slo::id).containsExactly("api-availability", "api-latency");
    Slo availability = file.slos().get(0);
    assertThat(availability.objective()).isEqualTo(0.999);
    assertThat(availability.compliancePeriod()).isEqualTo(Duration.ofDays(30));
    assertThat(availability.minTotal()).isEqualTo(100);
    assertThat(file.slos().get(1).isLatency()).isTrue();
    assertThat(file.allRules()).extracting(AlertRule::id).containsExactly(
        "api-availability.burn-1h", "api-availability.burn-6h", "api-availability.burn-3d",
        "api-latency.burn-1h", "api-latency.burn-6h", "api-latency.burn-3d");
  }

  private static List<Problem> problems(String content, boolean yaml) {
    try {
      AlertRules.parse(content, yaml ? "bad.yaml" : "bad.json", yaml);
    } catch (InvalidAlertRuleException e) {
      assertThat(e.origin()).isEqualTo(yaml ? "bad.yaml" : "bad.json");
      assertThat(e.getMessage()).contains(" of " + e.origin() + ":");
      return e.problems();
    }
    throw new AssertionError("no problem found in " + content);
  }

  private static Problem only(String content) {
    List<Problem> p = problems(content, true);
    assertThat(p).hasSize(1);
    return p.get(0);
  }

  @Test
  void anUnknownFieldIsNamedWithASuggestion() {
    assertThat(problems("""
        rules:
          - id: a
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
            pendingFor: 2m
            severty: ERROR
        """, true)).extracting(Problem::toString).containsExactly(
        "rule 'a', field 'pendingFor': is not a known field (did you mean 'for'?) at line 4,"
            + " column 5",
        "rule 'a', field 'severty': is not a known field (did you mean 'severity'?) at line 5,"
            + " column 5");
  }

  @Test
  void aMisspeltConditionFieldIsReportedWithTheMissingWindow() {
    assertThat(problems("""
        rules:
          - id: a
            threshold: {stat: COUNT, series: x, windwo: 1h, above: 3}
        """, true)).extracting(Problem::field, Problem::reason).containsExactly(
        tuple("threshold.window",
            "is missing: give a 'window' such as 15m (or 'lastSamples') at line 3, column 16"),
        tuple("threshold.windwo",
            "is not a known field (did you mean 'window'?) at line 3, column 41"));
  }

  @Test
  void badValuesNameRuleFieldAndPlace() {
    assertThat(only("""
        rules:
          - id: a
            threshold: {stat: COUNT, series: x, window: 15 minutes, above: 3}
        """).toString()).isEqualTo("rule 'a', field 'threshold.window': '15 minutes' is not a"
        + " duration (such as 30s, 15m, 1h, 3d, 1h30m, 500ms or ISO-8601 PT15M) at line 3,"
        + " column 49");
    assertThat(only("""
        rules:
          - id: a
            threshold: {stat: AVERAGE, series: x, window: 1h, above: 3}
        """).reason()).startsWith("'AVERAGE' is not a stat; expected one of COUNT, SUM, RATE,"
        + " MEAN, MIN, MAX at line 3");
    assertThat(only("""
        rules:
          - id: a
            threshold: {stat: COUTN, series: x, window: 1h, above: 3}
        """).reason()).contains("(did you mean 'COUNT'?)");
    assertThat(only("""
        rules:
          - id: a
            threshold: {stat: PERCENTILE, series: x, window: 1h, above: 3}
        """).reason()).contains("use 'percentile: {q: 0.99, series: ...}'");
  }

  @Test
  void aRuleNeedsExactlyOneCondition() {
    Problem missing = only("""
        rules:
          - id: a
            severity: ERROR
        """);
    assertThat(missing.toString()).isEqualTo("rule 'a', field 'condition': is missing: a rule"
        + " needs one of threshold, percentile, ratio, events, absent at line 2, column 5");
    Problem two = only("""
        rules:
          - id: a
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
            absent: {series: x, window: 1h}
        """);
    assertThat(two.toString()).isEqualTo("rule 'a', field 'absent': cannot be combined with"
        + " 'threshold': a rule has exactly one condition at line 4, column 5");
  }

  @Test
  void yamlAliasesAreRejected() {
    Problem p = only("""
        rules:
          - id: a
            labels: &common {team: social}
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
          - id: b
            labels: *common
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
        """);
    assertThat(p.toString()).isEqualTo("rule 'b', field 'labels': must be an object of strings"
        + " but was the YAML alias *common (aliases are not supported) at line 6, column 13");
  }

  @Test
  void tooDeepAndTooLargeDocumentsFailAtOnce() {
    String deep = "{\"rules\": " + "[".repeat(30) + "]".repeat(30) + "}";
    Problem p = problems(deep, false).get(0);
    assertThat(p.ruleId()).isEqualTo("(document)");
    assertThat(p.field()).isEqualTo("(syntax)");
    assertThat(p.reason()).startsWith("the document nests deeper than 12 levels at line 1");

    String large = "rules: []\n" + "#" + " padding".repeat(140_000) + "\n";
    Problem big = only(large);
    assertThat(big.field()).isEqualTo("(size)");
    assertThat(big.reason()).isEqualTo("is larger than the limit of 1048576 characters");

    assertThat(only("rules: [\n").field()).isEqualTo("(syntax)");
  }

  @Test
  void builderProblemsAreMappedToTheFilesFields() {
    assertThat(problems("""
        rules:
          - id: a
            threshold: {stat: MEAN, series: x, window: 1h, above: 5, clearAt: 7}
            for: -PT1S
            runbook: not a url
            annotations: {summary: "{{value | nope}}"}
        """, true)).extracting(Problem::field).containsExactly(
        "threshold.clearAt", "for", "runbook", "annotations.summary");
  }

  @Test
  void sevenProblemsInOneFileAreAllReported() {
    List<Problem> problems = problems("""
        rules:
          - id: upload-error-rate
            ratio: {numerator: upload.failure, window: 15mins, above: 0.05}
            severity: FATALISH
          - id: upload-error-rate
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
          - severity: ERROR
            threshold: {stat: COUNT, series: x, window: 1h}
          - id: c
            absent: {series: x, window: 2m}
            for: soon
            colour: red
        slos:
          - id: s
            availability: {total: api.call}
            objective: 1.5
        """, true);
    assertThat(problems).extracting(Problem::ruleId, Problem::field).containsExactly(
        tuple("upload-error-rate", "ratio.denominator"),
        tuple("upload-error-rate", "ratio.window"),
        tuple("upload-error-rate", "severity"),
        tuple("upload-error-rate", "id"),
        tuple("rules[2]", "id"),
        tuple("rules[2]", "threshold"),
        tuple("c", "for"),
        tuple("c", "colour"),
        tuple("s", "availability"),
        tuple("s", "objective"));
    assertThat(problems).allSatisfy(
        p -> assertThat(p.reason()).matches(".* at line \\d+, column \\d+"));
  }

  @Test
  void durationsTakeShortFormsAndIso() {
    assertThat(RuleFileReader.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(RuleFileReader.duration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(RuleFileReader.duration("3d")).isEqualTo(Duration.ofDays(3));
    assertThat(RuleFileReader.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(RuleFileReader.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(RuleFileReader.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> RuleFileReader.duration("2 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuleFileReader.duration("Pxyz"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maintenanceWindowsAreRead() {
    AlertRules file = AlertRules.parse("""
        maintenance:
          - id: nightly-backup
            matchers: {alertname: db-latency, team: "=~pay.*", env: "!=dev", note: "=!=x"}
            daily: "03:00"
            duration: 1h
            zone: Europe/Paris
            comment: backups
          - id: weekend
            matchers: {team: social}
            weekly: {days: [SAT, sunday], at: "22:30"}
            duration: 1h30m
            zone: UTC
            from: 2026-01-01T00:00:00Z
            until: "2026-07-01T00:00:00+02:00"
            createdBy: alice
        """, "m.yaml", true);
    assertThat(file.rules()).isEmpty();
    assertThat(file.maintenanceWindows()).hasSize(2);
    MaintenanceWindow backup = file.maintenanceWindows().get(0);
    assertThat(backup).isEqualTo(MaintenanceWindow.builder("nightly-backup")
        .matching("alertname", "db-latency").matchingRegex("team", "pay.*")
        .notMatching("env", "dev").matching("note", "!=x")
        .daily(LocalTime.of(3, 0)).duration(Duration.ofHours(1))
        .zone(ZoneId.of("Europe/Paris")).comment("backups").build());
    assertThat(backup.describe()).isEqualTo("daily at 03:00 Europe/Paris for PT1H");
    MaintenanceWindow weekend = file.maintenanceWindows().get(1);
    assertThat(weekend.describe()).isEqualTo("on SAT, SUN at 22:30 UTC for PT1H30M"
        + " from 2026-01-01T00:00:00Z until 2026-06-30T22:00:00Z");
    assertThat(weekend.createdBy()).isEqualTo("alice");
    assertThat(AlertRules.parse("{\"maintenance\": [{\"id\": \"m\", \"matchers\":"
        + " {\"alertname\": \"a\"}, \"daily\": \"3:00\", \"duration\": \"PT1H\","
        + " \"zone\": \"UTC\"}]}", "m.json", false).maintenanceWindows().get(0).at())
        .isEqualTo(LocalTime.of(3, 0));
  }

  @Test
  void badMaintenanceWindowFieldsNameFieldReasonAndPlace() {
    assertThat(problems("""
        maintenance:
          - id: nightly-backup
            matchers: {alertname: db, team: "!~pay.*", x: "=~("}
            daily: 03:00
            duraton: 1h
            zone: Europe/Pariss
          - id: weekend
            matchers: {}
            weekly: {days: [SAT, SUNN]}
            duration: 2d
            zone: UTC
            from: 2026-02-01T00:00:00Z
            until: 2026-01-01T00:00:00Z
        """, true)).extracting(Problem::toString).containsExactly(
        "rule 'nightly-backup', field 'duration': is missing: how long each occurrence lasts,"
            + " such as 1h at line 2, column 5",
        "rule 'nightly-backup', field 'matchers.team': '!~pay.*': '!~' (not matching a regular"
            + " expression) is not supported; use '=~' with a regular expression or '!=' (write"
            + " '=!~...' for a value that starts with '!~') at line 3, column 37",
        "rule 'nightly-backup', field 'matchers.x': matcher x=~\"(\": invalid regular"
            + " expression: Unclosed group at line 3, column 51",
        "rule 'nightly-backup', field 'duraton': is not a known field (did you mean"
            + " 'duration'?) at line 5, column 5",
        "rule 'nightly-backup', field 'zone': 'Europe/Pariss' is not a time zone (did you mean"
            + " 'Europe/Paris'?) at line 6, column 11",
        "rule 'weekend', field 'matchers': no matchers: a maintenance window must match at"
            + " least one label (call matching(name, value)) at line 8, column 15",
        "rule 'weekend', field 'weekly.at': is missing: the local time occurrences start at,"
            + " such as \"03:00\" at line 9, column 13",
        "rule 'weekend', field 'weekly.days': 'SUNN' is not a day of the week (did you mean"
            + " 'SUN'?); expected one of MON, TUE, WED, THU, FRI, SAT, SUN at line 9, column 20",
        "rule 'weekend', field 'until': until 2026-01-01T00:00:00Z is not after from"
            + " 2026-02-01T00:00:00Z at line 13, column 12");
    assertThat(problems("""
        maintenance:
          - id: m
            matchers: {alertname: a}
            daily: "03:00"
            weekly: {days: [SAT], at: "03:00"}
            duration: 1h
            zone: UTC
          - id: m
            matchers: {alertname: a}
            daily: "03:00"
            duration: 25h
          - id: n
            matchers: {alertname: a}
            daily: "25:00"
            duration: 1h
            zone: UTC
        """, true)).extracting(Problem::toString).containsExactly(
        "rule 'm', field 'weekly': cannot be combined with 'daily' at line 5, column 5",
        "rule 'm', field 'zone': is missing at line 8, column 5",
        "rule 'm', field 'id': 'm' is used by more than one maintenance window: maintenance[0]"
            + " and maintenance[1] at line 8, column 9",
        "rule 'm', field 'duration': duration PT25H is longer than PT24H, the shortest time"
            + " between two scheduled days, so occurrences would merge at line 11, column 15",
        "rule 'n', field 'daily': '25:00' is not a time of day (such as 03:00 or 22:30, quoted"
            + " in YAML) at line 14, column 12");
  }

  /** The seed rules as Spring Boot binds them from properties: every scalar a string. */
  private static Map<String, Object> seedAsProperties() {
    Map<String, Object> ratio = new LinkedHashMap<>();
    ratio.put("numerator", "upload.failure");
    ratio.put("denominator", List.of("upload.failure", "upload.success"));
    ratio.put("window", "15m");
    ratio.put("minDenominator", "10");
    ratio.put("above", "0.05");
    Map<String, Object> oauth = new LinkedHashMap<>();
    oauth.put("id", "oauth-failures");
    oauth.put("severity", "ERROR");
    oauth.put("threshold", Map.of("stat", "COUNT", "series", "oauth.failure", "window", "1h",
        "above", "5"));
    oauth.put("groupBy", List.of("platform"));
    oauth.put("for", "2m");
    oauth.put("keepFiringFor", "5m");
    oauth.put("labels", Map.of("team", "social"));
    oauth.put("annotations", Map.of("summary", "More than 5 OAuth failures in an hour"));
    oauth.put("runbook", "https://runbooks.example.com/oauth");
    return Map.of("rules", List.of(
        Map.of("id", "upload-error-rate", "severity", "ERROR", "ratio", ratio),
        Map.of("id", "token-refresh-failures", "severity", "CRITICAL", "threshold",
            Map.of("stat", "COUNT", "series", "token.refresh.failure", "window", "1h",
                "above", "3")),
        Map.of("id", "webhook-latency", "severity", "WARN", "threshold",
            Map.of("stat", "MEAN", "series", "webhook.latency", "lastSamples", "50",
                "above", "5000")),
        oauth));
  }

  @Test
  void aDocumentInMemoryTakesNumbersAndBooleansGivenAsStrings() {
    AlertRules rules = AlertRules.parse(seedAsProperties(), "vigil.alerts");
    assertThat(rules.origin()).isEqualTo("vigil.alerts");
    assertSameRules(rules.rules());

    AlertRule onEvent = AlertRules.parse(Map.of("rules", List.of(Map.of("id", "e",
        "events", Map.of("minSeverity", "CRITICAL", "window", "5m", "atLeast", 1),
        "evaluateOnEvent", "TRUE"))), "props").rules().get(0);
    assertThat(onEvent.evaluatesOnEvent()).isTrue();
    assertThat(AlertRules.parse(Map.of("rules", List.of(Map.of("id", "p",
        "pendingEvaluations", " 2 ", "absent", Map.of("series", "s", "window", "5m")))), "props")
        .rules().get(0).pendingEvaluations()).isEqualTo(2);
  }

  @Test
  void aDocumentInMemoryHasTheChecksAndMessagesOfAFileWithoutPlaces() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("id", "a");
    bad.put("threshold", Map.of("stat", "MEAN", "series", "s", "window", "15 minutes",
        "above", "0x10"));
    bad.put("pendingEvaluations", "1.5");
    bad.put("evaluateOnEvent", "yes");
    bad.put("severty", "ERROR");
    assertThatThrownBy(() -> AlertRules.parse(Map.of("rules", List.of(bad, "text")), "props"))
        .isInstanceOfSatisfying(InvalidAlertRuleException.class, e -> {
          assertThat(e.origin()).isEqualTo("props");
          assertThat(e.problems()).extracting(Problem::ruleId, Problem::field).contains(
              tuple("a", "threshold.window"), tuple("a", "threshold.above"),
              tuple("a", "pendingEvaluations"), tuple("a", "evaluateOnEvent"),
              tuple("a", "severty"), tuple("rules[1]", "(rule)"));
          assertThat(e.problems()).allSatisfy(p -> assertThat(p.reason()).doesNotContain("line"));
          assertThat(e.getMessage()).contains("'15 minutes' is not a duration",
              "must be a finite number but was the string '0x10'",
              "must be an integer but was the string '1.5'",
              "must be true or false but was the string 'yes'",
              "did you mean 'severity'?");
        });
  }

  @Test
  void aFileStillWantsRealNumbers() {
    assertThatThrownBy(() -> AlertRules.parse(
        "{\"rules\": [{\"id\": \"a\", \"threshold\": {\"stat\": \"MEAN\", \"series\": \"s\","
            + " \"window\": \"1m\", \"above\": \"5\"}}]}", "a.json", false))
        .hasMessageContaining("field 'threshold.above': must be a finite number but was the"
            + " string '5'");
  }

  @Test
  void aDocumentInMemoryIsLimitedInDepth() {
    Object deep = "x";
    for (int i = 0; i < 20; i++) {
      deep = List.of(deep);
    }
    Object nested = deep;
    assertThatThrownBy(() -> AlertRules.parse(Map.of("rules", nested), "props"))
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("nested more than the limit of 12 levels");
  }
}
