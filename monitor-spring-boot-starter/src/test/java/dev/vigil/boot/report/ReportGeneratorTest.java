package dev.vigil.boot.report;

import static dev.vigil.boot.report.ReportFixtures.FROM;
import static dev.vigil.boot.report.ReportFixtures.HOSTILE;
import static dev.vigil.boot.report.ReportFixtures.TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportGeneratorTest {

  private final ReportFixtures data = new ReportFixtures();

  @AfterEach
  void close() {
    data.close();
  }

  @Test
  void countsTheEventsOfThePeriodBySeverityAndCategory() {
    Report r = data.generator().build().generate(FROM, TO);
    assertThat(r.events()).isEqualTo(10);
    assertThat(r.eventsBySeverity()).containsExactly(
        entry(Severity.CRITICAL, 3L), entry(Severity.ERROR, 5L), entry(Severity.WARN, 2L),
        entry(Severity.INFO, 0L));
    assertThat(r.eventsByCategory()).containsOnly(entry("api", 5L), entry("database", 5L));
    assertThat(r.eventsAtLeast(Severity.ERROR)).isEqualTo(8);
  }

  @Test
  void listsTheLargestErrorGroupsOnly() {
    Report r = data.generator().build().generate(FROM, TO);
    assertThat(r.topErrors()).extracting(Report.ErrorGroup::fingerprint)
        .containsExactly("fp-502", "fp-db"); // fp-slow is a WARN, fp-old and fp-end are outside
    Report.ErrorGroup top = r.topErrors().get(0);
    assertThat(top.count()).isEqualTo(5);
    assertThat(top.message()).isEqualTo(HOSTILE);
    assertThat(top.severity()).isEqualTo(Severity.ERROR);
    assertThat(top.category()).isEqualTo("api");
    assertThat(top.firstSeen()).isEqualTo(FROM.plus(Duration.ofDays(1)));
    assertThat(top.lastSeen()).isEqualTo(FROM.plus(Duration.ofDays(5)));
    assertThat(data.generator().topErrors(1).build().generate(FROM, TO).topErrors()).hasSize(1);
  }

  @Test
  void measuresUptimeAndLatencyPerCheck() {
    Report r = data.generator().build().generate(FROM, TO);
    assertThat(r.checks()).extracting(Report.Check::name).containsExactly("api", "db");
    Report.Check api = r.checks().get(0);
    assertThat(api.runs()).isEqualTo(20);
    assertThat(api.uptime()).isEqualTo(0.95);
    assertThat(api.averageLatency()).isEqualTo(Duration.ofMillis(105)); // (10 + 200) / 2
    assertThat(api.p95Latency()).isEqualTo(Duration.ofMillis(190)); // nearest rank: the 19th
    assertThat(api.status()).isEqualTo("UNKNOWN"); // never run by the monitor itself
    Report.Check db = r.checks().get(1);
    assertThat(db.runs()).isEqualTo(10);
    assertThat(db.uptime()).isEqualTo(1.0);
    assertThat(db.p95Latency()).isEqualTo(Duration.ofMillis(5));
    assertThat(r.uptime()).isCloseTo(29.0 / 30, within(1e-12));
    assertThat(api.meets(r.objectives())).isFalse();
    assertThat(db.meets(r.objectives())).isTrue();
  }

  @Test
  void countsIncidentsThatFiredDuringThePeriodWithTheirTimeInsideIt() {
    Report r = data.generator().build().generate(FROM, TO);
    assertThat(r.incidents()).extracting(Report.Incident::ruleId)
        .containsExactly("db-down", "latency", "errors");
    assertThat(r.incidents()).extracting(Report.Incident::duration).containsExactly(
        Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(30));
    assertThat(r.incidents().get(1).resolvedAt()).isNull();
    assertThat(r.incidents().get(1).summary()).isEqualTo("latency"); // no summary: its key
    assertThat(r.incidents().get(2).firingSince()).isEqualTo(FROM.minus(Duration.ofHours(2)));
    assertThat(r.incidentsBySeverity().get(Severity.CRITICAL))
        .isEqualTo(new Report.IncidentCount(Severity.CRITICAL, 1, Duration.ofHours(2),
            Duration.ofHours(2)));
    assertThat(r.incidentsBySeverity().get(Severity.ERROR))
        .isEqualTo(new Report.IncidentCount(Severity.ERROR, 2, Duration.ofMinutes(90),
            Duration.ofHours(1)));
    assertThat(r.incidentsBySeverity().get(Severity.WARN).count()).isZero();
    assertThat(r.incidentCount()).isEqualTo(3);
  }

  @Test
  void namesThePeriodInTheZoneAndIsCompleteWhenTheStoresCoverIt() {
    Report r = data.generator().build().generate(FROM, TO);
    assertThat(r.title()).isEqualTo("Vigil report for shop: 2026-11-16 09:00 – 2026-11-23 09:00");
    assertThat(r.id()).isEqualTo("shop-2026-11-23T08:00:00Z");
    assertThat(r.generatedAt()).isEqualTo(TO);
    assertThat(r.notes()).isEmpty();
    assertThat(r.isComplete()).isTrue();
    assertThat(data.generator().title("{name} weekly ({zone}) to {to}").build()
        .generate(FROM, TO).title()).isEqualTo("shop weekly (Europe/Paris) to 2026-11-23 09:00");
  }

  @Test
  void saysWhenThePeriodIsOlderThanTheStoresKeep() {
    Report r = data.generator().eventStore(Duration.ofDays(7), 1_000)
        .healthRetention(Duration.ofDays(10)).build()
        .generate(TO.minus(Duration.ofDays(14)), TO);
    assertThat(r.notes()).containsExactly(
        "Events are kept for 7 days: the event counts cover 2026-11-16 09:00 onwards only.",
        "Health check results are kept for 10 days: uptime and latency cover 2026-11-13 09:00"
            + " onwards only.");
    assertThat(r.isComplete()).isFalse();
  }

  @Test
  void saysWhenTheEventStoreIsFullAndWhatIsMissing() {
    Report r = ReportGenerator.builder(data.monitor).eventStore(Duration.ofDays(7), 10)
        .zone(ReportFixtures.PARIS).build().generate(FROM, TO);
    assertThat(r.notes()).containsExactly(
        "The event store is full (12 events): older events were evicted, so the event counts"
            + " may be low.",
        "No health monitor: uptime and latency are not measured.",
        "No alert engine: incidents are not counted.");
    assertThat(r.checks()).isEmpty();
    assertThat(r.uptime()).isNaN();
    assertThat(r.incidentCount()).isZero();
  }

  @Test
  void saysWhenResolvedAlertsMayHaveBeenDropped() {
    Report r = data.generator().alertHistory(3).build().generate(FROM, TO);
    // the store keeps 4 resolved alerts here, the oldest resolved 4 h before the period: complete
    assertThat(r.notes()).isEmpty();
    Report late = data.generator().alertHistory(3).build()
        .generate(FROM.minus(Duration.ofDays(1)), TO);
    assertThat(late.notes()).hasSize(2).contains("The alert store keeps the 3 most recently"
        + " resolved alerts: incidents resolved before 2026-11-16 05:00 are missing.");
  }

  @Test
  void checksItsArguments() {
    ReportGenerator generator = data.generator().build();
    assertThatThrownBy(() -> generator.generate(TO, FROM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is before");
    assertThatThrownBy(() -> data.generator().topErrors(101))
        .hasMessage("topErrors must be from 0 to 100 but was 101");
    assertThatThrownBy(() -> data.generator().eventStore(Duration.ZERO, 1))
        .hasMessage("retention must be positive but was PT0S");
    assertThatThrownBy(() -> new Report.Objectives(1.5, Duration.ZERO))
        .hasMessage("uptime must be from 0 to 1 but was 1.5");
    Report empty = generator.generate(Instant.parse("2020-01-01T00:00:00Z"),
        Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(empty.events()).isZero();
    assertThat(empty.checks()).allSatisfy(c -> assertThat(c.uptime()).isNaN());
  }

  private static <K, V> java.util.Map.Entry<K, V> entry(K k, V v) {
    return java.util.Map.entry(k, v);
  }
}
