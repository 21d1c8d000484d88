package dev.vigil.store.jdbc.internal;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.Contact;
import dev.vigil.notify.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Notification} as JSON and reads it back with every property: its alerts
 * through {@link AlertJson}, its contact with each address in order. The text is written in
 * ASCII, every other character escaped ({@code \u00e9}): text from logs may hold anything,
 * a lone surrogate or a NUL included, which some databases refuse in a text column and which the
 * escapes carry unharmed.
 */
public final class NotificationJson {

  private static final JsonMapper ASCII = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private NotificationJson() {}

  /** Returns {@code notification} as a JSON text, in ASCII. */
  public static String toJson(Notification notification) {
    return ASCII.writeValueAsString(write(notification));
  }

  /** Returns the notification of a JSON text {@link #toJson} wrote. */
  public static Notification fromJson(String json) {
    return read(Db.json().readTree(json));
  }

  /** Returns {@code notification} as a JSON object. */
  public static ObjectNode write(Notification notification) {
    ObjectNode n = Db.json().createObjectNode();
    n.put("id", notification.id());
    n.put("kind", notification.kind().name());
    n.put("title", notification.title());
    n.put("text", notification.text());
    Contact contact = notification.contact();
    if (contact != null) {
      ObjectNode cn = n.putObject("contact");
      cn.put("name", contact.name());
      ObjectNode addresses = cn.putObject("addresses");
      contact.addresses().forEach(addresses::put);
    }
    n.put("createdAt", notification.createdAt().toString());
    ArrayNode alerts = n.putArray("alerts"); // the first is the notification's alert
    for (Alert a : notification.alerts()) {
      alerts.add(AlertJson.write(a));
    }
    return n;
  }

  /** Returns the notification of a JSON object {@link #write} wrote. */
  public static Notification read(JsonNode n) {
    List<Alert> alerts = new ArrayList<>();
    for (JsonNode a : n.get("alerts")) {
      alerts.add(AlertJson.read(a));
    }
    Contact contact = null;
    JsonNode cn = n.get("contact");
    if (cn != null && !cn.isNull()) {
      Map<String, String> addresses = new LinkedHashMap<>();
      cn.get("addresses").properties()
          .forEach(e -> addresses.put(e.getKey(), e.getValue().asString()));
      contact = new Contact(cn.get("name").asString(), addresses);
    }
    return new Notification(n.get("id").asString(),
        Notification.Kind.valueOf(n.get("kind").asString()), alerts.get(0),
        n.get("title").asString(), n.get("text").asString(), contact,
        Instant.parse(n.get("createdAt").asString()), alerts);
  }
}
