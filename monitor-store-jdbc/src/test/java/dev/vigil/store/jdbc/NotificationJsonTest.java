package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.Contact;
import dev.vigil.notify.Notification;
import dev.vigil.notify.TestAlerts;
import dev.vigil.store.jdbc.internal.NotificationJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationJsonTest {

  /** Text from logs: markup, quotes, backslashes, controls, a NUL, emoji, RTL, a lone surrogate. */
  static final String HOSTILE = "<script>alert(\"x\")</script> & 'quotes' \\ back\\slash\n"
      + "tab\there \u0000nul \u0007bell é ü ß 日本語 🚨🔥 \u202Eright-to-left\u202C "
      + "lone \uD83D surrogate \u2028line-sep </b>{\"json\": true}";

  private static void assertRoundTrip(Notification n) {
    String json = NotificationJson.toJson(n);
    Notification back = NotificationJson.fromJson(json);
    n.alerts().forEach(Alert::key); // computed on first use: the same on both sides
    back.alerts().forEach(Alert::key);
    assertThat(back).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class).isEqualTo(n);
    assertThat(back.alerts().get(0)).isSameAs(back.alert());
  }

  @Test
  void aNotificationOfOneAlertSurvivesTheRoundTrip() {
    Alert alert = TestAlerts.firing("upload-errors", Severity.ERROR);
    assertRoundTrip(TestAlerts.notification(Notification.Kind.FIRING, alert));
  }

  @Test
  void aGroupWithAContactSurvivesTheRoundTripAddressesInOrder() {
    Alert a = TestAlerts.firing("upload-errors", Severity.CRITICAL);
    Alert b = TestAlerts.resolved(TestAlerts.firing("token-refresh", Severity.ERROR), 3);
    Map<String, String> addresses = new LinkedHashMap<>();
    addresses.put("sms", "+33600000001");
    addresses.put("email", "alice@example.com");
    addresses.put("whatsapp", "33600000001@c.us");
    Notification n = new Notification("k@1#2/escalation-1", Notification.Kind.REMINDER, a,
        "title", "text", new Contact("Alice", addresses),
        Instant.parse("2026-03-02T10:00:00.123456789Z"), List.of(a, b));

    assertRoundTrip(n);
    assertThat(NotificationJson.fromJson(NotificationJson.toJson(n)).contact().addresses())
        .containsExactly(Map.entry("sms", "+33600000001"),
            Map.entry("email", "alice@example.com"), Map.entry("whatsapp", "33600000001@c.us"));
  }

  @Test
  void hostileTextSurvivesTheRoundTripAndIsWrittenInAscii() {
    Alert alert = TestAlerts.firing("r", Severity.ERROR).toBuilder()
        .labels(Map.of("team", HOSTILE)).annotations(Map.of("summary", HOSTILE)).build();
    Notification n = new Notification(HOSTILE, Notification.Kind.FIRING, alert, HOSTILE,
        HOSTILE + "\n" + HOSTILE, new Contact(HOSTILE, Map.of("sms", HOSTILE)),
        TestAlerts.AT);

    assertRoundTrip(n);
    String json = NotificationJson.toJson(n);
    assertThat(json.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).as("printable ASCII: %s", json)
        .isTrue();
    assertThat(NotificationJson.fromJson(json).title()).isEqualTo(HOSTILE);
  }
}
