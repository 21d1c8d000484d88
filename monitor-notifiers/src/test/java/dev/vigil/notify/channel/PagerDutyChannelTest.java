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

class PagerDutyChannelTest {

  private static final String KEY = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12";
  private static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\","
      + "\"dedup_key\":\"vigil/uploads{platform=tiktok}\"}";

  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private PagerDutyChannel channel() {
    server.otherwise(body -> new Answer(202, Map.of("Content-Type", "application/json"), ACCEPTED,
        Duration.ZERO));
    return PagerDutyChannel.builder().name("pd").routingKey(KEY)
        .url(server.uri("/v2/enqueue")).source("checkout").build();
  }

  @Test
  void triggersWithTheDocumentedPayload() throws Exception {
    channel().send(TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("uploads", Severity.ERROR)));

    var r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.headers()).containsEntry("content-type", "application/json");
    JsonNode body = parse(r.body());
    String text = body.path("payload").path("custom_details").path("text").asString();
    String summary = body.path("payload").path("summary").asString();
    assertThat(summary).isEqualTo("[FIRING] uploads{platform=tiktok}: Upload error rate 30% on tiktok");
    assertThat(body).isEqualTo(parse("""
        {"routing_key": "KEY",
         "dedup_key": "vigil/uploads{platform=tiktok}",
         "event_action": "trigger",
         "payload": {
           "summary": "SUMMARY",
           "source": "checkout",
           "severity": "error",
           "timestamp": "2026-03-02T10:00:00Z",
           "group": "platform=tiktok",
           "class": "uploads",
           "custom_details": {
             "text": "TEXT",
             "labels": {"alertname": "uploads", "platform": "tiktok", "severity": "ERROR",
                        "team": "social"},
             "annotations": {"summary": "Upload error rate 30% on tiktok",
                             "description": "30 of 100 uploads failed in 15 minutes"},
             "value": 0.3,
             "state": "FIRING"}},
         "client": "Vigil",
         "links": [{"href": "https://runbooks.example.com/uploads", "text": "Runbook"}]}
        """.replace("KEY", KEY).replace("SUMMARY", summary)
        .replace("TEXT", text.replace("\n", "\\n"))));
    assertThat(text).startsWith("30 of 100 uploads failed");
  }

  @Test
  void mapsSeveritiesAndInstance() throws Exception {
    PagerDutyChannel c = channel();
    Severity[] all = {Severity.CRITICAL, Severity.ERROR, Severity.WARN, Severity.INFO};
    for (Severity s : all) {
      c.send(TestAlerts.notification(Notification.Kind.FIRING, TestAlerts.firing("r", s)
          .toBuilder().labels(Map.of("instance", "web-1", "component", "db")).build()));
    }
    assertThat(server.requests()).extracting(r -> parse(r.body()).path("payload"))
        .extracting(p -> p.path("severity").asString() + " " + p.path("source").asString()
            + " " + p.path("component").asString())
        .containsExactly("critical web-1 db", "error web-1 db", "warning web-1 db",
            "info web-1 db");
  }

  @Test
  void acknowledgeResolveAndRepeatsShareTheDedupKey() throws Exception {
    PagerDutyChannel c = channel();
    Alert alert = TestAlerts.firing("uploads", Severity.CRITICAL);
    c.send(TestAlerts.notification(Notification.Kind.FIRING, alert));
    c.send(TestAlerts.notification(Notification.Kind.REMINDER, alert));
    c.send(TestAlerts.notification(Notification.Kind.FLAPPING, alert));
    c.send(TestAlerts.notification(Notification.Kind.ACKNOWLEDGED,
        TestAlerts.acknowledged(alert, "alice")));
    c.send(TestAlerts.notification(Notification.Kind.RESOLVED, TestAlerts.resolved(alert, 9)));

    var bodies = server.requests().stream().map(r -> parse(r.body())).toList();
    assertThat(bodies).extracting(b -> b.path("event_action").asString())
        .containsExactly("trigger", "trigger", "trigger", "acknowledge", "resolve");
    assertThat(bodies).extracting(b -> b.path("dedup_key").asString())
        .containsOnly("vigil/uploads{platform=tiktok}");
    assertThat(bodies.get(3)).isEqualTo(parse("{\"routing_key\": \"" + KEY + "\","
        + " \"dedup_key\": \"vigil/uploads{platform=tiktok}\", \"event_action\": \"acknowledge\"}"));
    assertThat(bodies.get(4)).isEqualTo(parse("{\"routing_key\": \"" + KEY + "\","
        + " \"dedup_key\": \"vigil/uploads{platform=tiktok}\", \"event_action\": \"resolve\"}"));
  }

  @Test
  void hostileContentIsValidJsonAndCutToTheLimits() throws Exception {
    Alert alert = IncidentFixtures.hostileAlert().toBuilder().ruleId("r".repeat(400)).build();
    channel().send(IncidentFixtures.hostile(Notification.Kind.FIRING, alert));

    JsonNode body = parse(server.requests().get(0).body());
    String summary = body.path("payload").path("summary").asString();
    assertThat(summary).hasSize(PagerDutyChannel.MAX_SUMMARY).endsWith("…")
        .startsWith(SCRIPT + " @channel @everyone <!here> *bold*")
        .contains(IncidentFixtures.QUOTES);
    String dedup = body.path("dedup_key").asString();
    assertThat(dedup).hasSize(PagerDutyChannel.MAX_DEDUP_KEY).startsWith("vigil/rrr")
        .isEqualTo(PagerDutyChannel.dedupKey(alert));
    JsonNode details = body.path("payload").path("custom_details");
    assertThat(details.path("text").asString()).hasSize(PagerDutyChannel.MAX_DETAIL);
    assertThat(details.path("annotations").path("description").asString())
        .hasSize(PagerDutyChannel.MAX_DETAIL);
    assertThat(server.requests().get(0).body().length()).isLessThan(40_000);
  }

  @Test
  void mapsAnswersAndNeverLeaksTheRoutingKey() {
    PagerDutyChannel c = channel();
    server.answer(new Answer(400, Map.of(), "{\"status\":\"invalid event\",\"message\":"
            + "\"Event object is invalid\",\"errors\":[\"bad key " + KEY + "\"]}", Duration.ZERO),
        Answer.status(429).withHeader("Retry-After", "30"), Answer.status(500));
    Notification n = TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("uploads", Severity.ERROR));
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.getMessage()).contains("400", "invalid event").doesNotContain(KEY);
    });
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.isPermanent()).isFalse();
      assertThat(e.retryAfter()).hasSeconds(30);
    });
    assertThatThrownBy(() -> c.send(n)).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.isPermanent()).isFalse());
  }

  @Test
  void builderNamesEveryProblemAndToStringHidesTheKey() {
    assertThatThrownBy(() -> PagerDutyChannel.builder().source(" ").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name is required").hasMessageContaining("routingKey is required")
        .hasMessageContaining("source is required");
    assertThat(channel().toString()).contains("pd").doesNotContain(KEY);
    assertThat(PagerDutyChannel.builder().name("pd").routingKey(KEY).build().toString())
        .contains("events.pagerduty.com").doesNotContain(KEY);
  }
}
