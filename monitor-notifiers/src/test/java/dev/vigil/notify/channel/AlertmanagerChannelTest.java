package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.IncidentFixtures.SCRIPT;
import static dev.vigil.notify.channel.IncidentFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import dev.vigil.notify.RecordingServer.Request;
import dev.vigil.notify.TestAlerts;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AlertmanagerChannelTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:05:00Z");

  private final RecordingServer server = new RecordingServer();
  private AlertmanagerChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.close();
    }
    server.close();
  }

  private AlertmanagerChannel.Builder builder() {
    return AlertmanagerChannel.builder().name("am").baseUrl(server.uri("/am/"))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Notification firing(String rule) {
    return TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing(rule, Severity.CRITICAL));
  }

  @Test
  void postsPostableAlertsThatExpireAfterFourIntervals() throws Exception {
    channel = builder().generatorUrl("https://vigil.example.com/alerts").build();
    channel.send(firing("uploads"));

    Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/am/api/v2/alerts");
    assertThat(r.headers()).containsEntry("content-type", "application/json");
    assertThat(parse(r.body())).isEqualTo(parse("""
        [{"labels": {"alertname": "uploads", "platform": "tiktok", "severity": "CRITICAL",
                     "team": "social"},
          "annotations": {"summary": "Upload error rate 30% on tiktok",
                          "description": "30 of 100 uploads failed in 15 minutes",
                          "runbook_url": "https://runbooks.example.com/uploads"},
          "startsAt": "2026-03-02T10:00:00Z",
          "generatorURL": "https://vigil.example.com/alerts",
          "endsAt": "2026-03-02T10:09:00Z"}]
        """));
    assertThat(channel.firingCount()).isEqualTo(1);
  }

  @Test
  void resendsFiringAlertsUntilResolved() throws Exception {
    channel = builder().resendInterval(Duration.ofMillis(20)).build();
    channel.send(firing("uploads"));
    channel.send(firing("downloads"));

    // the daemon thread re-posts both, together
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 4);
    JsonNode resent = parse(server.requests().get(2).body());
    assertThat(resent).hasSize(2);
    assertThat(resent.path(0).path("labels").path("alertname").asString()).isEqualTo("uploads");
    assertThat(resent.path(1).path("labels").path("alertname").asString()).isEqualTo("downloads");
    assertThat(resent.path(0).path("endsAt").asString()).isEqualTo("2026-03-02T10:05:00.080Z");

    Alert resolved = TestAlerts.resolved(TestAlerts.firing("uploads", Severity.CRITICAL), 5);
    channel.send(TestAlerts.notification(Notification.Kind.RESOLVED, resolved));
    assertThat(channel.firingCount()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      var all = server.requests();
      // find the resolution, then a later re-send of the other alert only
      int at = -1;
      for (int i = 0; i < all.size(); i++) {
        JsonNode b = parse(all.get(i).body());
        if (at < 0 && b.path(0).path("endsAt").asString().equals("2026-03-02T10:05:00Z")) {
          assertThat(b).hasSize(1);
          assertThat(b.path(0).path("labels").path("alertname").asString()).isEqualTo("uploads");
          at = i;
        } else if (at >= 0) {
          assertThat(b).hasSize(1);
          assertThat(b.path(0).path("labels").path("alertname").asString())
              .isEqualTo("downloads");
          return true;
        }
      }
      return false;
    });
  }

  @Test
  void closeStopsTheResendThread() throws Exception {
    channel = builder().resendInterval(Duration.ofMillis(20)).build();
    channel.send(firing("uploads"));
    assertThat(threads()).isEqualTo(1);
    channel.close();
    channel.close(); // idempotent
    await().atMost(Duration.ofSeconds(10)).until(() -> threads() == 0);
    int before = server.requests().size();
    channel.resend();
    assertThat(server.requests()).hasSize(before);
  }

  private static long threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("vigil-alertmanager-am") && t.isAlive()).count();
  }

  @Test
  void noThreadUntilSomethingFires() throws Exception {
    channel = builder().build();
    channel.send(TestAlerts.notification(Notification.Kind.TEST,
        TestAlerts.firing("uploads", Severity.INFO)));
    assertThat(server.requests()).hasSize(1);
    assertThat(channel.firingCount()).isZero();
    assertThat(threads()).isZero();
  }

  @Test
  void resendFailuresAreCountedNotThrown() throws Exception {
    channel = builder().build(); // a minute: the test re-sends by hand
    channel.send(firing("uploads"));
    server.answer(Answer.status(500));
    channel.resend();
    assertThat(channel.resends()).isEqualTo(1);
    assertThat(channel.resendFailures()).isEqualTo(1);
    channel.resend();
    assertThat(channel.resendFailures()).isEqualTo(1);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void transitionsFailLoudly() {
    server.answer(Answer.status(400), Answer.status(503));
    channel = builder().build();
    assertThatThrownBy(() -> channel.send(firing("uploads")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue());
    assertThatThrownBy(() -> channel.send(firing("uploads")))
        .isInstanceOfSatisfying(DeliveryException.class,
            e -> assertThat(e.isPermanent()).isFalse());
    assertThat(channel.firingCount()).isZero(); // only what Alertmanager took is re-sent
  }

  @Test
  void hostileContentIsValidJsonWithPrometheusLabelNames() throws Exception {
    channel = builder().build();
    channel.send(IncidentFixtures.hostile(Notification.Kind.FIRING,
        IncidentFixtures.hostileAlert()));
    JsonNode a = parse(server.requests().get(0).body()).path(0);
    assertThat(a.path("labels").path("weird_name_x").asString()).isEqualTo("v");
    assertThat(a.path("labels").has("weird-name.x")).isFalse();
    assertThat(a.path("labels").path("platform").asString())
        .isEqualTo(SCRIPT + IncidentFixtures.QUOTES);
    assertThat(a.path("annotations").path("summary").asString()).contains("<!here>", "*bold*");
    assertThat(a.path("annotations").path("description").asString())
        .hasSize(Incidents.MAX_VALUE).endsWith("…");
  }

  @Test
  void builderNamesEveryProblem() {
    assertThatThrownBy(() -> AlertmanagerChannel.builder().resendInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name is required").hasMessageContaining("baseUrl is required")
        .hasMessageContaining("resendInterval must be at least 10ms but was PT0S");
    assertThatThrownBy(() -> AlertmanagerChannel.builder().name("a")
        .baseUrl(URI.create("/relative")).build()).hasMessageContaining("baseUrl must be");
  }

  @Test
  void toStringHidesHeaders() {
    channel = builder().header("Authorization", "Basic c2VjcmV0").build();
    assertThat(channel.toString()).contains("am", "127.0.0.1", "PT1M").doesNotContain("c2VjcmV0");
  }
}
