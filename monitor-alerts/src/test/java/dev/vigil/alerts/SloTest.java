package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SLOs on a real monitor fed minute by minute on a manual clock. */
class SloTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Fixture f = new Fixture();

  private final Slo availability = Slo.availability("api-availability")
      .good("api.call", "outcome", "success")
      .total("api.call")
      .objective(0.999)
      .build();

  @AfterEach
  void close() {
    f.close();
  }

  /**
   * Feeds {@code minutes} minutes of {@code good} successful and {@code bad} failed calls a minute,
   * evaluating the engine every {@code every} minutes; returns the alerts that changed.
   */
  private List<Alert> run(AlertEngine engine, int minutes, double good, double bad, int every) {
    List<Alert> changed = new ArrayList<>();
    for (int i = 1; i <= minutes; i++) {
      f.monitor.increment("api.call", good, "outcome", "success");
      f.monitor.increment("api.call", bad, "outcome", "error");
      f.clock.advance(MINUTE);
      if (i % every == 0) {
        changed.addAll(engine.evaluate());
      }
    }
    return changed;
  }

  private static List<String> ids(List<Alert> alerts) {
    return alerts.stream().map(a -> a.ruleId() + ":" + a.state()).toList();
  }

  @Test
  void alertRulesAreTheThreeOfTheSreWorkbook() {
    List<AlertRule> rules = availability.alertRules();
    assertThat(rules).extracting(AlertRule::id)
        .containsExactly("api-availability.burn-1h", "api-availability.burn-6h",
            "api-availability.burn-3d");
    assertThat(rules).extracting(AlertRule::severity)
        .containsExactly(Severity.CRITICAL, Severity.CRITICAL, Severity.WARN);
    assertThat(rules).extracting(r -> r.labels().get("action"))
        .containsExactly("page", "page", "ticket");
    assertThat(rules).allSatisfy(r -> assertThat(r.labels()).containsEntry("slo",
        "api-availability"));
    assertThat(rules).extracting(r -> r.condition().describe()).containsExactly(
        "burn rate of SLO api-availability (api.call{outcome=success} / api.call >= 0.999) over"
            + " PT1H and PT5M",
        "burn rate of SLO api-availability (api.call{outcome=success} / api.call >= 0.999) over"
            + " PT6H and PT30M",
        "burn rate of SLO api-availability (api.call{outcome=success} / api.call >= 0.999) over"
            + " PT72H and PT6H");
    assertThat(rules.get(0).annotations().get("description")).isEqualTo(
        "Over both the last 1 hour and the last 5 minutes, more than 14.4 times the 0.1% of bad"
            + " events the objective of 99.9% allows; at {{value | round(1)}}× the 30 days budget"
            + " lasts 30 days / {{value | round(1)}}.");
  }

  @Test
  void aHealthyServiceFiresNothing() {
    AlertEngine engine = f.engine().rules(availability.alertRules()).build();
    // 99.95% good: burn rate 0.5 on every window, for 3 days
    assertThat(run(engine, 3 * 24 * 60, 1999, 1, 10)).isEmpty();
    assertThat(f.published).isEmpty();

    ErrorBudget budget = availability.errorBudget(f.monitor);
    assertThat(budget.window()).isEqualTo(Duration.ofDays(3));
    assertThat(budget.goodFraction()).isCloseTo(0.9995, within(1e-12));
    assertThat(budget.remaining()).isCloseTo(0.5, within(1e-9));
    assertThat(budget.burnRate1h()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void aFastBurnPagesOnceTheLongHourCrossesAndTheShortWindowResetsItOnRecovery() {
    AlertEngine engine = f.engine().rules(availability.alertRules()).build();
    assertThat(run(engine, 3 * 24 * 60, 1999, 1, 60)).isEmpty();

    // 10% errors: the 5-minute burn rate is 100 at once, the hour's crosses 14.4 after
    // (14.4 - 0.5) / (100 - 0.5) * 60 = 8.4 minutes
    List<Alert> fired = new ArrayList<>();
    int firedAt = 0;
    for (int minute = 1; minute <= 10; minute++) {
      List<Alert> changed = run(engine, 1, 1800, 200, 1);
      if (minute <= 8) {
        assertThat(changed).as("minute %d: the hour's burn rate is still below 14.4", minute)
            .isEmpty();
      }
      if (!changed.isEmpty() && firedAt == 0) {
        firedAt = minute;
      }
      fired.addAll(changed);
    }
    assertThat(firedAt).isEqualTo(9);
    assertThat(fired).singleElement().satisfies(alert -> {
      assertThat(alert.ruleId()).isEqualTo("api-availability.burn-1h");
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.value()).as("the hour's burn rate, the lesser").isBetween(14.4, 16.0);
      assertThat(alert.annotations().get("summary")).matches(
          "api-availability is burning its error budget 1[45]\\.\\d× too fast \\(alert above"
              + " 14\\.4×\\)");
    });

    // the errors stop: the 5-minute window clears the page within its length, while the hour
    // still burns above 14.4
    List<Alert> resolved = new ArrayList<>();
    int resolvedAt = 0;
    for (int minute = 1; minute <= 10 && resolved.isEmpty(); minute++) {
      resolved.addAll(run(engine, 1, 1999, 1, 1));
      resolvedAt = minute;
    }
    assertThat(resolved).singleElement().satisfies(alert -> {
      assertThat(alert.ruleId()).isEqualTo("api-availability.burn-1h");
      assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
    });
    assertThat(resolvedAt).isBetween(4, 6);
    assertThat(availability.errorBudget(f.monitor).burnRate1h()).isGreaterThan(14.4);
  }

  @Test
  void aSlowBurnOpensOnlyTheTicket() {
    AlertEngine engine = f.engine().rules(availability.alertRules()).build();
    // 0.2% errors against a 0.1% budget: burn rate 2 on every window, for a day
    List<Alert> changed = run(engine, 24 * 60, 998, 2, 10);
    assertThat(ids(changed)).containsExactly("api-availability.burn-3d:FIRING");
    assertThat(changed.get(0).severity()).isEqualTo(Severity.WARN);
    assertThat(changed.get(0).labels()).containsEntry("action", "ticket");
    assertThat(changed.get(0).value()).isCloseTo(2, within(1e-9));

    ErrorBudget budget = availability.errorBudget(f.monitor);
    assertThat(budget.window()).isEqualTo(Duration.ofDays(3));
    assertThat(budget.remaining()).isCloseTo(-1, within(1e-9));
  }

  @Test
  void aBurnRateNeedsBothWindowsAndEnoughEvents() {
    Slo slo = Slo.availability("s").bad("api.call", "outcome", "error").total("api.call")
        .objective(0.99).minTotal(100).build();
    BurnRateCondition condition =
        Condition.burnRate(slo).windows(Duration.ofHours(1), Duration.ofMinutes(5)).above(5);
    assertThat(condition.evaluate(f.monitor.series(), List.of()).get(Map.of()).value())
        .as("no event: no value").isNaN();

    f.monitor.increment("api.call", 50, "outcome", "error");
    f.monitor.increment("api.call", 49, "outcome", "success");
    Reading reading = condition.evaluate(f.monitor.series(), List.of()).get(Map.of());
    assertThat(reading.value()).as("99 events, below the minimum of 100").isNaN();
    assertThat(reading.breached()).isFalse();
    assertThat(reading.cleared()).isTrue();

    f.monitor.increment("api.call", 1, "outcome", "success");
    reading = condition.evaluate(f.monitor.series(), List.of()).get(Map.of());
    assertThat(reading.value()).isCloseTo(50, within(1e-9));
    assertThat(reading.breached()).isTrue();

    // 20 minutes later the 5-minute window is empty: no value although the hour still burns
    f.clock.advance(Duration.ofMinutes(20));
    assertThat(condition.evaluate(f.monitor.series(), List.of()).get(Map.of()).breached())
        .isFalse();
    // then good calls only: the short window is healthy, the hour is not
    f.monitor.increment("api.call", 100, "outcome", "success");
    reading = condition.evaluate(f.monitor.series(), List.of()).get(Map.of());
    assertThat(reading.value()).isZero();
    assertThat(reading.description()).matches(".* over PT1H and PT5M = 2[45]\\.\\d+ and 0\\.0 \\(> 5\\.0\\)");
    assertThat(reading.breached()).isFalse();
  }

  @Test
  void burnRatesGroupByTag() {
    Slo slo = Slo.availability("uploads").good("upload", "ok", "true").total("upload")
        .objective(0.9).build();
    BurnRateCondition condition =
        Condition.burnRate(slo).windows(Duration.ofHours(1), Duration.ofMinutes(5)).above(1);
    f.monitor.increment("upload", 9, "ok", "true", "platform", "tiktok");
    f.monitor.increment("upload", 1, "ok", "false", "platform", "tiktok");
    f.monitor.increment("upload", 5, "ok", "true", "platform", "instagram");
    f.monitor.increment("upload", 5, "ok", "false", "platform", "instagram");
    Map<java.util.SortedMap<String, String>, Reading> readings =
        condition.evaluate(f.monitor.series(), List.of("platform"));
    assertThat(readings.get(Map.of("platform", "tiktok")).value()).isCloseTo(1, within(1e-9));
    assertThat(readings.get(Map.of("platform", "instagram")).value()).isCloseTo(5, within(1e-9));
    assertThat(readings.get(Map.of("platform", "instagram")).breached()).isTrue();
  }

  @Test
  void budgetArithmeticIsExact() {
    Slo quarter = Slo.availability("q").good("call", "ok", "yes").total("call").objective(0.75)
        .compliancePeriod(Duration.ofDays(1)).build();
    ErrorBudget empty = quarter.errorBudget(f.monitor);
    assertThat(empty.goodFraction()).isNaN();
    assertThat(empty.remaining()).isNaN();
    assertThat(empty.burnRate1h()).isNaN();

    f.monitor.increment("call", 7, "ok", "yes");
    f.monitor.increment("call", 1, "ok", "no");
    ErrorBudget budget = quarter.errorBudget(f.monitor.series());
    assertThat(budget).isEqualTo(new ErrorBudget("q", 0.75, Duration.ofDays(1),
        Duration.ofDays(1), 7, 8, 0.875, 0.5, 0.5));

    Slo overspent = Slo.availability("o").bad("call", "ok", "no").total("call").objective(0.875)
        .build();
    f.monitor.increment("call", 1, "ok", "no");
    f.clock.advance(Duration.ofHours(2));
    budget = overspent.errorBudget(f.monitor);
    assertThat(budget.window()).as("30 days cut to what the store keeps").isEqualTo(
        Duration.ofDays(3));
    assertThat(budget.good()).isEqualTo(7);
    assertThat(budget.total()).isEqualTo(9);
    assertThat(budget.remaining()).isEqualTo(1 - (2 / 9.0) / 0.125);
    assertThat(budget.burnRate1h()).as("nothing in the last hour").isNaN();
  }

  @Test
  void latencyCountsValuesStrictlyBelowTheThreshold() {
    Slo latency = Slo.latency("api-latency", "http.latency").below(500).objective(0.75).build();
    for (int i = 0; i < 90; i++) {
      f.monitor.record("http.latency", 100 + i);
    }
    for (int i = 0; i < 10; i++) {
      f.monitor.record("http.latency", i < 5 ? 500 : 900);
    }
    ErrorBudget budget = latency.errorBudget(f.monitor);
    assertThat(budget.good()).isEqualTo(90);
    assertThat(budget.total()).isEqualTo(100);
    assertThat(budget.remaining()).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void latencyBeyondTheKeptValuesIsEstimatedFromTheMostRecentOnes() {
    Slo latency = Slo.latency("api-latency", "http.latency").where("route", "/a").below(500)
        .objective(0.5).build();
    for (int i = 0; i < 1000; i++) {
      f.monitor.record("http.latency", 900, "route", "/a");
    }
    for (int i = 0; i < 1000; i++) {
      f.monitor.record("http.latency", 100, "route", "/a");
    }
    f.monitor.record("http.latency", 900, "route", "/b");
    ErrorBudget budget = latency.errorBudget(f.monitor);
    assertThat(budget.total()).isEqualTo(2000);
    // the store keeps the last 1,024 values: 24 slow and 1,000 fast; the truth is 1,000 good
    assertThat(budget.good()).isEqualTo(2000 * 1000 / 1024.0);

  }

  @Test
  void latencyIsExactBeyondTheKeptValuesWhenAllAreOnOneSide() {
    Slo latency = Slo.latency("api-latency", "http.latency").below(500).objective(0.5).build();
    for (int i = 0; i < 3000; i++) {
      f.monitor.record("http.latency", 900);
    }
    assertThat(latency.count(f.monitor.series(), Duration.ofHours(1), List.of()).get(Map.of()))
        .containsExactly(0, 3000);
    f.clock.advance(Duration.ofHours(2));
    for (int i = 0; i < 3000; i++) {
      f.monitor.record("http.latency", 100);
    }
    assertThat(latency.count(f.monitor.series(), Duration.ofHours(1), List.of()).get(Map.of()))
        .containsExactly(3000, 3000);
    assertThat(latency.count(f.monitor.series(), Duration.ofHours(3), List.of()).get(Map.of()))
        .as("both in the window: estimated from the last 1,024, all fast")
        .containsExactly(6000, 6000);
  }

  @Test
  void aSlowLatencyPages() {
    Slo latency = Slo.latency("api-latency", "http.latency").below(500).objective(0.95).build();
    AlertEngine engine = f.engine().rules(latency.alertRules()).build();
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 10; i++) {
        f.monitor.record("http.latency", i < 8 ? 120 : 700);
      }
      f.clock.advance(MINUTE);
    }
    // 20% slow against 5%: burn rate 4 everywhere, only the ticket
    assertThat(ids(engine.evaluate())).containsExactly("api-latency.burn-3d:FIRING");
    for (int minute = 0; minute < 20; minute++) {
      for (int i = 0; i < 10; i++) {
        f.monitor.record("http.latency", 800);
      }
      f.clock.advance(MINUTE);
    }
    assertThat(ids(engine.evaluate()))
        .containsExactly("api-latency.burn-1h:FIRING", "api-latency.burn-6h:FIRING");
  }

  @Test
  void invalidSlosAreRejectedWithEveryProblem() {
    assertThatThrownBy(() -> Slo.availability("bad id").objective(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid SLO 'bad id': id 'bad id' must be 1 to 120 letters, digits, '.', '_'"
            + " or '-'; objective must be above 0 and below 1 but was 1.0; no good or bad events"
            + " set (call good(name, tags...) or bad(name, tags...)); no total events set (call"
            + " total(name, tags...))");
    assertThatThrownBy(() -> Slo.availability("a").good("x").bad("y").total("x").objective(0)
        .compliancePeriod(Duration.ZERO).build())
        .hasMessageContaining("objective must be above 0 and below 1 but was 0.0")
        .hasMessageContaining("compliance period must be positive but was PT0S")
        .hasMessageContaining("both good (x) and bad (y) events set; choose one");
    assertThatThrownBy(() -> Slo.latency("l", "http.latency").build())
        .hasMessage("invalid SLO 'l': no objective set (call objective(x), such as 0.999);"
            + " no latency threshold set (call below(x))");
    assertThatThrownBy(() -> Slo.availability("a").good("x", "outcome"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tags must be key, value pairs but 1 strings were given");
  }

  @Test
  void invalidBurnRateConditionsFailTheRule() {
    assertThatThrownBy(() -> AlertRule.builder("too-long")
            .condition(Condition.burnRate(availability)
                .windows(Duration.ofDays(4), Duration.ofDays(4)).above(0))
            .build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("the short window PT96H must be shorter than the long window PT96H")
        .hasMessageContaining("the long window PT96H is longer than the series store keeps"
            + " (PT72H)")
        .hasMessageContaining("the factor must be positive and finite but was 0.0");
    assertThatThrownBy(() -> AlertRule.builder("empty")
            .condition(Condition.burnRate(availability)).build())
        .hasMessageContaining("no windows set (call windows(longWindow, shortWindow))")
        .hasMessageContaining("no factor set (call above(factor))");
  }
}
