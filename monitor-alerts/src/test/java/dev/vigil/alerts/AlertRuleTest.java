package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

  @Test
  void buildsAnImmutableRule() {
    AlertRule rule = AlertRule.builder("oauth-failures")
        .condition(Condition.threshold(Stat.COUNT, "oauth.failure")
            .over(Duration.ofHours(1)).above(5))
        .groupBy("platform")
        .severity(Severity.ERROR)
        .pendingFor(Duration.ofMinutes(2))
        .keepFiringFor(Duration.ofMinutes(5))
        .label("team", "social")
        .annotation("summary", "More than 5 OAuth failures in an hour")
        .runbook("https://runbooks.example.com/oauth")
        .build();

    assertThat(rule.id()).isEqualTo("oauth-failures");
    assertThat(rule.groupBy()).containsExactly("platform");
    assertThat(rule.labels()).containsEntry("team", "social");
    assertThat(rule.runbook()).isEqualTo(URI.create("https://runbooks.example.com/oauth"));
    assertThat(rule.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rule.condition().describe()).isEqualTo("count of oauth.failure over PT1H");
    assertThatThrownBy(() -> rule.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void reportsEveryProblemTogether() {
    InvalidAlertRuleException e = catchThrowableOfType(InvalidAlertRuleException.class,
        () -> AlertRule.builder("bad id!")
            .condition(Condition.threshold(Stat.MEAN, "webhook.latency").above(5).clearAt(7))
            .pendingFor(Duration.ofSeconds(-1))
            .interval(Duration.ofMillis(10))
            .groupBy("platform", "platform")
            .label(" ", "x")
            .runbook("ftp://example.com/runbook")
            .build());

    assertThat(e.problems()).extracting(InvalidAlertRuleException.Problem::field).containsExactly(
        "id", "condition.window", "condition.clearThreshold", "pendingFor", "interval", "groupBy",
        "labels", "runbook");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.ruleId()).isEqualTo("bad id!"));
    assertThat(e.getMessage()).startsWith("8 problems in alert rules:")
        .contains("rule 'bad id!', field 'pendingFor': must not be negative but was PT-1S")
        .contains("field 'condition.clearThreshold': 7.0 is on the firing side of threshold > 5.0")
        .contains("field 'groupBy': tag key 'platform' is given twice")
        .contains("field 'runbook': 'ftp://example.com/runbook' is not an absolute http(s) URL");
  }

  @Test
  void aLaterValidValueReplacesAnInvalidOne() {
    AlertRule rule = AlertRule.builder("r")
        .condition(Condition.absent("beat").over(Duration.ofMinutes(1)))
        .pendingFor(Duration.ofSeconds(-1))
        .pendingFor(Duration.ofSeconds(1))
        .build();
    assertThat(rule.pendingFor()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void reportsConditionProblemsByField() {
    assertThat(problems(AlertRule.builder("no-condition")))
        .containsExactly("condition: no condition set");
    assertThat(problems(AlertRule.builder("t")
        .condition(Condition.threshold(Stat.COUNT, "x").over(Duration.ZERO))))
        .containsExactly("condition.window: must be positive but was PT0S",
            "condition.threshold: no threshold set (call above, atLeast, below or atMost)");
    assertThat(problems(AlertRule.builder("t")
        .condition(Condition.threshold(Stat.MAX, "x").lastSamples(-3).over(Duration.ofMinutes(1))
            .below(Double.POSITIVE_INFINITY))))
        .containsExactly("condition.lastSamples: must be positive but was -3",
            "condition.window: both a window (PT1M) and last samples (-3) set; choose one",
            "condition.threshold: must be finite but was Infinity");
    assertThat(problems(AlertRule.builder("p")
        .condition(Condition.percentile(99, "x").lastSamples(100).above(1))))
        .containsExactly("condition.percentile: q must be between 0 and 1 but was 99.0");
    assertThat(problems(AlertRule.builder("r")
        .condition(Condition.ratio("a").minDenominator(-1).below(0.5))))
        .containsExactly("condition.denominator: names no series",
            "condition.window: no window set (call over(Duration))",
            "condition.minDenominator: must be zero or more and finite but was -1.0");
    assertThat(problems(AlertRule.builder("e")
        .condition(Condition.events(Severity.ERROR).over(Duration.ofMinutes(1))
            .when(Comparison.LESS_THAN, 3)
            .clearAt(1))))
        .containsExactly("condition.clearThreshold: 1.0 is on the firing side of threshold < 3.0");
  }

  @Test
  void anEngineRefusesTwoRulesWithOneId() {
    AlertRule rule = AlertRule.builder("dup")
        .condition(Condition.absent("beat").over(Duration.ofMinutes(1))).build();
    try (Fixture f = new Fixture()) {
      assertThatThrownBy(() -> f.engine(rule, rule).build())
          .isInstanceOf(InvalidAlertRuleException.class)
          .hasMessageContaining("rule 'dup', field 'id': another rule has the id 'dup'");
    }
    assertThatThrownBy(() -> AlertEngine.builder().rule(rule).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no monitor set: call monitor(Monitor)");
  }

  private static List<String> problems(AlertRule.Builder builder) {
    InvalidAlertRuleException e =
        catchThrowableOfType(InvalidAlertRuleException.class, builder::build);
    assertThat(e).as("build() must fail").isNotNull();
    return e.problems().stream().map(p -> p.field() + ": " + p.reason()).toList();
  }
}
