package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.vigil.Severity;
import dev.vigil.alerts.InvalidAlertRuleException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule files: the rule options of the builder (count-based pending, flap detection, no-data and
 * error treatments, evaluation on events) and the top-level {@code inhibit:} section.
 */
class RuleFileOptionsTest {

  private static List<Problem> problems(String yaml) {
    try {
      AlertRules.parse(yaml, "bad.yaml", true);
    } catch (InvalidAlertRuleException e) {
      assertThat(e.origin()).isEqualTo("bad.yaml");
      return e.problems();
    }
    throw new AssertionError("no problem found in " + yaml);
  }

  @Test
  void theRuleOptionsAreRead() {
    AlertRules file = AlertRules.parse("""
        rules:
          - id: login-errors
            events: {minSeverity: ERROR, window: 5m, above: 10}
            pendingEvaluations: 3
            flapDetection: {changes: 4, window: 1h}
            onNoData: breaching
            onError: NOT_BREACHING
          - id: on-event
            events: {minSeverity: CRITICAL, window: 5m, atLeast: 1}
            evaluateOnEvent: true
          - id: defaults
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
            onError: Ignore
            evaluateOnEvent: false
        """, "options.yaml", true);
    AlertRule r = file.rules().get(0);
    assertThat(r.pendingEvaluations()).isEqualTo(3);
    assertThat(r.flapThreshold()).isEqualTo(4);
    assertThat(r.flapWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(r.onNoData()).isEqualTo(Treatment.BREACHING);
    assertThat(r.onError()).isEqualTo(Treatment.NOT_BREACHING);
    assertThat(r.evaluatesOnEvent()).isFalse();
    assertThat(file.rules().get(1).evaluatesOnEvent()).isTrue();

    AlertRule d = file.rules().get(2);
    assertThat(d.pendingEvaluations()).isEqualTo(1);
    assertThat(d.flapThreshold()).isZero();
    assertThat(d.flapWindow()).isNull();
    assertThat(d.onNoData()).isEqualTo(Treatment.NOT_BREACHING);
    assertThat(d.onError()).isEqualTo(Treatment.IGNORE);
    assertThat(d.evaluatesOnEvent()).isFalse();
  }

  @Test
  void theRuleOptionsAreReadFromJsonToo() {
    AlertRule r = AlertRules.parse("""
        {"rules": [{"id": "e", "events": {"minSeverity": "CRITICAL", "window": "PT5M",
                    "atLeast": 1},
                    "pendingEvaluations": 1, "flapDetection": {"changes": 6, "window": "PT30M"},
                    "onNoData": "IGNORE", "onError": "BREACHING", "evaluateOnEvent": true}]}
        """, "options.json", false).rules().get(0);
    assertThat(r.pendingEvaluations()).isEqualTo(1);
    assertThat(r.flapThreshold()).isEqualTo(6);
    assertThat(r.flapWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(r.onNoData()).isEqualTo(Treatment.IGNORE);
    assertThat(r.onError()).isEqualTo(Treatment.BREACHING);
    assertThat(r.evaluatesOnEvent()).isTrue();
  }

  @Test
  void badRuleOptionsNameFieldReasonAndPlace() {
    assertThat(problems("""
        rules:
          - id: a
            events: {minSeverity: ERROR, window: 5m, above: 10}
            pendingEvaluations: 0
            flapDetection: {changes: 1, window: 30s}
            onNoData: BREACHNG
            onError: sometimes
            evaluateOnEvent: "yes"
        """)).extracting(Problem::toString).containsExactly(
        "rule 'a', field 'pendingEvaluations': must be 1 to 1000 but was 0 at line 4, column 25",
        "rule 'a', field 'flapDetection.changes': must be 2 to 100 but was 1 at line 5,"
            + " column 30",
        "rule 'a', field 'flapDetection.window': must be at least 1 minute but was PT30S at"
            + " line 5, column 41",
        "rule 'a', field 'onNoData': 'BREACHNG' is not a treatment (did you mean 'BREACHING'?);"
            + " expected one of BREACHING, NOT_BREACHING, IGNORE at line 6, column 15",
        "rule 'a', field 'onError': 'sometimes' is not a treatment; expected one of BREACHING,"
            + " NOT_BREACHING, IGNORE at line 7, column 14",
        "rule 'a', field 'evaluateOnEvent': must be true or false but was the string 'yes' at"
            + " line 8, column 22");
  }

  @Test
  void badRuleOptionTypesAndMissingPartsAreReported() {
    assertThat(problems("""
        rules:
          - id: b
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
            pendingEvaluations: 2.5
            flapDetection: {changes: 4, windw: 1h}
            evaluateOnEvent: true
            onErorr: IGNORE
          - id: c
            threshold: {stat: COUNT, series: x, window: 1h, above: 3}
            flapDetection: 4
        """)).extracting(Problem::toString).containsExactly(
        "rule 'b', field 'pendingEvaluations': must be an integer but was the number 2.5 at"
            + " line 4, column 25",
        "rule 'b', field 'flapDetection.window': is missing: the window the changes are counted"
            + " in, such as 1h at line 5, column 20",
        "rule 'b', field 'flapDetection.windw': is not a known field (did you mean 'window'?)"
            + " at line 5, column 33",
        "rule 'b', field 'evaluateOnEvent': only an events condition can be evaluated on"
            + " events, not " + Condition.threshold(Stat.COUNT, "x").over(Duration.ofHours(1))
                .above(3).describe() + " at line 6, column 22",
        "rule 'b', field 'onErorr': is not a known field (did you mean 'onError'?) at line 7,"
            + " column 5",
        "rule 'c', field 'flapDetection': must be an object but was the number 4 at line 10,"
            + " column 20");
  }

  @Test
  void inhibitRulesAreReadWithTheMaintenanceMatcherSyntax() {
    AlertRules file = AlertRules.parse("""
        inhibit:
          - source: {alertname: db-down, env: "!=dev"}
            target: {severity: WARN, team: "=~pay.*", note: "=!=x"}
            equal: [cluster]
          - source: {alertname: "=~db-.*"}
            target: {alertname: "!=db-down"}
        """, "inhibit.yaml", true);
    assertThat(file.rules()).isEmpty();
    assertThat(file.inhibitRules()).hasSize(2);
    InhibitRule first = file.inhibitRules().get(0);
    assertThat(first.sourceMatchers()).containsExactly(
        new Silence.Matcher("alertname", Silence.Op.EQUAL, "db-down"),
        new Silence.Matcher("env", Silence.Op.NOT_EQUAL, "dev"));
    assertThat(first.targetMatchers()).containsExactly(
        new Silence.Matcher("severity", Silence.Op.EQUAL, "WARN"),
        new Silence.Matcher("team", Silence.Op.REGEX, "pay.*"),
        new Silence.Matcher("note", Silence.Op.EQUAL, "!=x"));
    assertThat(first.equal()).containsExactly("cluster");
    Map<String, String> target =
        Map.of("severity", "WARN", "team", "payments", "note", "!=x", "cluster", "eu");
    assertThat(first.inhibits(Map.of("alertname", "db-down", "cluster", "eu"), target)).isTrue();
    assertThat(first.inhibits(Map.of("alertname", "db-down", "cluster", "us"), target)).isFalse();
    assertThat(first.inhibits(Map.of("alertname", "db-down", "cluster", "eu", "env", "dev"),
        target)).isFalse();
    InhibitRule second = file.inhibitRules().get(1);
    assertThat(second.sourceMatchers()).containsExactly(
        new Silence.Matcher("alertname", Silence.Op.REGEX, "db-.*"));
    assertThat(second.targetMatchers()).containsExactly(
        new Silence.Matcher("alertname", Silence.Op.NOT_EQUAL, "db-down"));
    assertThat(second.equal()).isEmpty();
  }

  @Test
  void inhibitRulesFromAFileMuteTargetsInAnEngine() {
    AlertRules file = AlertRules.parse("""
        rules:
          - id: db-down
            threshold: {stat: MAX, series: db.down, lastSamples: 1, atLeast: 1}
            groupBy: [cluster]
            severity: CRITICAL
          - id: slow
            threshold: {stat: MAX, series: latency, lastSamples: 1, above: 500}
            groupBy: [cluster]
        inhibit:
          - source: {alertname: db-down}
            target: {severity: WARN, alertname: "!=db-down"}
            equal: [cluster]
        """, "engine.yaml", true);
    try (Fixture f = new Fixture()) {
      AlertEngine engine = f.engine(file.rules().toArray(new AlertRule[0]))
          .inhibit(file.inhibitRules()).build();
      f.monitor.record("db.down", 1, "cluster", "a");
      f.monitor.record("latency", 900, "cluster", "a");
      f.monitor.record("latency", 900, "cluster", "b");

      engine.evaluate();

      assertThat(engine.activeAlerts()).extracting(Alert::key, Alert::state)
          .containsExactlyInAnyOrder(
              tuple("db-down{cluster=a}", AlertState.FIRING),
              tuple("slow{cluster=a}", AlertState.SILENCED),
              tuple("slow{cluster=b}", AlertState.FIRING));
    }
  }

  @Test
  void badInhibitRulesArePlacedAndNamedByPosition() {
    assertThat(problems("""
        inhibit:
          - target: {severity: WARN}
          - source: {alertname: "=~db-("}
            target: {}
            equal: [cluster, " "]
          - source: {alertname: a}
            target: {team: "!~pay"}
            eqaul: [x]
          - just a string
        """)).extracting(Problem::toString).containsExactly(
        "rule 'inhibit[0]', field 'source': is missing: the matchers of the alerts that"
            + " inhibit, such as {alertname: db-down} at line 2, column 5",
        "rule 'inhibit[1]', field 'source.alertname': matcher alertname=~\"db-(\": invalid"
            + " regular expression: Unclosed group at line 3, column 25",
        "rule 'inhibit[1]', field 'target': no target matcher (call targetMatching) at line 4,"
            + " column 13",
        "rule 'inhibit[1]', field 'equal': an equal label is blank at line 5, column 12",
        "rule 'inhibit[2]', field 'target.team': '!~pay': '!~' (not matching a regular"
            + " expression) is not supported; use '=~' with a regular expression or '!=' (write"
            + " '=!~...' for a value that starts with '!~') at line 7, column 20",
        "rule 'inhibit[2]', field 'eqaul': is not a known field (did you mean 'equal'?) at"
            + " line 8, column 5",
        "rule 'inhibit[3]', field '(inhibit)': must be an object but was the string 'just a"
            + " string' at line 9, column 5");
  }
}
