package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import dev.vigil.boot.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The endpoint, the stream, the exports and the ingest endpoint on a real port. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vigil.name=web-test",
        "management.endpoints.web.exposure.include=health,vigil",
        "vigil.web.ingest.enabled=true",
        "vigil.web.ingest.token=0123456789abcdef-secret",
        "vigil.web.ingest.max-body-size=64KB"})
class VigilWebTest {

  private static final Logger log = LoggerFactory.getLogger("com.acme.Checkout");

  @LocalServerPort
  int port;

  @Autowired
  AlertEngine engine;

  @Autowired
  Monitor monitor;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<InputStream> streams = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStreams() throws Exception {
    for (InputStream s : streams) {
      s.close();
    }
  }

  @Test
  void aLoggedErrorIsVisibleThroughTheEndpointAndTheStream() throws Exception {
    List<String> received = follow("/actuator/vigil/stream?severity=ERROR&text=Payment");

    log.error("Payment provider <b>timed out</b> after 1500 ms");

    await().atMost(Duration.ofSeconds(2)).until(() -> received.stream()
        .anyMatch(l -> l.startsWith("data: ") && l.contains("Payment provider")));
    assertThat(received).contains("event: event");
    assertThat(String.join("\n", received)).contains("\\u003cb\\u003etimed out");

    HttpResponse<String> events = get("/actuator/vigil/events?severity=ERROR&text=Payment%20provider");
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.body()).contains("Payment provider <b>timed out</b>").contains("\"source\":\"web-test\"");
  }

  @Test
  void alertsCanBeAcknowledgedAndTheirTransitionsAreStreamed() throws Exception {
    List<String> received = follow("/actuator/vigil/stream?events=false");
    log.error("FATAL: the database system is shutting down"); // CRITICAL by the default pack
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeAlerts().stream()
        .anyMatch(a -> a.ruleId().equals("critical-event") && a.state() == AlertState.FIRING));
    await().atMost(Duration.ofSeconds(2)).until(() -> received.contains("event: alert"));
    assertThat(received).doesNotContain("event: event");

    HttpResponse<String> ack = post("/actuator/vigil/alerts", """
        {"action": "acknowledge", "key": "critical-event", "comment": "looking", "by": "ana", "duration": "30m"}""");

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("\"state\":\"ACKNOWLEDGED\"").contains("\"by\":\"ana\"");
    await().atMost(Duration.ofSeconds(2)).until(() -> received.stream()
        .anyMatch(l -> l.contains("ACKNOWLEDGED")));

    HttpResponse<String> bad = post("/actuator/vigil/alerts", """
        {"action": "acknowledge", "key": "critical-event", "duration": "soon"}""");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("'duration' is not a duration");

    HttpResponse<String> resolve = post("/actuator/vigil/alerts", """
        {"action": "resolve", "key": "critical-event", "comment": "fixed"}""");
    assertThat(resolve.statusCode()).isEqualTo(200);
    assertThat(resolve.body()).contains("\"state\":\"RESOLVED\"");
  }

  @Test
  void silencesAreCreatedAndExpired() throws Exception {
    HttpResponse<String> created = post("/actuator/vigil/silences", """
        {"action": "create", "matchers": "alertname=db-down, team=~pay.*", "duration": "2h", "comment": "migration"}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.body()).contains("\"op\":\"=~\"").contains("\"value\":\"pay.*\"");
    String id = created.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
    assertThat(get("/actuator/vigil/silences").body()).contains(id);

    assertThat(post("/actuator/vigil/silences", "{\"action\": \"expire\", \"id\": \"" + id + "\"}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/actuator/vigil/silences", "{\"action\": \"create\"}").body())
        .contains("a silence needs 'matchers'");
  }

  @Test
  void badFiltersAreAnsweredWithTheReason() throws Exception {
    HttpResponse<String> r = get("/actuator/vigil/events?severity=LOUD");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("'severity' must be one of");
    assertThat(get("/actuator/vigil/nothing").body()).contains("no resource 'nothing'");
    follow("/actuator/vigil/stream?limit=x"); // 200: paging means nothing to a stream
    assertThat(get("/actuator/vigil/stream?window=x").statusCode()).isEqualTo(400);
  }

  @Test
  void eventsExportAsCsvSafeForSpreadsheets() throws Exception {
    log.error("=HYPERLINK(\"http://evil\",\"click\"), then \"quoted\"");
    await().atMost(Duration.ofSeconds(5)).until(() ->
        get("/actuator/vigil/events?text=HYPERLINK").body().contains("HYPERLINK"));

    HttpResponse<String> csv = get("/actuator/vigil/export/events.csv?text=HYPERLINK");

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"vigil-events.csv\"");
    assertThat(csv.body()).startsWith("id,timestamp,source,severity,");
    assertThat(csv.body()).contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\"), then \"\"quoted\"\"\",");

    HttpResponse<String> json = get("/actuator/vigil/export/events.json?text=HYPERLINK");
    assertThat(json.body()).startsWith("[").contains("\"message\":\"=HYPERLINK(");
    assertThat(get("/actuator/vigil/export/passwords.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void otherServicesIngestWithTheSharedToken() throws Exception {
    HttpResponse<String> noToken = ingest(null, "text/plain", "ERROR boom".getBytes(StandardCharsets.UTF_8));
    assertThat(noToken.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = ingest("0123456789abcdef-secreT", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(wrong.statusCode()).isEqualTo(401);

    HttpResponse<String> ok = ingest("0123456789abcdef-secret", "text/plain",
        "2026-11-21 10:00:01 ERROR connect ECONNREFUSED 10.0.0.7:5432\n\nWARN slow\n".getBytes(StandardCharsets.UTF_8));
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(ok.body()).isEqualTo("{\"accepted\":2,\"dropped\":0}");
    await().atMost(Duration.ofSeconds(5)).until(() ->
        get("/actuator/vigil/events?source=whatsapp-gateway&text=ECONNREFUSED").body().contains("10.0.0.7"));

    HttpResponse<String> json = ingest("0123456789abcdef-secret", "application/x-ndjson",
        "{\"level\":\"error\",\"msg\":\"upstream timed out\"}\nnot json\n".getBytes(StandardCharsets.UTF_8));
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("line 2 is not a JSON object");

    byte[] invalidUtf8 = {'E', 'R', 'R', (byte) 0xC3, (byte) 0x28};
    assertThat(ingest("0123456789abcdef-secret", "text/plain", invalidUtf8).body())
        .contains("not valid UTF-8");
    assertThat(ingest("0123456789abcdef-secret", "text/plain", new byte[70_000]).statusCode())
        .isEqualTo(413);
  }

  @Test
  void theReportIsViewable() throws Exception {
    HttpResponse<String> r = get("/actuator/vigil/report");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"checks\"").contains("\"incidents\"");
    assertThat(get("/actuator/vigil/report?from=yesterday").body()).contains("is not an ISO-8601 instant");
  }

  @Test
  void seriesFeedTheDashboardCharts() throws Exception {
    for (int i = 1; i <= 20; i++) {
      monitor.time("checkout.latency", Duration.ofMillis(10L * i), "region", "eu");
    }
    monitor.increment("orders.placed", 3, "platform", "web");
    log.error("Inventory sync failed for series chart");
    await().atMost(Duration.ofSeconds(5)).until(() ->
        get("/actuator/vigil/series?window=15m").body().contains("\"ERROR\":[") );

    HttpResponse<String> r = get("/actuator/vigil/series?window=15m&text=checkout");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"stepMs\":60000")
        .contains("\"key\":\"checkout.latency{region=eu}\"")
        .contains("\"kind\":\"timer\"").contains("\"unit\":\"ms\"")
        .contains("\"count\":20").contains("\"p95\":190.0").contains("\"mean\":105.0")
        .doesNotContain("orders.placed").doesNotContain("NaN");
    assertThat(r.body().replaceAll("(?s).*\"ERROR\":\\[([0-9,]*)].*", "$1").split(","))
        .anySatisfy(n -> assertThat(Long.parseLong(n)).isPositive());

    HttpResponse<String> counters = get("/actuator/vigil/series?window=6h&text=orders");
    assertThat(counters.body()).contains("\"stepMs\":300000")
        .contains("\"key\":\"orders.placed{platform=web}\"").contains("\"kind\":\"counter\"")
        .contains("\"sum\":3.0");
    assertThat(get("/actuator/vigil/series?window=7d").body()).contains("must be at most 3d");
    assertThat(get("/actuator/vigil/series?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void theDashboardPathRedirects() throws Exception {
    HttpResponse<String> r = get("/vigil");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/actuator/vigil/dashboard/");
  }

  private HttpResponse<String> ingest(String token, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/vigil/ingest"))
        .header("Content-Type", type).header("X-Vigil-Source", "whatsapp-gateway")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("X-Vigil-Token", token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> follow(String path) throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    streams.add(r.body());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (Exception closed) {
        // the test closed the stream
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
