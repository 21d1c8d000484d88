package dev.vigil.boot.internal;

import dev.vigil.ExceptionSummary;
import dev.vigil.MonitorEvent;
import dev.vigil.alerts.Acknowledgement;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Muting;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.Transition;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthStats;
import dev.vigil.notify.OutboxEntry;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Vigil's objects as maps and lists of strings, numbers and booleans: what the Actuator endpoint
 * returns (serialized by the application's Jackson, 2 or 3), and what the stream and the exports
 * write. Instants are ISO-8601 strings, durations milliseconds; absent values are left out.
 */
public final class Views {

  private Views() {}

  public static Map<String, Object> event(MonitorEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    put(m, "timestamp", e.timestamp());
    m.put("source", e.source());
    m.put("severity", e.severity().name());
    put(m, "category", e.category());
    put(m, "level", e.level());
    m.put("message", e.message());
    put(m, "logger", e.logger());
    put(m, "thread", e.thread());
    if (e.exception() != null) {
      m.put("exception", exception(e.exception()));
    }
    if (e.context() != null && !e.context().isEmpty()) {
      m.put("context", e.context());
    }
    if (e.tags() != null && !e.tags().isEmpty()) {
      m.put("tags", e.tags());
    }
    put(m, "ruleId", e.ruleId());
    put(m, "fingerprint", e.fingerprint());
    return m;
  }

  static Map<String, Object> exception(ExceptionSummary x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", x.type());
    put(m, "message", x.message());
    m.put("frames", x.frames());
    if (x.omittedFrames() > 0) {
      m.put("omittedFrames", x.omittedFrames());
    }
    if (x.cause() != null) {
      m.put("cause", exception(x.cause()));
    }
    return m;
  }

  public static Map<String, Object> group(EventGroup g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", g.fingerprint());
    m.put("count", g.count());
    m.put("severity", g.severity().name());
    put(m, "firstSeen", g.firstSeen());
    put(m, "lastSeen", g.lastSeen());
    m.put("latest", event(g.latest()));
    return m;
  }

  public static Map<String, Object> stats(EventStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "from", s.from());
    put(m, "to", s.to());
    m.put("total", s.total());
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    s.bySeverity().forEach((k, v) -> bySeverity.put(k.name(), v));
    m.put("bySeverity", bySeverity);
    m.put("byCategory", s.byCategory());
    m.put("bySource", s.bySource());
    m.put("topGroups", list(s.topGroups(), Views::group));
    return m;
  }

  public static Map<String, Object> alert(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", a.key());
    m.put("rule", a.ruleId());
    m.put("state", a.state().name());
    m.put("severity", a.severity().name());
    m.put("group", a.group());
    m.put("labels", a.labels());
    m.put("annotations", a.annotations());
    put(m, "runbook", a.runbook());
    m.put("value", a.value());
    put(m, "activeSince", a.activeSince());
    put(m, "firingSince", a.firingSince());
    put(m, "resolvedAt", a.resolvedAt());
    Acknowledgement ack = a.acknowledgement();
    if (ack != null) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("by", ack.by());
      am.put("comment", ack.comment());
      put(am, "at", ack.at());
      put(am, "until", ack.until());
      m.put("acknowledgement", am);
    }
    Muting muting = a.mutedBy();
    if (muting != null) {
      m.put("mutedBy", Map.of("kind", muting.kind().name(), "id", muting.id()));
    }
    m.put("history", list(a.history(), Views::transition));
    return m;
  }

  static Map<String, Object> transition(Transition t) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "from", t.from());
    m.put("to", t.to().name());
    put(m, "at", t.at());
    m.put("reason", t.reason());
    m.put("value", t.value());
    return m;
  }

  public static Map<String, Object> rule(AlertRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("severity", r.severity().name());
    m.put("condition", String.valueOf(r.condition()));
    m.put("groupBy", r.groupBy());
    m.put("intervalMs", r.interval().toMillis());
    m.put("labels", r.labels());
    put(m, "runbook", r.runbook());
    return m;
  }

  public static Map<String, Object> silence(Silence s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("matchers", list(s.matchers(), x -> Map.of("name", x.name(), "op", x.op().symbol(),
        "value", x.value())));
    put(m, "createdBy", s.createdBy());
    put(m, "comment", s.comment());
    put(m, "startsAt", s.startsAt());
    put(m, "endsAt", s.endsAt());
    return m;
  }

  public static Map<String, Object> check(CheckStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", s.check());
    m.put("status", s.status().name());
    put(m, "since", s.since());
    m.put("failuresInARow", s.failuresInARow());
    m.put("successesInARow", s.successesInARow());
    if (s.last() != null) {
      m.put("last", record(s.last()));
    }
    return m;
  }

  public static Map<String, Object> record(HealthRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "checkedAt", r.checkedAt());
    m.put("status", r.status().name());
    put(m, "failure", r.failure());
    put(m, "detail", r.detail());
    put(m, "latencyMs", millis(r.latency()));
    put(m, "error", r.error());
    put(m, "trigger", r.trigger());
    if (r.recoveryTriggered()) {
      m.put("recoveryTriggered", true);
      put(m, "recoverySucceeded", r.recoverySucceeded());
    }
    if (r.supportNotified()) {
      m.put("supportNotified", true);
    }
    return m;
  }

  public static Map<String, Object> healthStats(HealthStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", s.check());
    put(m, "from", s.from());
    put(m, "to", s.to());
    m.put("runs", s.runs());
    m.put("successRate", Double.isNaN(s.successRate()) ? null : s.successRate()); // no runs
    put(m, "averageLatencyMs", millis(s.averageLatency()));
    put(m, "p95LatencyMs", millis(s.p95Latency()));
    Map<String, Object> byDay = new LinkedHashMap<>();
    s.uptimeByDay().forEach((day, v) -> byDay.put(day.toString(), v));
    m.put("uptimeByDay", byDay);
    m.put("recoveries", s.recoveries());
    m.put("recoveriesSucceeded", s.recoveriesSucceeded());
    m.put("alerts", s.alerts());
    return m;
  }

  public static Map<String, Object> outboxEntry(OutboxEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("channel", e.channel());
    m.put("state", e.state().name());
    m.put("kind", e.notification().kind().name());
    if (e.notification().alert() != null) {
      m.put("alert", e.notification().alert().key());
    }
    m.put("title", e.notification().title());
    m.put("attempts", e.attempts());
    put(m, "createdAt", e.createdAt());
    put(m, "dueAt", e.dueAt());
    put(m, "lastError", e.lastError());
    return m;
  }

  public static <T> List<Object> list(Iterable<T> items, Function<? super T, ?> view) {
    List<Object> out = new ArrayList<>();
    for (T t : items) {
      out.add(view.apply(t));
    }
    return out;
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value instanceof Instant || value instanceof Enum<?> || value instanceof java.net.URI) {
      m.put(key, value instanceof Enum<?> e ? e.name() : value.toString());
    } else if (value != null) {
      m.put(key, value);
    }
  }
}
