package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.cluster.Leadership;
import dev.vigil.notify.ChannelOptions;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.RetryPolicy;
import dev.vigil.notify.Route;
import dev.vigil.notify.TestAlerts;
import dev.vigil.notify.channel.WebhookChannel;
import dev.vigil.store.jdbc.WebhookReceiver.Received;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifiers of several instances on one PostgreSQL database, delivering to a real webhook
 * endpoint: each notification is received exactly once, whoever writes it, whoever leads, and
 * across restarts.
 */
class OutboxClusterTest {

  private static final RetryPolicy FAST = new RetryPolicy(1_000, Duration.ofMillis(100),
      Duration.ofMillis(300), 2, 0, Duration.ofDays(1));

  private final TestDatabase db = TestDatabase.postgres();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    db.close();
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.add(resource);
    return resource;
  }

  /** An instance's store on the shared database. */
  private JdbcStore store(String instance) {
    return opened(db.store().instanceId(instance).leaseDuration(Duration.ofSeconds(2)).build());
  }

  /**
   * A started notifier of {@code store}'s instance whose webhook "hook" posts to {@code url} at
   * most {@code perSecond} times a second, saying who sends.
   */
  private Notifier notifier(JdbcStore store, Leadership leadership, URI url, int perSecond) {
    return notStarted(store, leadership, url, perSecond).start();
  }

  /** The notifier of {@link #notifier}, not started yet. */
  private Notifier notStarted(JdbcStore store, Leadership leadership, URI url, int perSecond) {
    return opened(Notifier.builder().name(store.instanceId()).owner(store.instanceId())
        .outbox(store.outbox()).leadership(leadership).retry(FAST)
        .meterRegistry(new SimpleMeterRegistry())
        .channel(WebhookChannel.builder().name("hook").url(url)
                .header("X-Sender", store.instanceId()).timeout(Duration.ofSeconds(5)).build(),
            ChannelOptions.defaults().rateLimit(perSecond, Duration.ofSeconds(1)))
        .route(Route.builder().channels("hook").build())
        .build());
  }

  private static Alert alert(String rule) {
    return TestAlerts.firing(rule, Severity.ERROR);
  }

  @Test
  void twoLeadersClaimingAtOnceDeliverEachNotificationExactlyOnce() throws Exception {
    WebhookReceiver receiver = opened(WebhookReceiver.start());
    JdbcStore a = store("a");
    JdbcStore b = store("b");
    JdbcStore w = store("w");
    // both send (as two leaders would, for a moment): only the claims keep them apart
    Notifier na = notStarted(a, Leadership.always(), receiver.uri(), 50);
    Notifier nb = notStarted(b, Leadership.always(), receiver.uri(), 50);
    Notifier writer = notifier(w, () -> false, receiver.uri(), 50);
    int each = 100;
    for (int i = 0; i < each; i++) {
      na.onTransition(alert("a-" + i));
      nb.onTransition(alert("b-" + i));
      if (i % 2 == 0) {
        writer.onTransition(alert("w-" + i)); // written by a follower: a leader sends it
      }
    }
    int total = 2 * each + each / 2;
    // each leader holds what it wrote, unclaimed; both start at once, claiming what is pending:
    // whatever the timing, every row goes to one of them, and the other drops what it held of it
    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService starters = Executors.newFixedThreadPool(2);
    try {
      List<Future<Notifier>> started = List.of(starters.submit(() -> {
        gate.await();
        return na.start();
      }), starters.submit(() -> {
        gate.await();
        return nb.start();
      }));
      gate.countDown();
      for (Future<Notifier> f : started) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      starters.shutdownNow();
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= total
        && w.outbox().pending().isEmpty());

    List<String> keys = receiver.keys();
    assertThat(keys).hasSize(total).doesNotHaveDuplicates();
    List<Received> got = receiver.received();
    assertThat(got).extracting(Received::sender).as("the follower sends nothing")
        .doesNotContain("w");
  }

  @Test
  void whenTheLeaderStopsMidwayTheNextOneSendsTheRestNoneTwice() throws Exception {
    WebhookReceiver receiver = opened(WebhookReceiver.start());
    JdbcStore a = store("a");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership().isLeader());
    JdbcStore b = store("b");
    Notifier na = notifier(a, a.leadership(), receiver.uri(), 20);
    notifier(b, b.leadership(), receiver.uri(), 20);
    int total = 80;
    for (int i = 0; i < total; i++) {
      na.onTransition(alert("r-" + i));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 15);

    na.close(); // releases its claims
    a.close(); // gives the lease up
    int sentByA = receiver.received().size();

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= total
        && b.outbox().pending().isEmpty());
    assertThat(receiver.keys()).hasSize(total).doesNotHaveDuplicates();
    assertThat(receiver.received().subList(sentByA, total)).extracting(Received::sender)
        .containsOnly("b");
    assertThat(b.leadership().isLeader()).isTrue();
  }

  @Test
  void aPendingNotificationIsDeliveredAfterARestartAndNeverAgain() throws Exception {
    int port = WebhookReceiver.freePort(); // the endpoint is down: connections are refused
    String hostile = "<b>\"Disk\" & 'quota'</b> <script>x()</script> é ü 日本語 🚨 \\ end";
    Alert alert = alert("disk").toBuilder().annotations(Map.of("summary", hostile)).build();
    JdbcStore first = store("first");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Notifier n1 = opened(Notifier.builder().owner("first").outbox(first.outbox()).retry(FAST)
        .meterRegistry(registry)
        .channel(WebhookChannel.builder().name("hook").url(WebhookReceiver.uri(port)).build())
        .route(Route.builder().channels("hook").build()).build().start());
    n1.onTransition(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("vigil.notifications")
        .tag("outcome", "retried").counter() != null && registry.get("vigil.notifications")
        .tag("outcome", "retried").counter().count() >= 2);
    n1.close();
    first.close();

    WebhookReceiver receiver = opened(WebhookReceiver.startOn(port)); // the endpoint is back
    JdbcStore second = store("second");
    assertThat(second.outbox().pending()).hasSize(1);
    Notifier n2 = notifier(second, second.leadership(), WebhookReceiver.uri(port), 10);

    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 1
        && second.outbox().pending().isEmpty());
    JsonNode payload = JsonMapper.builder().build().readTree(receiver.received().get(0).body());
    assertThat(payload.get("commonAnnotations").get("summary").asString()).isEqualTo(hostile);

    n2.close();
    second.close(); // the instance restarts: a new one takes the lease
    JdbcStore third = store("third");
    notifier(third, third.leadership(), WebhookReceiver.uri(port), 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> third.leadership().isLeader());
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> receiver.received().size() == 1);
  }
}
