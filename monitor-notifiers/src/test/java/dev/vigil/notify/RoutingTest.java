package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.notify.RecordingServer.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Which notifications routes send where, and how they word them. */
class RoutingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RecordingServer server = new RecordingServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock(TestAlerts.AT);  // a Monday, 10:00 UTC
  private Notifier notifier;

  @AfterEach
  void close() {
    if (notifier != null) {
      notifier.close();
    }
    server.close();
  }

  private Notifier start(Route... routes) {
    Notifier.Builder b = Notifier.builder().clock(clock).meterRegistry(registry)
        .channel(HttpTestChannel.to("slack", server))
        .channel(HttpTestChannel.to("email", server))
        .channel(HttpTestChannel.to("sms", server).minSeverity(Severity.CRITICAL));
    for (Route r : routes) {
      b.route(r);
    }
    notifier = b.build().start();
    return notifier;
  }

  /** Sends the alerts, then a marker that every route takes, and returns what arrived before it. */
  private List<String> sent(Alert... alerts) {
    for (Alert a : alerts) {
      notifier.onTransition(a);
    }
    return arrived(alerts.length);
  }

  private List<String> arrived(int atLeastNothing) {
    // everything goes through the same pool: settle by waiting for the queues to drain
    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.channels().stream()
        .allMatch(c -> registry.get("vigil.notifications.queue").tag("channel", c).gauge()
            .value() == 0));
    return server.delivered().stream().map(RoutingTest::describe).toList();
  }

  private static String describe(Request r) {
    JsonNode body = JSON.readTree(r.body());
    return r.path().substring(1) + " " + body.get("key").asString() + " "
        + body.get("kind").asString();
  }

  @Test
  void theFirstMatchingRouteDecidesUnlessItContinues() {
    start(Route.builder().minSeverity(Severity.CRITICAL).channels("sms", "slack")
            .continueMatching().build(),
        Route.builder().rules("upload-errors").channels("slack", "email").build(),
        Route.builder().channels("email").build());

    List<String> sent = sent(TestAlerts.firing("upload-errors", Severity.CRITICAL),
        TestAlerts.firing("token-refresh", Severity.WARN));

    assertThat(sent).containsExactlyInAnyOrder(
        "sms upload-errors{platform=tiktok} FIRING",
        "slack upload-errors{platform=tiktok} FIRING",       // once, though two routes name it
        "email upload-errors{platform=tiktok} FIRING",
        "email token-refresh{platform=tiktok} FIRING");
  }

  @Test
  void labelsAndSeverityMatch() {
    start(Route.builder().matching("team", "social").notMatching("platform", "youtube")
        .matchingRegex("alertname", "upload-.*").minSeverity(Severity.ERROR).channels("slack")
        .build());

    assertThat(sent(TestAlerts.firing("upload-errors", Severity.ERROR),
        TestAlerts.firing("upload-errors", Severity.WARN),
        TestAlerts.firing("token-refresh", Severity.ERROR)))
        .containsExactly("slack upload-errors{platform=tiktok} FIRING");
    assertThat(registry.get("vigil.notifications").tag("outcome", "unrouted").counter().count())
        .isEqualTo(2);
  }

  @Test
  void onlyTransitionsWorthTellingAreSent() {
    start(Route.builder().channels("slack").build());
    Alert firing = TestAlerts.firing("r", Severity.ERROR);
    Alert pending = firing.toBuilder().state(AlertState.PENDING).firingSince(null).build();
    Alert neverFired = TestAlerts.resolved(pending, 1);
    Alert silenced = firing.toBuilder().state(AlertState.SILENCED).build();

    assertThat(sent(pending, neverFired, silenced)).isEmpty();
    Alert acked = TestAlerts.acknowledged(firing, "alice");
    assertThat(sent(firing, acked, TestAlerts.resolved(acked, 9))).containsExactly(
        "slack r{platform=tiktok} FIRING", "slack r{platform=tiktok} ACKNOWLEDGED",
        "slack r{platform=tiktok} RESOLVED");
  }

  @Test
  void aRouteSendsTheKindsItWants() {
    start(Route.builder().channels("slack").notify(Notification.Kind.FIRING).build());
    Alert firing = TestAlerts.firing("r", Severity.ERROR);

    assertThat(sent(firing, TestAlerts.resolved(firing, 5)))
        .containsExactly("slack r{platform=tiktok} FIRING");
  }

  @Test
  void aChannelGetsNothingBelowItsMinimumSeverity() {
    start(Route.builder().channels("sms", "slack").build());

    assertThat(sent(TestAlerts.firing("warn", Severity.ERROR),
        TestAlerts.firing("crit", Severity.CRITICAL))).containsExactlyInAnyOrder(
        "slack warn{platform=tiktok} FIRING", "slack crit{platform=tiktok} FIRING",
        "sms crit{platform=tiktok} FIRING");
  }

  @Test
  void timeWindowsMuteARoute() {
    TimeWindow officeHours = TimeWindow.of(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
        LocalTime.of(9, 0), LocalTime.of(18, 0), ZoneOffset.UTC);
    start(Route.builder().channels("email").activeDuring(officeHours).continueMatching().build(),
        Route.builder().channels("slack").mutedDuring(officeHours).build());

    assertThat(sent(TestAlerts.firing("r", Severity.ERROR)))
        .containsExactly("email r{platform=tiktok} FIRING");
    assertThat(registry.get("vigil.notifications").tag("channel", "slack")
        .tag("outcome", "muted").counter().count()).isEqualTo(1);
  }

  @Test
  void aTemplateWordsEachKind() throws Exception {
    MessageTemplate template = MessageTemplate.builder()
        .title("🚨 {{ labels.platform | upper }}: {{ annotations.summary }}")
        .text("{{ description }}")
        .title(Notification.Kind.RESOLVED, "✅ {{ labels.platform }} is back ({{ rule }})")
        .build();
    start(Route.builder().channels("slack").template(template).build());
    Alert firing = TestAlerts.firing("upload-errors", Severity.ERROR);

    sent(firing, TestAlerts.resolved(firing, 3));

    assertThat(server.delivered()).extracting(r -> JSON.readTree(r.body()).get("title")
        .asString()).containsExactly("🚨 TIKTOK: Upload error rate 30% on tiktok",
        "✅ tiktok is back (upload-errors)");
  }

  @Test
  void invalidConfigurationNamesEveryProblem() {
    assertThatThrownBy(() -> Notifier.builder()
        .channel(HttpTestChannel.to("slack", server), ChannelOptions.defaults().fallback("email"))
        .channel(HttpTestChannel.to("email", server), ChannelOptions.defaults().fallback("slack"))
        .route(Route.builder().channels("pagerduty").build())
        .route(Route.builder().name("people").escalation(Escalation.builder()
            .contacts(Contact.of("Alice", "sms", "+33600000001")).channels("slack").build())
            .build())
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route 'route' names channel 'pagerduty', which is not added")
        .hasMessageContaining("route 'people' escalates through channel 'slack', which reaches "
            + "a team, not people")
        .hasMessageContaining("the fallbacks of channel 'slack' go round in a circle");
    assertThatThrownBy(() -> Route.builder().matchingRegex("x", "(").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no channel and no escalation")
        .hasMessageContaining("invalid regular expression");
  }
}
