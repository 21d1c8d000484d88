package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.IncidentFixtures.SCRIPT;
import static dev.vigil.notify.channel.IncidentFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import dev.vigil.notify.TestAlerts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpsgenieChannelTest {

  private static final String KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";
  private static final String ACCEPTED =
      "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a2-9c3b\"}";

  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private OpsgenieChannel channel() {
    server.otherwise(body -> new Answer(202, Map.of("Content-Type", "application/json"), ACCEPTED,
        Duration.ZERO));
    return OpsgenieChannel.builder().name("og").apiKey(KEY).baseUrl(server.uri("/"))
        .tag("checkout").build();
  }

  @Test
  void createsAnAlert() throws Exception {
    channel().send(TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("uploads", Severity.CRITICAL)));

    var r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/alerts");
    assertThat(r.headers()).containsEntry("authorization", "GenieKey " + KEY)
        .containsEntry("content-type", "application/json");
    JsonNode body = parse(r.body());
    String message = body.path("message").asString();
    assertThat(message).startsWith("[FIRING] uploads{platform=tiktok}: Upload error rate 30%");
    String description = body.path("description").asString();
    assertThat(description).startsWith("30 of 100 uploads failed");
    assertThat(body).isEqualTo(parse("""
        {"message": "MESSAGE",
         "alias": "vigil/uploads{platform=tiktok}",
         "description": "DESCRIPTION",
         "tags": ["checkout", "vigil", "uploads", "critical"],
         "details": {"value": "0.3", "state": "FIRING",
                     "runbook": "https://runbooks.example.com/uploads",
                     "severity": "CRITICAL", "team": "social", "platform": "tiktok",
                     "alertname": "uploads",
                     "summary": "Upload error rate 30% on tiktok",
                     "description": "30 of 100 uploads failed in 15 minutes"},
         "priority": "P1",
         "source": "Vigil"}
        """.replace("MESSAGE", message).replace("DESCRIPTION", description.replace("\n", "\\n"))));
  }

  @Test
  void mapsPriorities() throws Exception {
    OpsgenieChannel c = channel();
    for (Severity s : new Severity[] {Severity.CRITICAL, Severity.ERROR, Severity.WARN,
        Severity.INFO}) {
      c.send(TestAlerts.notification(Notification.Kind.FIRING, TestAlerts.firing("r", s)));
    }
    assertThat(server.requests()).extracting(r -> parse(r.body()).path("priority").asString())
        .containsExactly("P1", "P2", "P3", "P5");
  }

  @Test
  void acknowledgesAndClosesByEncodedAlias() throws Exception {
    OpsgenieChannel c = channel();
    Alert alert = TestAlerts.firing("uploads", Severity.CRITICAL).toBuilder()
        .group(Map.of("path", "/a b?c=d#e")).build();
    c.send(TestAlerts.notification(Notification.Kind.ACKNOWLEDGED,
        TestAlerts.acknowledged(alert, "alice")));
    c.send(TestAlerts.notification(Notification.Kind.RESOLVED, TestAlerts.resolved(alert, 5)));

    var ack = server.requests().get(0);
    assertThat(ack.method()).isEqualTo("POST");
    // the recorded path is decoded: the alias made the round trip intact
    assertThat(ack.path()).isEqualTo("/v2/alerts/vigil/uploads{path=/a b?c=d#e}/acknowledge");
    assertThat(ack.query()).isEqualTo("identifierType=alias");
    assertThat(ack.headers()).containsEntry("authorization", "GenieKey " + KEY);
    assertThat(parse(ack.body())).isEqualTo(parse(
        "{\"source\": \"Vigil\", \"user\": \"alice\", \"note\": \"on it\"}"));

    var close = server.requests().get(1);
    assertThat(close.path()).isEqualTo("/v2/alerts/vigil/uploads{path=/a b?c=d#e}/close");
    assertThat(close.query()).isEqualTo("identifierType=alias");
    JsonNode body = parse(close.body());
    assertThat(body.path("source").asString()).isEqualTo("Vigil");
    assertThat(body.path("note").asString()).startsWith("[RESOLVED] uploads{path=/a b?c=d#e}");
  }

  @Test
  void hostileContentIsValidJsonAndCutToTheLimits() throws Exception {
    Alert alert = IncidentFixtures.hostileAlert().toBuilder().ruleId("r".repeat(600)).build();
    OpsgenieChannel c = channel();
    c.send(IncidentFixtures.hostile(Notification.Kind.FIRING, alert));

    JsonNode body = parse(server.requests().get(0).body());
    assertThat(body.path("message").asString()).hasSize(OpsgenieChannel.MAX_MESSAGE)
        .startsWith(SCRIPT + " @channel @everyone <!here>").endsWith("…");
    assertThat(body.path("alias").asString()).hasSize(OpsgenieChannel.MAX_ALIAS)
        .isEqualTo(OpsgenieChannel.alias(alert));
    assertThat(body.path("description").asString()).hasSize(OpsgenieChannel.MAX_DESCRIPTION)
        .startsWith(IncidentFixtures.MARKDOWN);
    assertThat(body.path("tags")).hasSizeLessThanOrEqualTo(OpsgenieChannel.MAX_TAGS);
    body.path("tags").forEach(t -> assertThat(t.asString()).hasSizeLessThanOrEqualTo(50));
    int details = 0;
    for (var e : body.path("details").properties()) {
      details += e.getKey().length() + e.getValue().asString().length();
    }
    assertThat(details).isLessThanOrEqualTo(OpsgenieChannel.MAX_DETAILS);
    assertThat(body.path("details").path("platform").asString())
        .isEqualTo(SCRIPT + IncidentFixtures.QUOTES);

    c.send(IncidentFixtures.hostile(Notification.Kind.RESOLVED, alert));
    assertThat(parse(server.requests().get(1).body()).path("note").asString())
        .hasSizeLessThanOrEqualTo(OpsgenieChannel.MAX_NOTE);
  }

  @Test
  void mapsAnswersAndNeverLeaksTheKey() {
    OpsgenieChannel c = channel();
    server.answer(new Answer(422, Map.of(), "{\"message\":\"Key " + KEY + " invalid\"}",
        Duration.ZERO), Answer.status(429), Answer.status(401));
    Notification n = TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("uploads", Severity.ERROR));
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.getMessage()).contains("422").doesNotContain(KEY);
    });
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.isPermanent()).isFalse());
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.isPermanent()).isTrue());
  }

  @Test
  void builderNamesEveryProblemAndToStringHidesTheKey() {
    assertThatThrownBy(() -> OpsgenieChannel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name is required").hasMessageContaining("apiKey is required");
    assertThat(channel().toString()).contains("og", "127.0.0.1").doesNotContain(KEY);
    assertThat(OpsgenieChannel.builder().name("og").apiKey(KEY).baseUrl(OpsgenieChannel.EU)
        .build().toString()).contains("api.eu.opsgenie.com").doesNotContain(KEY);
  }
}
