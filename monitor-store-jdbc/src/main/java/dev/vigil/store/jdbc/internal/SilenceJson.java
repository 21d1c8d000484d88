package dev.vigil.store.jdbc.internal;

import dev.vigil.alerts.Silence;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Silence} as JSON and reads it back equal to the original (instants to the
 * nanosecond, matchers in order).
 */
public final class SilenceJson {

  private SilenceJson() {}

  /** Returns {@code silence} as a JSON object. */
  public static ObjectNode write(Silence silence) {
    ObjectNode n = Db.json().createObjectNode();
    n.put("id", silence.id());
    ArrayNode matchers = n.putArray("matchers");
    for (Silence.Matcher m : silence.matchers()) {
      matchers.addObject().put("name", m.name()).put("op", m.op().name()).put("value", m.value());
    }
    n.put("createdBy", silence.createdBy());
    n.put("comment", silence.comment());
    if (silence.startsAt() != null) {
      n.put("startsAt", silence.startsAt().toString());
    }
    n.put("endsAt", silence.endsAt().toString());
    return n;
  }

  /** Returns the silence of a JSON text {@link #write} wrote. */
  public static Silence fromJson(String json) {
    JsonNode n = Db.json().readTree(json);
    Silence.Builder b = Silence.builder()
        .id(n.get("id").asString())
        .createdBy(n.get("createdBy").asString())
        .comment(n.get("comment").asString())
        .endsAt(Instant.parse(n.get("endsAt").asString()));
    if (n.hasNonNull("startsAt")) {
      b.startsAt(Instant.parse(n.get("startsAt").asString()));
    }
    for (JsonNode m : n.get("matchers")) {
      String name = m.get("name").asString();
      String value = m.get("value").asString();
      switch (Silence.Op.valueOf(m.get("op").asString())) {
        case EQUAL -> b.matching(name, value);
        case NOT_EQUAL -> b.notMatching(name, value);
        case REGEX -> b.matchingRegex(name, value);
      }
    }
    return b.build();
  }
}
