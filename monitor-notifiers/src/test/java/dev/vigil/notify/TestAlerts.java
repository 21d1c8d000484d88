package dev.vigil.notify;

import dev.vigil.Severity;
import dev.vigil.alerts.Acknowledgement;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Transition;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts and notifications for the notifiers' tests, as the engine would make them. */
public final class TestAlerts {

  public static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  private TestAlerts() {}

  /** A FIRING alert of rule {@code rule} for {@code platform=tiktok}. */
  public static Alert firing(String rule, Severity severity) {
    return Alert.builder()
        .ruleId(rule)
        .group(Map.of("platform", "tiktok"))
        .state(AlertState.FIRING)
        .severity(severity)
        .labels(Map.of("team", "social"))
        .annotations(orderedMap("summary", "Upload error rate 30% on tiktok",
            "description", "30 of 100 uploads failed in 15 minutes"))
        .runbook(URI.create("https://runbooks.example.com/uploads"))
        .value(0.3)
        .activeSince(AT)
        .firingSince(AT)
        .history(List.of(new Transition(null, AlertState.FIRING, AT,
            "condition met: ratio = 0.3 (> 0.05)", 0.3)))
        .notifiedAt(AT)
        .build();
  }

  /** {@code alert} moved to RESOLVED {@code minutes} later. */
  public static Alert resolved(Alert alert, int minutes) {
    Instant at = AT.plusSeconds(60L * minutes);
    List<Transition> history = new ArrayList<>(alert.history());
    history.add(new Transition(alert.state(), AlertState.RESOLVED, at, "condition cleared", 0.01));
    return alert.toBuilder().state(AlertState.RESOLVED).resolvedAt(at).value(0.01)
        .history(history).notifiedAt(at).build();
  }

  /** {@code alert} acknowledged by {@code who}. */
  public static Alert acknowledged(Alert alert, String who) {
    Instant at = AT.plusSeconds(60);
    List<Transition> history = new ArrayList<>(alert.history());
    history.add(new Transition(alert.state(), AlertState.ACKNOWLEDGED, at,
        "acknowledged by " + who, alert.value()));
    return alert.toBuilder().state(AlertState.ACKNOWLEDGED).history(history).notifiedAt(at)
        .acknowledgement(new Acknowledgement(who, "on it", at, at.plusSeconds(1800))).build();
  }

  /** A notification of {@code alert} rendered with the default template. */
  public static Notification notification(Notification.Kind kind, Alert alert) {
    return new Notification(alert.key() + "/" + alert.history().size(), kind, alert,
        MessageTemplate.DEFAULT.title(kind, alert, null),
        MessageTemplate.DEFAULT.text(kind, alert, null), null, alert.lastTransition().at());
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
