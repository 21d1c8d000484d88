package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.IncidentFixtures.HUGE;
import static dev.vigil.notify.channel.IncidentFixtures.SCRIPT;
import static dev.vigil.notify.channel.IncidentFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.Template;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import dev.vigil.notify.RecordingServer.Request;
import dev.vigil.notify.TestAlerts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookChannelTest {

  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private WebhookChannel.Builder channel() {
    return WebhookChannel.builder().name("ops-hook").url(server.uri("/hooks/s3cr3t-path"));
  }

  @Test
  void postsAlertmanagerWebhookV4() throws Exception {
    Alert alert = TestAlerts.firing("uploads", Severity.CRITICAL);
    channel().externalUrl("https://vigil.example.com").build()
        .send(TestAlerts.notification(Notification.Kind.FIRING, alert));

    Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/s3cr3t-path");
    assertThat(r.headers()).containsEntry("content-type", "application/json")
        .containsEntry("idempotency-key", "uploads{platform=tiktok}/1")
        .doesNotContainKey("x-vigil-signature");
    JsonNode body = parse(r.body());
    String fingerprint = body.path("alerts").path(0).path("fingerprint").asString();
    assertThat(fingerprint).matches("[0-9a-f]{16}");
    assertThat(body).isEqualTo(parse("""
        {"version": "4",
         "groupKey": "{}:{alertname=\\"uploads\\", platform=\\"tiktok\\"}",
         "truncatedAlerts": 0,
         "status": "firing",
         "receiver": "ops-hook",
         "groupLabels": {"alertname": "uploads", "platform": "tiktok"},
         "commonLabels": {"alertname": "uploads", "platform": "tiktok", "severity": "CRITICAL",
                          "team": "social"},
         "commonAnnotations": {"summary": "Upload error rate 30% on tiktok",
                               "description": "30 of 100 uploads failed in 15 minutes",
                               "runbook_url": "https://runbooks.example.com/uploads"},
         "externalURL": "https://vigil.example.com",
         "alerts": [{
           "status": "firing",
           "labels": {"alertname": "uploads", "platform": "tiktok", "severity": "CRITICAL",
                      "team": "social"},
           "annotations": {"summary": "Upload error rate 30% on tiktok",
                           "description": "30 of 100 uploads failed in 15 minutes",
                           "runbook_url": "https://runbooks.example.com/uploads"},
           "startsAt": "2026-03-02T10:00:00Z",
           "endsAt": "0001-01-01T00:00:00Z",
           "generatorURL": "https://vigil.example.com",
           "fingerprint": "FP"}]}
        """.replace("FP", fingerprint)));
  }

  @Test
  void resolvedHasItsEnd() throws Exception {
    Alert alert = TestAlerts.resolved(TestAlerts.firing("uploads", Severity.WARN), 7);
    channel().build().send(TestAlerts.notification(Notification.Kind.RESOLVED, alert));

    JsonNode body = parse(server.requests().get(0).body());
    assertThat(body.path("status").asString()).isEqualTo("resolved");
    assertThat(body.path("alerts").path(0).path("status").asString()).isEqualTo("resolved");
    assertThat(body.path("alerts").path(0).path("endsAt").asString())
        .isEqualTo("2026-03-02T10:07:00Z");
    assertThat(body.path("externalURL").asString()).isEmpty();
  }

  @Test
  void fingerprintIsStableAndDependsOnLabels() {
    Alert a = TestAlerts.firing("uploads", Severity.WARN);
    String one = Incidents.fingerprint(Incidents.labels(a, false));
    assertThat(Incidents.fingerprint(Incidents.labels(TestAlerts.resolved(a, 3), false)))
        .isEqualTo(one);
    assertThat(Incidents.fingerprint(Incidents.labels(TestAlerts.firing("other", Severity.WARN),
        false))).isNotEqualTo(one);
    // Prometheus's FNV-1a of the empty label set is the FNV offset basis
    assertThat(Incidents.fingerprint(java.util.Map.of())).isEqualTo("cbf29ce484222325");
  }

  @Test
  void signsTheBodyWithHmacSha256() throws Exception {
    channel().secret("top-secret").header("X-Team", "ops").build()
        .send(TestAlerts.notification(Notification.Kind.FIRING,
            TestAlerts.firing("uploads", Severity.ERROR)));

    Request r = server.requests().get(0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("top-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256="
        + HexFormat.of().formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(r.headers()).containsEntry("x-vigil-signature", expected)
        .containsEntry("x-team", "ops");
  }

  @Test
  void signatureHeaderNameIsConfigurable() throws Exception {
    channel().secret("k").signatureHeader("X-Hub-Signature-256").build()
        .send(TestAlerts.notification(Notification.Kind.FIRING,
            TestAlerts.firing("uploads", Severity.ERROR)));
    assertThat(server.requests().get(0).headers().get("x-hub-signature-256"))
        .startsWith("sha256=").hasSize(7 + 64);
  }

  @Test
  void customBodyEscapesVariablesForJson() throws Exception {
    Template body = Template.parse("{\"text\": \"{{ title }}\", \"severity\": \"{{ severity }}\","
        + " \"platform\": \"{{ labels.platform }}\", \"id\": \"{{ id }}\", \"value\": {{ value }}}");
    Alert alert = IncidentFixtures.hostileAlert();
    channel().body(body, "application/json").build()
        .send(IncidentFixtures.hostile(Notification.Kind.FIRING, alert));

    JsonNode json = parse(server.requests().get(0).body());
    assertThat(json.path("text").asString()).startsWith(SCRIPT + " @channel")
        .contains(IncidentFixtures.QUOTES).hasSize(WebhookChannel.MAX_VARIABLE).endsWith("…");
    assertThat(json.path("platform").asString()).isEqualTo(SCRIPT + IncidentFixtures.QUOTES);
    assertThat(json.path("severity").asString()).isEqualTo("CRITICAL");
    assertThat(json.path("id").asString()).isEqualTo("n-1");
    assertThat(json.path("value").asDouble()).isEqualTo(0.3);
  }

  @Test
  void customPlainBodyIsNotEscaped() throws Exception {
    channel().body(Template.parse("{{ kind }}: {{ title }}"), "text/plain; charset=utf-8").build()
        .send(new Notification("n", Notification.Kind.RESOLVED,
            TestAlerts.firing("uploads", Severity.INFO), "a \"b\"", "", null, TestAlerts.AT));
    Request r = server.requests().get(0);
    assertThat(r.body()).isEqualTo("RESOLVED: a \"b\"");
    assertThat(r.headers()).containsEntry("content-type", "text/plain; charset=utf-8");
  }

  @Test
  void hostileContentStaysValidJsonAndIsCut() throws Exception {
    Alert alert = IncidentFixtures.hostileAlert();
    channel().build().send(IncidentFixtures.hostile(Notification.Kind.FIRING, alert));

    String raw = server.requests().get(0).body();
    assertThat(raw).doesNotContain("\u2028");
    JsonNode a = parse(raw).path("alerts").path(0);
    assertThat(a.path("annotations").path("summary").asString()).startsWith(SCRIPT)
        .contains("<!here>", "[link](http://evil)", IncidentFixtures.QUOTES);
    assertThat(a.path("annotations").path("description").asString())
        .hasSize(Incidents.MAX_VALUE).endsWith("…");
    assertThat(a.path("labels").path("platform").asString())
        .isEqualTo(SCRIPT + IncidentFixtures.QUOTES);
    assertThat(a.path("labels").path("weird-name.x").asString()).isEqualTo("v");
    assertThat(raw.length()).isLessThan(HUGE.length() / 2);
  }

  @Test
  void mapsErrorsWithoutLeakingTheUrlOrSecret() {
    server.answer(Answer.status(503).withHeader("Retry-After", "7"),
        new Answer(400, java.util.Map.of(), "bad secret top-secret", java.time.Duration.ZERO));
    WebhookChannel c = channel().secret("top-secret").build();
    Notification n = TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("uploads", Severity.ERROR));

    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.isPermanent()).isFalse();
      assertThat(e.retryAfter()).hasSeconds(7);
      assertThat(e.getMessage()).contains("503", "127.0.0.1").doesNotContain("s3cr3t");
    });
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.getMessage()).contains("400").doesNotContain("top-secret", "s3cr3t");
    });
    // the retry carries the same idempotency key
    assertThat(server.requests()).extracting(r -> r.headers().get("idempotency-key"))
        .containsOnly(n.id());
  }

  @Test
  void builderNamesEveryProblem() {
    assertThatThrownBy(() -> WebhookChannel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name is required").hasMessageContaining("url is required");
    assertThatThrownBy(() -> WebhookChannel.builder().name("x").url(URI.create("ftp://h/x"))
        .secret("").header("Host", "evil").build())
        .hasMessageContaining("url must be an absolute http or https URL")
        .hasMessageContaining("secret must not be empty")
        .hasMessageContaining("header Host");
  }

  @Test
  void toStringHidesSecrets() {
    String s = channel().secret("top-secret").header("Authorization", "Bearer tok").build()
        .toString();
    assertThat(s).contains("ops-hook", "127.0.0.1")
        .doesNotContain("top-secret", "s3cr3t", "Bearer", "tok");
  }
}
