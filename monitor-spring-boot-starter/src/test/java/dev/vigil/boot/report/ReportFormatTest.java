package dev.vigil.boot.report;

import static dev.vigil.boot.report.ReportFixtures.FROM;
import static dev.vigil.boot.report.ReportFixtures.TO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportFormatTest {

  private static ReportFixtures data;
  private static Report report;

  @BeforeAll
  static void generate() {
    data = new ReportFixtures();
    report = data.generator().build().generate(FROM, TO);
  }

  @AfterAll
  static void close() {
    data.close();
  }

  /** A report whose every string is hostile. */
  private static Report hostile() {
    String evil = "<script>alert('x')</script>\"onmouseover=\"alert(1)\" & <img src=x onerror=alert(2)>";
    return new Report("id", evil, evil, FROM, TO, ZoneId.of("UTC"), TO,
        new Report.Objectives(0.999, Duration.ofMillis(500)),
        List.of(new Report.Check(evil, "DOWN", 3, 0.5, Duration.ofMillis(3), Duration.ofMillis(9), 1)),
        0.5, 4, Map.of(Severity.ERROR, 4L), Map.of(evil, 4L),
        Map.of(Severity.ERROR, new Report.IncidentCount(Severity.ERROR, 1, Duration.ofMinutes(5),
            Duration.ofMinutes(5))),
        List.of(new Report.Incident(evil, evil, Severity.ERROR, evil, FROM, null,
            Duration.ofMinutes(5))),
        List.of(new Report.ErrorGroup(evil, Severity.ERROR, evil, evil, evil + "\nsecond line", 4,
            FROM, TO)),
        List.of(evil));
  }

  @Test
  void htmlEscapesEveryStringFromALog() {
    String html = ReportFormat.html(hostile());
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
        .doesNotContain("\"onmouseover");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;onmouseover="
        + "&quot;alert(1)&quot; &amp; &lt;img src=x onerror=alert(2)&gt;");
    // nothing but the markup the renderer writes: no links, scripts, styles sheets or images
    assertThat(html).doesNotContain("<a ", "<link", "<style", "<iframe", "javascript:");
  }

  @Test
  void htmlShowsEverySectionWithInlineStyles() throws Exception {
    String html = ReportFormat.html(report);
    // kept for a look in a browser or mail client
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "report-sample.html"), html);
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>");
    assertThat(html).contains(
        "Vigil report for shop: 2026-11-16 09:00 – 2026-11-23 09:00</h1>",
        ">Health checks<", ">api<", ">95.00%<", ">105 ms<", ">190 ms<", ">20<",
        ">Events<", ">CRITICAL<", ">database<",
        ">Incidents<", "Database down", ">2 h<", "still firing", ">1 h 30 min<",
        ">Top errors<", "×5", "HTTP 502 from upstream &lt;script&gt;alert(1)&lt;/script&gt;"
            + " &lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).contains(">96.67%<"); // the uptime card: 29 of 30 runs
    assertThat(html).doesNotContain("Partial data");
  }

  @Test
  void textIsOneLinePerItemWithoutMarkup() {
    String text = ReportFormat.text(report);
    assertThat(text).startsWith("2026-11-16 09:00 – 2026-11-23 09:00 (Europe/Paris)\n");
    assertThat(text).contains(
        "Uptime: 96.67% over 2 checks (objective 99.90%, p95 ≤ 500 ms)\n",
        "  ✗ api: 95.00%, avg 105 ms, p95 190 ms, 20 runs (now UNKNOWN)\n",
        "  ✓ db: 100.00%, avg 5 ms, p95 5 ms, 10 runs (now UNKNOWN)\n",
        "Events: 10 (CRITICAL 3, ERROR 5, WARN 2)\n",
        "Incidents: 3: CRITICAL 1 (2 h, longest 2 h), ERROR 2 (1 h 30 min, longest 1 h)\n",
        "  CRITICAL Database down · 2026-11-16 10:00 · 2 h\n",
        "  ERROR latency · 2026-11-23 08:00 · still firing\n",
        "  ×5 ERROR api: HTTP 502 from upstream <script>alert(1)</script> <img src=x"
            + " onerror=alert(2)>\n",
        "  ×3 CRITICAL database: Connection refused to db:5432\n");
    assertThat(ReportFormat.text(hostile())).contains("⚠ <script>")
        .contains("<img src=x onerror=alert(2)> second line");
  }

  @Test
  void mapHoldsSimpleTypesAndIsoInstants() {
    Map<String, Object> map = ReportFormat.toMap(report);
    assertSimple(map);
    assertThat(map).containsEntry("from", "2026-11-16T08:00:00Z")
        .containsEntry("to", "2026-11-23T08:00:00Z").containsEntry("zone", "Europe/Paris")
        .containsEntry("complete", true).containsEntry("application", "shop");
    JsonNode json = JsonMapper.builder().build().readTree(
        JsonMapper.builder().build().writeValueAsString(map));
    assertThat(json.get("uptime").asDouble()).isCloseTo(29.0 / 30, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(json.get("checks").get(0).get("p95LatencyMs").asDouble()).isEqualTo(190.0);
    assertThat(json.get("checks").get(0).get("meetsObjectives").asBoolean()).isFalse();
    assertThat(json.get("events").get("bySeverity").get("CRITICAL").asLong()).isEqualTo(3);
    assertThat(json.get("incidents").get("bySeverity").get("ERROR").get("totalMs").asLong())
        .isEqualTo(Duration.ofMinutes(90).toMillis());
    assertThat(json.get("incidents").get("list").get(1).get("resolvedAt").isNull()).isTrue();
    assertThat(json.get("topErrors").get(0).get("message").asString())
        .isEqualTo(ReportFixtures.HOSTILE);
    assertThat(json.get("topErrors").get(0).get("lastSeen").asString())
        .isEqualTo(FROM.plus(Duration.ofDays(5)).toString());
    Map<String, Object> empty = ReportFormat.toMap(data.generator().build()
        .generate(Instant.EPOCH, Instant.EPOCH));
    assertSimple(empty);
    assertThat(empty.get("uptime")).isNull();
  }

  private static void assertSimple(Object value) {
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        assertThat(k).isInstanceOf(String.class);
        assertSimple(v);
      });
    } else if (value instanceof List<?> l) {
      l.forEach(ReportFormatTest::assertSimple);
    } else if (value != null) {
      assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class);
      if (value instanceof Double d) {
        assertThat(d).isFinite();
      }
    }
  }
}
