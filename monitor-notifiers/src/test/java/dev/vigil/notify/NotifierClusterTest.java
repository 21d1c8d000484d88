package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.RecordingServer.Answer;
import dev.vigil.notify.RecordingServer.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several notifiers on one outbox, as the instances of a cluster on one database: only the leader
 * sends, followers write, claims keep any two from sending the same entry.
 */
class NotifierClusterTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RetryPolicy FAST = new RetryPolicy(50, Duration.ofMillis(50),
      Duration.ofMillis(100), 2, 0, Duration.ofDays(1));

  private final Outbox outbox = Outbox.inMemory();
  private final RecordingServer serverA = new RecordingServer();
  private final RecordingServer serverB = new RecordingServer();
  private final List<Notifier> notifiers = new ArrayList<>();

  @AfterEach
  void close() {
    notifiers.forEach(Notifier::close);
    serverA.close();
    serverB.close();
  }

  /** A notifier whose channel "hook" posts to {@code server}. */
  private Notifier.Builder builder(String owner, RecordingServer server) {
    return builder(owner, server, new SimpleMeterRegistry());
  }

  private Notifier.Builder builder(String owner, RecordingServer server,
      SimpleMeterRegistry registry) {
    return Notifier.builder().name(owner).owner(owner).outbox(outbox).retry(FAST)
        .meterRegistry(registry)
        .channel(HttpTestChannel.to("hook", server))
        .route(Route.builder().channels("hook").build());
  }

  private Notifier started(Notifier.Builder builder) {
    Notifier n = builder.build().start();
    notifiers.add(n);
    return n;
  }

  private static List<String> ids(RecordingServer server) {
    return server.delivered().stream()
        .map(r -> JSON.readTree(r.body()).get("id").asString()).toList();
  }

  @Test
  void aFollowerWritesWhatItIsToldAndTheLeaderSendsIt() {
    Notifier leader = started(builder("a", serverA));
    Notifier follower = started(builder("b", serverB).leadership(() -> false));
    Alert alert = TestAlerts.firing("r", Severity.ERROR);

    follower.onTransition(TestAlerts.acknowledged(alert, "carol"));

    await().atMost(Duration.ofSeconds(10)).until(() -> serverA.delivered().size() == 1);
    assertThat(serverA.delivered()).extracting(r -> JSON.readTree(r.body()).get("kind")
        .asString()).containsExactly("ACKNOWLEDGED");
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending().isEmpty());
    assertThat(serverB.requests()).as("the follower sends nothing").isEmpty();
    assertThat(leader.owner()).isEqualTo("a");
  }

  @Test
  void whatTheLeaderHeldGoesToTheNextLeaderWithoutWaitingForTheClaimToExpire() {
    serverA.otherwise(body -> Answer.status(503));
    AtomicBoolean aLeads = new AtomicBoolean(true);
    SimpleMeterRegistry registryA = new SimpleMeterRegistry();
    Notifier a = started(builder("a", serverA, registryA).leadership(aLeads::get)
        .claimDuration(Duration.ofMinutes(5)));
    AtomicBoolean bLeads = new AtomicBoolean(false);
    started(builder("b", serverB).leadership(bLeads::get).claimDuration(Duration.ofMinutes(5)));
    a.onTransition(TestAlerts.firing("r", Severity.ERROR));
    await().atMost(Duration.ofSeconds(10)).until(() -> serverA.requests().size() >= 2);

    aLeads.set(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> registryA.get("vigil.notifications.queue")
        .gauge().value() == 0);   // a let it go
    assertThat(outbox.pending()).hasSize(1);
    int triedByA = serverA.requests().size();
    bLeads.set(true);

    await().atMost(Duration.ofSeconds(10)).until(() -> serverB.delivered().size() == 1);
    assertThat(serverA.requests()).as("a stopped sending").hasSize(triedByA);
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending().isEmpty());
    assertThat(serverB.requests()).hasSize(1);
  }

  @Test
  void aNotifierClosedWithAPendingEntryLeavesItToAnotherAtOnce() {
    serverA.otherwise(body -> Answer.status(503));
    Notifier a = started(builder("a", serverA).claimDuration(Duration.ofMinutes(5)));
    a.onTransition(TestAlerts.firing("r", Severity.ERROR));
    await().atMost(Duration.ofSeconds(10)).until(() -> serverA.requests().size() >= 1);

    a.close();
    started(builder("b", serverB).claimDuration(Duration.ofMinutes(5)));

    await().atMost(Duration.ofSeconds(10)).until(() -> serverB.delivered().size() == 1);
    assertThat(serverA.delivered()).isEmpty();
  }

  @Test
  void twoLeadersAtOnceNeverSendTheSameNotification() {
    // rate-limited, each holds its notifications unsent long enough for the other to claim some
    ChannelOptions slow = ChannelOptions.defaults().rateLimit(10, Duration.ofSeconds(1));
    Notifier a = started(Notifier.builder().owner("a").outbox(outbox)
        .channel(HttpTestChannel.to("hook", serverA), slow)
        .route(Route.builder().channels("hook").build()));
    Notifier b = started(Notifier.builder().owner("b").outbox(outbox)
        .channel(HttpTestChannel.to("hook", serverB), slow)
        .route(Route.builder().channels("hook").build()));
    int count = 40;
    for (int i = 0; i < count; i++) {
      (i % 2 == 0 ? a : b).onTransition(TestAlerts.firing("rule-" + i, Severity.ERROR));
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> outbox.pending().isEmpty());
    List<String> all = new ArrayList<>(ids(serverA));
    all.addAll(ids(serverB));
    assertThat(all).hasSize(count).doesNotHaveDuplicates();
    assertThat(ids(serverA)).as("a sent some of b's").anyMatch(id -> id.contains("rule-1"));
  }

  @Test
  void anAcknowledgementOnAFollowerCancelsTheStepTheLeaderHolds() {
    ManualClock clock = new ManualClock(Instant.now());
    Contact bob = Contact.of("Bob", "sms", "+33600000002");
    Contact alice = Contact.of("Alice", "sms", "+33600000001");
    Escalation escalation = Escalation.builder().contacts(bob, alice).channels("sms")
        .every(Duration.ofMinutes(5)).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Notifier leader = started(Notifier.builder().owner("a").outbox(outbox).clock(clock)
        .meterRegistry(registry).channel(HttpTestChannel.people("sms", serverA, "sms"))
        .route(Route.builder().escalation(escalation).build()));
    Notifier follower = started(Notifier.builder().owner("b").outbox(outbox).clock(clock)
        .leadership(() -> false).channel(HttpTestChannel.people("sms", serverB, "sms"))
        .route(Route.builder().escalation(escalation).build()));
    Alert alert = TestAlerts.firing("db", Severity.CRITICAL).toBuilder()
        .activeSince(clock.instant()).firingSince(clock.instant()).build();
    leader.onTransition(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> serverA.delivered().size() == 1);

    follower.onTransition(TestAlerts.acknowledged(alert, "bob"));
    clock.advance(Duration.ofMinutes(6));

    await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("vigil.notifications.queue")
        .tag("channel", "sms").gauge().value() == 0);
    assertThat(serverA.delivered()).extracting(NotifierClusterTest::contact)
        .as("Alice is not woken up").containsExactly("Bob");
    assertThat(serverB.requests()).isEmpty();
    assertThat(outbox.pending()).isEmpty();
  }

  private static String contact(Request r) {
    return JSON.readTree(r.body()).get("contact").asString();
  }

  @Test
  void badClusterSettingsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Notifier.builder().owner(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
    assertThatThrownBy(() -> Notifier.builder().claimDuration(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claimDuration must be at least 3s");
    assertThatThrownBy(() -> Notifier.builder().leadership(null))
        .isInstanceOf(NullPointerException.class).hasMessage("leadership");
  }
}
