package dev.vigil.store.jdbc.internal;

import dev.vigil.ExceptionSummary;
import dev.vigil.LogLevel;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.io.StringWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * How a {@link MonitorEvent} is written to and read from a row of the {@code events} and
 * {@code event_groups} tables: severity as its rank (0 INFO … 3 CRITICAL), the exception summary,
 * context and tags as JSON text ({@code NULL} when absent or empty), timestamps cut to
 * microseconds (PostgreSQL's precision). Text is stored as given, except two things no database
 * column holds: NUL chars and unpaired surrogates become U+FFFD. Stateless.
 */
final class EventColumns {

  /**
   * The columns both tables hold for an event (the latest one, in {@code event_groups}), in
   * binding order; the time and the fingerprint are bound by each table's own statement.
   */
  static final List<String> LATEST = List.of("severity", "source", "category", "level",
      "message", "logger", "thread", "exception", "context", "tags", "rule_id", "event_id",
      "instance_id");

  /** The SQL types of the columns, as the schema scripts declare them. */
  static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("event_time", "TIMESTAMP WITH TIME ZONE"),
      Map.entry("first_seen", "TIMESTAMP WITH TIME ZONE"),
      Map.entry("last_seen", "TIMESTAMP WITH TIME ZONE"),
      Map.entry("fingerprint", "VARCHAR(128)"),
      Map.entry("event_count", "BIGINT"),
      Map.entry("max_severity", "SMALLINT"),
      Map.entry("severity", "SMALLINT"),
      Map.entry("source", "VARCHAR"),
      Map.entry("category", "VARCHAR"),
      Map.entry("level", "VARCHAR(5)"),
      Map.entry("message", "VARCHAR"),
      Map.entry("logger", "VARCHAR"),
      Map.entry("thread", "VARCHAR"),
      Map.entry("exception", "VARCHAR"),
      Map.entry("context", "VARCHAR"),
      Map.entry("tags", "VARCHAR"),
      Map.entry("rule_id", "VARCHAR"),
      Map.entry("event_id", "BIGINT"),
      Map.entry("instance_id", "VARCHAR(200)"));

  private static final Severity[] SEVERITIES = Severity.values();

  private EventColumns() {}

  /**
   * Binds the {@link #LATEST} columns of {@code e} from parameter {@code first} on; returns the
   * next parameter's index.
   */
  static int bind(PreparedStatement ps, int first, MonitorEvent e, String instanceId)
      throws SQLException {
    int i = first;
    ps.setShort(i++, (short) e.severity().ordinal());
    ps.setString(i++, Db.text(e.source()));
    ps.setString(i++, Db.text(e.category()));
    setNullable(ps, i++, e.level() == null ? null : e.level().name());
    ps.setString(i++, Db.text(e.message()));
    setNullable(ps, i++, Db.text(e.logger()));
    setNullable(ps, i++, Db.text(e.thread()));
    setNullable(ps, i++, exceptionJson(e.exception()));
    setNullable(ps, i++, mapJson(e.context()));
    setNullable(ps, i++, mapJson(e.tags()));
    setNullable(ps, i++, Db.text(e.ruleId()));
    ps.setLong(i++, e.id());
    ps.setString(i++, instanceId);
    return i;
  }

  /**
   * Writes the {@link #LATEST} columns of {@code e} as text into {@code row} from {@code first}
   * on, {@code null} for NULL: the same values {@link #bind} binds, for PostgreSQL's COPY.
   */
  static void values(String[] row, int first, MonitorEvent e, String instanceId) {
    int i = first;
    row[i++] = Integer.toString(e.severity().ordinal());
    row[i++] = Db.text(e.source());
    row[i++] = Db.text(e.category());
    row[i++] = e.level() == null ? null : e.level().name();
    row[i++] = Db.text(e.message());
    row[i++] = Db.text(e.logger());
    row[i++] = Db.text(e.thread());
    row[i++] = exceptionJson(e.exception());
    row[i++] = mapJson(e.context());
    row[i++] = mapJson(e.tags());
    row[i++] = Db.text(e.ruleId());
    row[i++] = Long.toString(e.id());
    row[i] = instanceId;
  }

  /** Reads the event of the current row, which happened at {@code time}. */
  static MonitorEvent read(ResultSet rs, Instant time) throws SQLException {
    String level = rs.getString("level");
    return new MonitorEvent(rs.getLong("event_id"), time, rs.getString("source"),
        severity(rs.getInt("severity")), rs.getString("category"),
        level == null ? null : LogLevel.valueOf(level), rs.getString("message"),
        rs.getString("logger"), rs.getString("thread"), exception(rs.getString("exception")),
        map(rs.getString("context")), map(rs.getString("tags")), rs.getString("rule_id"),
        rs.getString("fingerprint"));
  }

  /** Returns the severity of rank {@code rank}. */
  static Severity severity(int rank) {
    if (rank < 0 || rank >= SEVERITIES.length) {
      throw new IllegalStateException("unknown severity rank " + rank + " in the events table");
    }
    return SEVERITIES[rank];
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  // ---- JSON ------------------------------------------------------------------------------------

  static String mapJson(Map<String, String> map) {
    if (map.isEmpty()) {
      return null;
    }
    StringWriter out = new StringWriter(32 * map.size());
    try (JsonGenerator g = Db.json().createGenerator(out)) {
      writeMap(g, map);
    }
    return out.toString();
  }

  private static void writeMap(JsonGenerator g, Map<String, String> map) {
    g.writeStartObject();
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringProperty(Db.text(e.getKey()), Db.text(e.getValue()));
    }
    g.writeEndObject();
  }

  static Map<String, String> map(String json) {
    if (json == null) {
      return Map.of();
    }
    JsonNode node = Db.json().readTree(json);
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      map.put(e.getKey(), e.getValue().asString());
    }
    return map;
  }

  /**
   * The exception summary as {@code {"type", "message", "frames": [...], "omittedFrames",
   * "cause": {...}}}; the message and cause are left out when null.
   */
  static String exceptionJson(ExceptionSummary summary) {
    if (summary == null) {
      return null;
    }
    StringWriter out = new StringWriter(1_024);
    try (JsonGenerator g = Db.json().createGenerator(out)) {
      writeException(g, summary);
    }
    return out.toString();
  }

  private static void writeException(JsonGenerator g, ExceptionSummary s) {
    g.writeStartObject();
    g.writeStringProperty("type", Db.text(s.type()));
    if (s.message() != null) {
      g.writeStringProperty("message", Db.text(s.message()));
    }
    g.writeName("frames");
    g.writeStartArray();
    for (String frame : s.frames()) {
      g.writeString(Db.text(frame));
    }
    g.writeEndArray();
    g.writeNumberProperty("omittedFrames", s.omittedFrames());
    if (s.cause() != null) {
      g.writeName("cause");
      writeException(g, s.cause());
    }
    g.writeEndObject();
  }

  static ExceptionSummary exception(String json) {
    return json == null ? null : exception(Db.json().readTree(json));
  }

  private static ExceptionSummary exception(JsonNode node) {
    List<String> frames = new ArrayList<>();
    node.get("frames").values().forEach(f -> frames.add(f.asString()));
    JsonNode message = node.get("message");
    JsonNode cause = node.get("cause");
    return new ExceptionSummary(node.get("type").asString(),
        message == null || message.isNull() ? null : message.asString(), frames,
        node.get("omittedFrames").asInt(), cause == null || cause.isNull() ? null
            : exception(cause));
  }
}
