package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.RecordingServer.Answer;
import dev.vigil.notify.RecordingServer.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Delivery against a real HTTP server that fails in every way a provider does. */
class NotifierDeliveryTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RetryPolicy FAST = new RetryPolicy(6, Duration.ofMillis(50),
      Duration.ofMillis(200), 2, 0.2, Duration.ofDays(1));

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

  private static String id(Request r) {
    return JSON.readTree(r.body()).get("id").asString();
  }

  private static String kind(Request r) {
    JsonNode body = JSON.readTree(r.body());
    return body.get("key").asString() + " " + body.get("kind").asString();
  }

  private Notifier.Builder builder() {
    return Notifier.builder().retry(FAST).meterRegistry(registry)
        .route(Route.builder().channels("hook").build());
  }

  private double count(String outcome) {
    return registry.get("vigil.notifications").tag("channel", "hook").tag("outcome", outcome)
        .counter().count();
  }

  @Test
  void failuresOfEveryKindAreRetriedAndEachNotificationArrivesOnceInOrderPerAlert() {
    server.answer(Answer.status(500),
        Answer.status(429).withHeader("Retry-After", "1"),
        Answer.status(503).after(Duration.ofMillis(900)));   // slower than the channel waits
    notifier = builder().channel(HttpTestChannel.to("hook", server)
        .timeout(Duration.ofMillis(300))).build().start();
    Alert a = TestAlerts.firing("upload-errors", Severity.ERROR);
    Alert b = TestAlerts.firing("token-refresh", Severity.CRITICAL);

    notifier.onTransition(a);
    notifier.onTransition(b);
    notifier.onTransition(TestAlerts.resolved(a, 5));

    await().atMost(Duration.ofSeconds(15)).until(() -> server.delivered().size() == 3);
    List<Request> delivered = server.delivered();
    assertThat(delivered).extracting(NotifierDeliveryTest::id).doesNotHaveDuplicates();
    assertThat(delivered).extracting(NotifierDeliveryTest::kind)
        .containsSubsequence("upload-errors{platform=tiktok} FIRING",
            "upload-errors{platform=tiktok} RESOLVED")
        .contains("token-refresh{platform=tiktok} FIRING");
    assertThat(delivered).allSatisfy(r ->
        assertThat(r.headers().get("idempotency-key")).isEqualTo(id(r)));
    // the server has the last request before the notifier has its answer
    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.outbox().pending().isEmpty());
    assertThat(count("delivered")).isEqualTo(3);
    assertThat(count("retried")).isGreaterThanOrEqualTo(3);
    assertThat(notifier.deadLetters()).isEmpty();
  }

  @Test
  void retryAfterIsHonoured() {
    server.answer(Answer.status(429).withHeader("Retry-After", "1"));
    notifier = builder().channel(HttpTestChannel.to("hook", server)).build().start();
    long start = System.nanoTime();

    notifier.onTransition(TestAlerts.firing("r", Severity.ERROR));

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
  }

  @Test
  void anEndpointDownForTheWholeTestLeavesADeadLetterThatReplaysWhenItIsBack() {
    server.otherwise(body -> Answer.status(503));
    notifier = builder().retry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(40), 2,
        0, Duration.ofDays(1))).channel(HttpTestChannel.to("hook", server)).build().start();
    notifier.onTransition(TestAlerts.firing("r", Severity.ERROR));

    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.deadLetters().size() == 1);
    OutboxEntry dead = notifier.deadLetters().get(0);
    assertThat(dead.state()).isEqualTo(OutboxEntry.State.DEAD);
    assertThat(dead.lastError()).startsWith("HTTP 503 from 127.0.0.1")
        .endsWith("(gave up after 3 attempts)");
    assertThat(server.requests()).hasSize(3);
    assertThat(count("dead")).isEqualTo(1);

    server.otherwise(body -> Answer.status(200));
    notifier.replay(dead.id());

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 1);
    assertThat(id(server.delivered().get(0))).isEqualTo(dead.notification().id());
    await().until(() -> notifier.deadLetters().isEmpty());
  }

  @Test
  void aPermanentFailureIsNotRetriedAndGoesToTheFallback() {
    server.answer(Answer.status(400).withHeader("Content-Type", "text/plain"));
    notifier = Notifier.builder().retry(FAST).meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server), ChannelOptions.defaults().fallback("mail"))
        .channel(HttpTestChannel.to("mail", server))
        .route(Route.builder().channels("hook").build())
        .build().start();

    notifier.onTransition(TestAlerts.firing("r", Severity.ERROR));

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 1);
    assertThat(server.requests()).extracting(Request::path).containsExactly("/hook", "/mail");
    assertThat(notifier.deadLetters()).singleElement()
        .satisfies(e -> assertThat(e.lastError()).isEqualTo("HTTP 400 from 127.0.0.1"));
  }

  @Test
  void anOpenBreakerSendsStraightToTheFallback() {
    server.otherwise(body -> body.contains("\"kind\"") ? Answer.status(500) : Answer.status(200));
    RecordingServer mail = new RecordingServer();
    try {
      notifier = Notifier.builder().retry(FAST).meterRegistry(registry)
          .channel(HttpTestChannel.to("hook", server), ChannelOptions.defaults()
              .circuitBreaker(2, Duration.ofHours(1)).fallback("mail"))
          .channel(HttpTestChannel.to("mail", mail))
          .route(Route.builder().channels("hook").build())
          .build().start();
      notifier.onTransition(TestAlerts.firing("first", Severity.ERROR));
      await().atMost(Duration.ofSeconds(10)).until(() -> mail.delivered().size() == 1);
      int tries = server.requests().size();
      assertThat(tries).as("two failures open the breaker").isEqualTo(2);

      notifier.onTransition(TestAlerts.firing("second", Severity.ERROR));

      await().atMost(Duration.ofSeconds(10)).until(() -> mail.delivered().size() == 2);
      assertThat(server.requests()).as("not tried while open").hasSize(tries);
      assertThat(registry.get("vigil.notifications.breaker").tag("channel", "hook").gauge()
          .value()).isEqualTo(1);
    } finally {
      mail.close();
    }
  }

  @Test
  void theRateLimitSpacesSends() {
    notifier = Notifier.builder().meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server),
            ChannelOptions.defaults().rateLimit(4, Duration.ofSeconds(1)))
        .route(Route.builder().channels("hook").build())
        .build().start();
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      notifier.onTransition(TestAlerts.firing("rule-" + i, Severity.ERROR));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 5);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("5 sends at 4 a second take at least 4 × 250 ms").isGreaterThan(Duration.ofMillis(950));
  }

  @Test
  void aRestartedNotifierDeliversWhatTheOutboxHeldPending() {
    Outbox outbox = Outbox.inMemory();
    server.otherwise(body -> Answer.status(503));
    Notifier first = builder().outbox(outbox).channel(HttpTestChannel.to("hook", server)).build()
        .start();
    first.onTransition(TestAlerts.firing("r", Severity.ERROR));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 1);
    first.close();
    assertThat(outbox.pending()).hasSize(1);

    server.otherwise(body -> Answer.status(200));
    notifier = builder().outbox(outbox).channel(HttpTestChannel.to("hook", server)).build()
        .start();

    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending().isEmpty());
  }

  @Test
  void aTestNotificationGoesOutOnceAndReportsFailure() throws Exception {
    notifier = builder().channel(HttpTestChannel.to("hook", server)).build().start();

    notifier.sendTest("hook").get();
    assertThat(server.requests()).singleElement()
        .satisfies(r -> assertThat(kind(r)).isEqualTo("vigil-test TEST"));

    server.answer(Answer.status(404));
    assertThat(notifier.sendTest("hook")).failsWithin(Duration.ofSeconds(10))
        .withThrowableThat().havingRootCause().isInstanceOf(DeliveryException.class)
        .withMessage("HTTP 404 from 127.0.0.1");
    assertThat(notifier.deadLetters()).as("tests leave no dead letter").isEmpty();
  }
}
