package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Condition;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.RetryPolicy;
import dev.vigil.notify.Route;
import dev.vigil.notify.channel.WebhookChannel;
import dev.vigil.store.EventQuery;
import dev.vigil.store.jdbc.WebhookReceiver.Received;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole instances — monitor, alert engine and notifier on one {@link JdbcStore} each — sharing
 * one PostgreSQL database, as the instances of one application would: every instance captures its
 * own events, one leader evaluates and notifies, and a real webhook endpoint receives each
 * notification once, across a leader's stop and a restart.
 */
class ClusterTest {

  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final RetryPolicy FAST = new RetryPolicy(1_000, Duration.ofMillis(100),
      Duration.ofMillis(300), 2, 0, Duration.ofDays(1));
  /** Any error group seen in the last 5 minutes, on any instance: read from the shared store. */
  private static final AlertRule ERRORS = AlertRule.builder("error-groups")
      .condition(Condition.events(Severity.ERROR).over(Duration.ofMinutes(5)).above(0))
      .groupBy("fingerprint")
      .interval(Duration.ofSeconds(1))
      .build();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TestDatabase db = TestDatabase.postgres();
  private final List<Instance> instances = new ArrayList<>();

  @AfterEach
  void close() {
    for (int i = instances.size() - 1; i >= 0; i--) {
      instances.get(i).close();
    }
    db.close();
  }

  /** One instance of the application: its own store, monitor, engine and notifier. */
  private final class Instance implements AutoCloseable {
    final String id;
    final JdbcStore jdbc;
    final Monitor monitor;
    final Notifier notifier;
    final AlertEngine engine;

    Instance(String id, URI webhook) {
      this.id = id;
      this.jdbc = db.store().instanceId(id).leaseDuration(LEASE).build();
      this.monitor = Monitor.builder().name("cluster-" + id + "-" + UUID.randomUUID())
          .eventStore(jdbc.events()).build();
      this.notifier = Notifier.builder().monitor(monitor).owner(id).outbox(jdbc.outbox())
          .leadership(jdbc.leadership()).retry(FAST).meterRegistry(new SimpleMeterRegistry())
          .channel(WebhookChannel.builder().name("hook").url(webhook).header("X-Sender", id)
              .timeout(Duration.ofSeconds(5)).build())
          .route(Route.builder().channels("hook").build())
          .build().start();
      this.engine = AlertEngine.builder().monitor(monitor).store(jdbc.alerts())
          .leadership(jdbc.leadership()).rule(ERRORS).listener(notifier).build().start();
      instances.add(this);
    }

    /** Logs an error of the application (every instance has the same source, as in production). */
    void error(String message) {
      monitor.event(LogLevel.ERROR, message).source("payments").capture();
    }

    boolean leads() {
      return jdbc.leadership().isLeader();
    }

    @Override
    public void close() {
      if (instances.remove(this)) {
        engine.close();
        notifier.close();
        monitor.close();
        jdbc.close();
      }
    }
  }

  private static List<Received> firing(WebhookReceiver receiver) {
    return receiver.received().stream()
        .filter(r -> r.body().contains("\"status\":\"firing\"")).toList();
  }

  /** Returns the error group an alert notification is about (its group label). */
  private static String fingerprint(Received notification) {
    return JSON.readTree(notification.body()).get("groupLabels").get("fingerprint").asString();
  }

  /** Returns the fingerprint of the stored events whose message contains {@code text}. */
  private static String fingerprintOf(Instance instance, String text) {
    return instance.monitor.events(EventQuery.builder().text(text).build()).items().get(0)
        .fingerprint();
  }

  @Test
  void anErrorOnAFollowerIsNotifiedOnceByTheLeader() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Instance a = new Instance("a", receiver.uri());
      await().atMost(Duration.ofSeconds(10)).until(a::leads);
      Instance b = new Instance("b", receiver.uri());

      // the same failure on both instances: one group, one alert, one notification
      b.error("payment provider timed out for order 17");
      a.error("payment provider timed out for order 18");

      await().atMost(Duration.ofSeconds(15)).until(() -> firing(receiver).size() == 1);
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> firing(receiver).size() == 1);
      assertThat(firing(receiver).get(0).sender()).isEqualTo("a");
      assertThat(b.leads()).isFalse();
      assertThat(b.jdbc.alerts().active()).singleElement()
          .satisfies(alert -> assertThat(alert.state()).isEqualTo(AlertState.FIRING));
      assertThat(b.monitor.events(EventQuery.builder().text("order 1").build())
          .items()).as("every instance serves the cluster's events").hasSize(2);
    }
  }

  @Test
  void whenTheLeaderStopsTheOtherTakesOverWithinTheLease() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Instance a = new Instance("a", receiver.uri());
      await().atMost(Duration.ofSeconds(10)).until(a::leads);
      Instance b = new Instance("b", receiver.uri());
      a.error("disk full on /var/data");
      await().atMost(Duration.ofSeconds(15)).until(() -> firing(receiver).size() == 1);

      long stopped = System.nanoTime();
      a.close();
      await().atMost(LEASE.plusSeconds(1)).until(b::leads);
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(LEASE);

      b.error("certificate expired for api.example.com");
      await().atMost(Duration.ofSeconds(15)).until(() -> firing(receiver).size() == 2);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> firing(receiver).size() == 2);
      assertThat(firing(receiver).get(1).sender()).isEqualTo("b");
      assertThat(fingerprint(firing(receiver).get(1))).isEqualTo(fingerprintOf(b, "certificate"))
          .isNotEqualTo(fingerprint(firing(receiver).get(0)));
    }
  }

  @Test
  void aRestartWhileAnAlertFiresSendsNothingTwiceAndDeliversWhatWasPending() throws Exception {
    int port = WebhookReceiver.freePort(); // the endpoint is down: the notification waits
    Instance a = new Instance("a", WebhookReceiver.uri(port));
    await().atMost(Duration.ofSeconds(10)).until(a::leads);
    a.error("queue consumer crashed: connection reset");
    await().atMost(Duration.ofSeconds(15)).until(() -> !a.jdbc.alerts().active().isEmpty()
        && !a.jdbc.outbox().pending().isEmpty());
    a.close(); // the application restarts while its alert fires

    try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) { // the endpoint is back
      Instance a2 = new Instance("a2", receiver.uri());
      await().atMost(Duration.ofSeconds(15)).until(() -> firing(receiver).size() == 1);
      // a2 leads and evaluates every second: the alert is still firing, and not fired again
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> receiver.received().size() == 1);
      assertThat(a2.leads()).isTrue();
      assertThat(fingerprint(firing(receiver).get(0))).isEqualTo(fingerprintOf(a2, "queue consumer"));
      assertThat(a2.jdbc.outbox().pending()).isEmpty();
    }
  }
}
