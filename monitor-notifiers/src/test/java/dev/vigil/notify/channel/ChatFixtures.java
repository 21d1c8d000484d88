package dev.vigil.notify.channel;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.TestAlerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Hostile notifications and JSON helpers for the chat channels' tests. */
final class ChatFixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** The secret part of every test webhook: must never show in messages or toString. */
  static final String SECRET_PATH = "/hooks/T000/B000/s3cr3tT0ken";

  static final String HOSTILE = "<script>alert(1)</script> @channel @everyone @here <!here> "
      + "<!channel> <@U123> <http://evil|click> *bold* _x_ [link](http://evil) ~s~ `c` "
      + "||spoiler|| & done\n- item\n# head\n> quote\n1. one";

  private ChatFixtures() {}

  static JsonNode parse(String body) {
    return JSON.readTree(body);
  }

  /** A notification whose title, text and labels are hostile; the text is over 100 kB. */
  static Notification hostile() {
    Alert alert = TestAlerts.firing("uploads", Severity.CRITICAL).toBuilder()
        .labels(Map.of("team", "<@U123> @here *x* [a](http://evil)"))
        .build();
    String text = HOSTILE + "\n" + "x<y&z ".repeat(20_000);
    return new Notification("hostile/1", Notification.Kind.FIRING, alert,
        "Title " + HOSTILE, text, null, TestAlerts.AT);
  }

  static Notification firing(Severity severity) {
    return TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("uploads", severity));
  }

  static Notification resolved() {
    return TestAlerts.notification(Notification.Kind.RESOLVED,
        TestAlerts.resolved(TestAlerts.firing("uploads", Severity.ERROR), 5));
  }

  /** Every string value in {@code node}, depth first. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isString()) {
      out.add(node.asString());
    }
    for (JsonNode child : node) {
      collect(child, out);
    }
  }
}
