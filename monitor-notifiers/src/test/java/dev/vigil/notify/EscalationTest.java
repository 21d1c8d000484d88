package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Escalation through contacts by priority and through an on-call rotation. */
class EscalationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Contact ALICE = Contact.of("Alice", "sms", "+33600000001");
  private static final Contact BOB = Contact.of("Bob", "sms", "+33600000002");
  private static final Contact CHARLIE = Contact.of("Charlie", "sms", "+33600000003");

  private final RecordingServer server = new RecordingServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock(Instant.now());
  private Notifier notifier;

  @AfterEach
  void close() {
    if (notifier != null) {
      notifier.close();
    }
    server.close();
  }

  private void start(Escalation escalation) {
    notifier = Notifier.builder().clock(clock).meterRegistry(registry)
        .channel(HttpTestChannel.to("slack", server))
        .channel(HttpTestChannel.people("sms", server, "sms"))
        .route(Route.builder().channels("slack").escalation(escalation).build())
        .build().start();
  }

  private List<String> smsTo() {
    return server.delivered().stream().filter(r -> r.path().equals("/sms"))
        .map(r -> JSON.readTree(r.body()).get("contact").asString()).toList();
  }

  private static Alert firingNow(Instant at) {
    Alert a = TestAlerts.firing("db-down", Severity.CRITICAL);
    return a.toBuilder().activeSince(at).firingSince(at).notifiedAt(at)
        .history(List.of(new dev.vigil.alerts.Transition(null, a.state(), at, "down", 1)))
        .build();
  }

  @Test
  void contactsAreNotifiedOneByOneUntilSomeoneAcknowledges() {
    start(Escalation.builder().contacts(ALICE, BOB, CHARLIE).channels("sms")
        .every(Duration.ofMinutes(5)).build());
    Alert alert = firingNow(clock.instant());

    notifier.onTransition(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> smsTo().equals(List.of("Alice")));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(notifier.outbox().pending()).as("the later steps wait in the outbox")
            .hasSize(2));

    clock.advance(Duration.ofMinutes(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> smsTo().equals(List.of("Alice", "Bob")));

    notifier.onTransition(TestAlerts.acknowledged(alert, "bob"));
    clock.advance(Duration.ofMinutes(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered().stream()
        .filter(r -> r.path().equals("/slack")).count() == 2);  // FIRING, ACKNOWLEDGED
    assertThat(smsTo()).as("Charlie is not woken up").containsExactly("Alice", "Bob");
    assertThat(registry.get("vigil.notifications").tag("channel", "sms")
        .tag("outcome", "cancelled").counter().count()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.outbox().pending().isEmpty());
  }

  @Test
  void theOnCallRotationDecidesWhoIsFirst() {
    // week 1 from Monday 2026-01-05 09:00 Paris: Alice; week 2: Bob; week 3: Charlie
    OnCallRotation rotation = OnCallRotation.weekly(List.of(ALICE, BOB, CHARLIE),
        DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneId.of("Europe/Paris"), LocalDate.of(2026, 1, 5));
    Instant week2 = Instant.parse("2026-01-14T12:00:00Z");
    assertThat(rotation.primary(week2)).isEqualTo(BOB);
    assertThat(rotation.backup(week2)).isEqualTo(CHARLIE);
    assertThat(rotation.order(week2)).containsExactly(BOB, CHARLIE, ALICE);
    assertThat(rotation.primary(Instant.parse("2026-01-12T07:59:00Z"))).as("before hand-off")
        .isEqualTo(ALICE);
    assertThat(rotation.primary(Instant.parse("2026-01-12T08:00:00Z"))).isEqualTo(BOB);
    // across the spring-forward night (2026-03-29), hand-offs stay at 09:00 local
    assertThat(rotation.primary(Instant.parse("2026-03-30T06:59:00Z"))).isEqualTo(
        rotation.primary(Instant.parse("2026-03-29T12:00:00Z")));
    assertThat(rotation.primary(Instant.parse("2026-03-30T07:00:00Z"))).isNotEqualTo(
        rotation.primary(Instant.parse("2026-03-29T12:00:00Z")));
    assertThat(rotation.primary(Instant.parse("2025-12-30T12:00:00Z"))).as("before the first")
        .isEqualTo(CHARLIE);
    assertThat(rotation.primary(Instant.parse("2025-12-29T08:00:00Z")))
        .as("exactly a hand-off before the first").isEqualTo(CHARLIE);
    assertThat(rotation.primary(Instant.parse("2025-12-29T07:59:00Z"))).isEqualTo(BOB);

    start(Escalation.builder().onCall(rotation).channels("sms").build());
    clock.advance(Duration.between(clock.instant(), clock.instant()));
    Alert alert = firingNow(week2);
    notifier.onTransition(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> smsTo().equals(List.of("Bob")));
  }

  @Test
  void aContactWithoutAnAddressForTheChannelIsSkipped() {
    Contact emailOnly = Contact.of("Dana", "email", "dana@example.com");
    start(Escalation.builder().contacts(emailOnly, ALICE).channels("sms")
        .every(Duration.ofMinutes(1)).build());

    notifier.onTransition(firingNow(clock.instant()));
    clock.advance(Duration.ofMinutes(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> smsTo().equals(List.of("Alice")));
  }
}
