package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.RecordingServer.Answer;
import dev.vigil.notify.RecordingServer.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The interplays a review found wanting: close, start, mutes, replays, fallbacks, cancels. */
class NotifierEdgeCasesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(50),
      Duration.ofMillis(100), 2, 0, Duration.ofDays(1));

  private final RecordingServer server = new RecordingServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Notifier notifier;

  @AfterEach
  void close() {
    if (notifier != null) {
      notifier.close();
    }
    server.close();
  }

  private static String describe(Request r) {
    JsonNode body = JSON.readTree(r.body());
    return r.path().substring(1) + " " + body.get("key").asString() + " "
        + body.get("kind").asString();
  }

  private List<String> delivered() {
    return server.delivered().stream().map(NotifierEdgeCasesTest::describe).toList();
  }

  @Test
  void closingDuringASlowSendLeavesTheRestPendingNotDead() {
    server.otherwise(body -> Answer.status(200).after(Duration.ofSeconds(7)));
    Outbox outbox = Outbox.inMemory();
    Notifier n = Notifier.builder().outbox(outbox).meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server))
        .route(Route.builder().channels("hook").build()).build().start();
    for (int i = 0; i < 3; i++) {
      n.onTransition(TestAlerts.firing("r" + i, Severity.ERROR));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !server.requests().isEmpty()
        || outbox.pending().size() == 3);

    n.close();

    assertThat(outbox.deadLetters()).isEmpty();
    assertThat(outbox.pending()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void nothingIsSentBeforeStartAndStartSendsOlderPendingFirst() {
    Outbox outbox = Outbox.inMemory();
    Alert alert = TestAlerts.firing("r", Severity.ERROR);
    Notifier first = Notifier.builder().outbox(outbox).meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server))
        .route(Route.builder().channels("hook").build()).build();   // never started
    first.onTransition(alert);
    first.close();

    notifier = Notifier.builder().outbox(outbox).meterRegistry(new SimpleMeterRegistry())
        .channel(HttpTestChannel.to("hook", server))
        .route(Route.builder().channels("hook").build()).build();
    notifier.onTransition(TestAlerts.resolved(alert, 2));
    assertThat(server.requests()).as("not started: nothing sent").isEmpty();
    notifier.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 2);
    assertThat(delivered()).containsExactly("hook r{platform=tiktok} FIRING",
        "hook r{platform=tiktok} RESOLVED");
  }

  @Test
  void aMutedRouteDoesNotTakeTheChannelFromALaterOpenRoute() {
    TimeWindow never = TimeWindow.of(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(3, 0),
        LocalTime.of(3, 1), ZoneOffset.UTC);
    notifier = Notifier.builder().meterRegistry(registry)
        .clock(() -> Instant.parse("2026-03-02T10:00:00Z"))
        .channel(HttpTestChannel.to("email", server))
        .route(Route.builder().channels("email").activeDuring(never).continueMatching().build())
        .route(Route.builder().channels("email").build())
        .build().start();

    notifier.onTransition(TestAlerts.firing("r", Severity.ERROR));

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 1);
    assertThat(registry.get("vigil.notifications").tag("outcome", "muted").counter().count())
        .isZero();
  }

  @Test
  void replayAllKeepsEachAlertsOrder() {
    server.otherwise(body -> Answer.status(503));
    notifier = Notifier.builder().retry(new RetryPolicy(1, Duration.ofMillis(10),
            Duration.ofMillis(10), 1, 0, Duration.ofDays(1))).meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server))
        .route(Route.builder().channels("hook").build()).build().start();
    Alert alert = TestAlerts.firing("r", Severity.ERROR);
    notifier.onTransition(alert);
    notifier.onTransition(TestAlerts.resolved(alert, 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.deadLetters().size() == 2);

    server.otherwise(body -> Answer.status(200));
    assertThat(notifier.replayAll()).isEqualTo(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 2);
    assertThat(delivered()).containsExactly("hook r{platform=tiktok} FIRING",
        "hook r{platform=tiktok} RESOLVED");
  }

  @Test
  void anOpenBreakerHandsEachAlertToTheFallbackInOrder() {
    server.otherwise(body -> Answer.status(500));
    RecordingServer mail = new RecordingServer();
    try {
      notifier = Notifier.builder().retry(new RetryPolicy(10, Duration.ofMillis(300),
              Duration.ofMillis(300), 1, 0, Duration.ofDays(1))).meterRegistry(registry)
          .channel(HttpTestChannel.to("hook", server),
              ChannelOptions.defaults().circuitBreaker(1, Duration.ofHours(1)).fallback("mail"))
          .channel(HttpTestChannel.to("mail", mail))
          .route(Route.builder().channels("hook").build()).build().start();
      Alert alert = TestAlerts.firing("r", Severity.ERROR);
      notifier.onTransition(alert);            // fails once: the breaker opens, a retry waits
      await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 1);
      notifier.onTransition(TestAlerts.resolved(alert, 1));   // due now, behind the retry

      await().atMost(Duration.ofSeconds(10)).until(() -> mail.delivered().size() == 2);
      assertThat(mail.delivered()).extracting(NotifierEdgeCasesTest::describe).containsExactly(
          "mail r{platform=tiktok} FIRING", "mail r{platform=tiktok} RESOLVED");
      assertThat(notifier.deadLetters()).as("diverted, not dead").isEmpty();
      assertThat(registry.get("vigil.notifications").tag("channel", "hook")
          .tag("outcome", "diverted").counter().count()).isEqualTo(2);
    } finally {
      mail.close();
    }
  }

  @Test
  void aFallbackTakesNothingBelowItsMinimumSeverity() {
    server.answer(Answer.status(400));
    notifier = Notifier.builder().retry(FAST).meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server), ChannelOptions.defaults().fallback("sms"))
        .channel(HttpTestChannel.to("sms", server).minSeverity(Severity.CRITICAL))
        .route(Route.builder().channels("hook").build()).build().start();

    notifier.onTransition(TestAlerts.firing("r", Severity.ERROR));

    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.deadLetters().size() == 1);
    assertThat(server.requests()).extracting(Request::path).containsExactly("/hook");
  }

  @Test
  void anAcknowledgementCancelsAStepWaitingForARetry() {
    server.otherwise(body -> body.contains("\"contact\":\"Bob\"") ? Answer.status(503)
        : Answer.status(200));
    Contact alice = Contact.of("Alice", "sms", "+33600000001");
    Contact bob = Contact.of("Bob", "sms", "+33600000002");
    notifier = Notifier.builder().meterRegistry(registry)
        .retry(new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofSeconds(30), 1, 0,
            Duration.ofDays(1)))
        .channel(HttpTestChannel.people("sms", server, "sms"))
        .route(Route.builder().escalation(Escalation.builder().contacts(bob, alice)
            .channels("sms").every(Duration.ofHours(1)).build()).build())
        .build().start();
    Alert alert = TestAlerts.firing("db", Severity.CRITICAL);
    notifier.onTransition(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1);

    notifier.onTransition(TestAlerts.acknowledged(alert, "carol"));

    assertThat(notifier.outbox().pending()).as("Bob's retry and Alice's step").isEmpty();
    assertThat(registry.get("vigil.notifications").tag("outcome", "cancelled").counter().count())
        .isEqualTo(2);
  }
}
