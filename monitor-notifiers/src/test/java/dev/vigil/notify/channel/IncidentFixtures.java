package dev.vigil.notify.channel;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.TestAlerts;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Hostile content and JSON reading for the incident channels' tests. */
final class IncidentFixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final String SCRIPT = "<script>alert(1)</script>";
  static final String MENTIONS = "@channel @everyone <!here>";
  static final String MARKDOWN = "*bold* _x_ [link](http://evil)";
  static final String QUOTES = "\"quoted\" \\ back\nnew line\u2028\u0001";
  static final String HUGE = "x".repeat(100 * 1024);

  private IncidentFixtures() {}

  static JsonNode parse(String body) {
    return JSON.readTree(body);
  }

  /** A firing alert whose annotations, labels and group hold all the hostile texts. */
  static Alert hostileAlert() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", SCRIPT + " " + MENTIONS + " " + MARKDOWN + " " + QUOTES);
    annotations.put("description", HUGE);
    return TestAlerts.firing("uploads-failing", Severity.CRITICAL).toBuilder()
        .group(Map.of("platform", SCRIPT + QUOTES, "weird-name.x", "v"))
        .annotations(annotations)
        .build();
  }

  /** A notification of {@code alert} whose title and text are hostile and the text huge. */
  static Notification hostile(Notification.Kind kind, Alert alert) {
    return new Notification("n-1", kind, alert,
        SCRIPT + " " + MENTIONS + " " + MARKDOWN + " " + QUOTES + " " + HUGE,
        MARKDOWN + "\n" + HUGE, null, TestAlerts.AT);
  }
}
