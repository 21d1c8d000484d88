package dev.vigil.store.jdbc.internal;

import dev.vigil.Severity;
import dev.vigil.alerts.Acknowledgement;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Muting;
import dev.vigil.alerts.Transition;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an {@link Alert} as JSON and reads it back with every property its getters give (the
 * reminder flag aside, which a restored alert never has). Instants keep their nanoseconds; values
 * that are not finite are written as strings ({@code "NaN"}), which JSON has no numbers for.
 */
public final class AlertJson {

  private AlertJson() {}

  /** Returns {@code alert} as a JSON text. */
  public static String toJson(Alert alert) {
    return Db.json().writeValueAsString(write(alert));
  }

  /** Returns the alert of a JSON text {@link #toJson} wrote. */
  public static Alert fromJson(String json) {
    return read(Db.json().readTree(json));
  }

  /** Returns {@code alert} as a JSON object. */
  public static ObjectNode write(Alert alert) {
    ObjectNode n = Db.json().createObjectNode();
    n.put("ruleId", alert.ruleId());
    n.set("group", map(alert.group()));
    n.put("state", alert.state().name());
    n.put("severity", alert.severity().name());
    n.set("labels", map(alert.labels()));
    n.set("annotations", map(alert.annotations()));
    if (alert.runbook() != null) {
      n.put("runbook", alert.runbook().toString());
    }
    number(n, "value", alert.value());
    n.put("activeSince", alert.activeSince().toString());
    instant(n, "firingSince", alert.firingSince());
    instant(n, "resolvedAt", alert.resolvedAt());
    instant(n, "clearingSince", alert.clearingSince());
    ArrayNode history = n.putArray("history");
    for (Transition t : alert.history()) {
      ObjectNode tn = history.addObject();
      if (t.from() != null) {
        tn.put("from", t.from().name());
      }
      tn.put("to", t.to().name());
      tn.put("at", t.at().toString());
      tn.put("reason", t.reason());
      number(tn, "value", t.value());
    }
    Acknowledgement ack = alert.acknowledgement();
    if (ack != null) {
      ObjectNode an = n.putObject("acknowledgement");
      an.put("by", ack.by());
      an.put("comment", ack.comment());
      an.put("at", ack.at().toString());
      an.put("until", ack.until().toString());
    }
    if (alert.mutedBy() != null) {
      ObjectNode mn = n.putObject("mutedBy");
      mn.put("kind", alert.mutedBy().kind().name());
      mn.put("id", alert.mutedBy().id());
    }
    n.put("notifiedAt", alert.notifiedAt().toString());
    n.put("breaches", alert.breaches());
    ArrayNode changes = n.putArray("changes");
    alert.changes().forEach(c -> changes.add(c.toString()));
    return n;
  }

  /** Returns the alert of a JSON object {@link #write} wrote. */
  public static Alert read(JsonNode n) {
    Alert.Builder b = Alert.builder()
        .ruleId(n.get("ruleId").asString())
        .group(strings(n.get("group")))
        .state(AlertState.valueOf(n.get("state").asString()))
        .severity(Severity.valueOf(n.get("severity").asString()))
        .labels(strings(n.get("labels")))
        .annotations(strings(n.get("annotations")))
        .value(number(n.get("value")))
        .activeSince(Instant.parse(n.get("activeSince").asString()))
        .firingSince(instant(n.get("firingSince")))
        .resolvedAt(instant(n.get("resolvedAt")))
        .clearingSince(instant(n.get("clearingSince")))
        .notifiedAt(Instant.parse(n.get("notifiedAt").asString()))
        .breaches(n.get("breaches").asInt());
    if (n.hasNonNull("runbook")) {
      b.runbook(URI.create(n.get("runbook").asString()));
    }
    List<Transition> history = new ArrayList<>();
    for (JsonNode t : n.get("history")) {
      history.add(new Transition(
          t.hasNonNull("from") ? AlertState.valueOf(t.get("from").asString()) : null,
          AlertState.valueOf(t.get("to").asString()), Instant.parse(t.get("at").asString()),
          t.get("reason").asString(), number(t.get("value"))));
    }
    b.history(history);
    JsonNode ack = n.get("acknowledgement");
    if (ack != null && !ack.isNull()) {
      b.acknowledgement(new Acknowledgement(ack.get("by").asString(),
          ack.get("comment").asString(), Instant.parse(ack.get("at").asString()),
          Instant.parse(ack.get("until").asString())));
    }
    JsonNode muted = n.get("mutedBy");
    if (muted != null && !muted.isNull()) {
      b.mutedBy(new Muting(Muting.Kind.valueOf(muted.get("kind").asString()),
          muted.get("id").asString()));
    }
    List<Instant> changes = new ArrayList<>();
    for (JsonNode c : n.get("changes")) {
      changes.add(Instant.parse(c.asString()));
    }
    return b.changes(changes).build();
  }

  private static ObjectNode map(Map<String, String> map) {
    ObjectNode n = Db.json().createObjectNode();
    map.forEach(n::put);
    return n;
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> map = new LinkedHashMap<>();
    n.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
    return map;
  }

  private static void number(ObjectNode n, String field, double value) {
    if (Double.isFinite(value)) {
      n.put(field, value);
    } else {
      n.put(field, Double.toString(value)); // "NaN", "Infinity", "-Infinity"
    }
  }

  private static double number(JsonNode n) {
    return n.isString() ? Double.parseDouble(n.asString()) : n.asDouble();
  }

  private static void instant(ObjectNode n, String field, Instant at) {
    if (at != null) {
      n.put(field, at.toString());
    }
  }

  private static Instant instant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asString());
  }
}
