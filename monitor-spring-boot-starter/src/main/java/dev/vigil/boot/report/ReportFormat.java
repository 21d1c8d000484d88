package dev.vigil.boot.report;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Report}: as an HTML email ({@link #html}), as plain text for chat messages
 * and logs ({@link #text}), and as a map of simple types for JSON ({@link #toMap}: what the
 * {@code vigil} Actuator endpoint returns at {@code /actuator/vigil/report} and the dashboard
 * shows).
 *
 * <p>Every string of a report may come from a log (a message, a category, a check's or rule's
 * name) and is treated as hostile: the HTML escapes each one (a {@code <script>} in a message
 * shows as text), the text puts each on one line without control characters. Stateless.
 */
public final class ReportFormat {

  /** The longest message of an error group shown in HTML and text, in characters. */
  static final int MESSAGE_MAX = 300;
  /** The longest message of an error group in the map, in characters. */
  static final int MAP_MESSAGE_MAX = 2_000;

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
  private static final String TH = "padding:6px 8px;text-align:left;font-size:12px;"
      + "color:#6b778c;border-bottom:2px solid #dfe1e6;";
  private static final String TD = "padding:6px 8px;border-bottom:1px solid #ebecf0;"
      + "vertical-align:top;";
  private static final String GOOD = "#00875a";
  private static final String BAD = "#de350b";

  private ReportFormat() {}

  // ---- HTML ------------------------------------------------------------------------------------

  /**
   * Returns {@code report} as a complete HTML document for email: tables and inline styles only
   * (no style sheet, script, image or link), every string escaped.
   */
  public static String html(Report report) {
    requireNonNull(report, "report");
    StringBuilder h = new StringBuilder(8_192);
    h.append("<!DOCTYPE html><html><head><meta charset=\"UTF-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\"><title>")
        .append(escape(report.title())).append("</title></head>")
        .append("<body style=\"margin:0;padding:0;background:#f4f5f7;\">")
        .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"")
        .append(" style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">")
        .append("<table role=\"presentation\" width=\"680\" cellpadding=\"0\" cellspacing=\"0\"")
        .append(" style=\"max-width:680px;width:100%;background:#ffffff;border:1px solid #dfe1e6;")
        .append("border-radius:6px;").append(FONT)
        .append("color:#172b4d;font-size:14px;line-height:1.4;\"><tr><td style=\"padding:20px 24px;\">");
    h.append("<h1 style=\"margin:0 0 4px;font-size:20px;").append(FONT).append("\">")
        .append(escape(report.title())).append("</h1>");
    h.append("<p style=\"margin:0 0 16px;color:#6b778c;font-size:12px;\">")
        .append(escape(period(report))).append(" · generated ")
        .append(escape(local(report, report.generatedAt()))).append("</p>");

    summaryCards(h, report);
    if (!report.notes().isEmpty()) {
      h.append("<div style=\"margin:16px 0;padding:8px 12px;background:#fffae6;")
          .append("border-left:4px solid #ff991f;font-size:13px;\"><strong>Partial data</strong><ul")
          .append(" style=\"margin:4px 0 0;padding-left:18px;\">");
      for (String note : report.notes()) {
        h.append("<li>").append(escape(note)).append("</li>");
      }
      h.append("</ul></div>");
    }

    section(h, "Health checks");
    if (report.checks().isEmpty()) {
      empty(h, "No health checks.");
    } else {
      tableStart(h, "Check", "Status", "Uptime", "Average", "p95", "Runs", "Recoveries");
      for (Report.Check c : report.checks()) {
        h.append("<tr>");
        cell(h, c.name(), null);
        cell(h, c.status(), switch (c.status()) {
          case "UP" -> GOOD;
          case "DEGRADED" -> "#b65c00";
          case "DOWN" -> BAD;
          default -> "#6b778c";
        });
        cell(h, Durations.percent(c.uptime()), c.runs() == 0 ? null
            : c.uptime() >= report.objectives().uptime() ? GOOD : BAD);
        cell(h, c.runs() == 0 ? "–" : Durations.latency(c.averageLatency()), null);
        cell(h, c.runs() == 0 ? "–" : Durations.latency(c.p95Latency()), c.runs() == 0 ? null
            : c.p95Latency().compareTo(report.objectives().p95Latency()) <= 0 ? GOOD : BAD);
        cell(h, Durations.count(c.runs()), null);
        cell(h, Durations.count(c.recoveries()), null);
        h.append("</tr>");
      }
      h.append("</table>");
      h.append("<p style=\"margin:4px 0 0;font-size:12px;color:#6b778c;\">Objectives: uptime ≥ ")
          .append(escape(Durations.percent(report.objectives().uptime()))).append(", p95 ≤ ")
          .append(escape(Durations.latency(report.objectives().p95Latency()))).append(".</p>");
    }

    section(h, "Events");
    tableStart(h, "Severity", "Events");
    for (Map.Entry<Severity, Long> e : report.eventsBySeverity().entrySet()) {
      h.append("<tr>");
      cell(h, e.getKey().name(), colour(e.getKey()));
      cell(h, Durations.count(e.getValue()), null);
      h.append("</tr>");
    }
    h.append("</table>");
    if (!report.eventsByCategory().isEmpty()) {
      h.append("<div style=\"height:12px;\"></div>");
      tableStart(h, "Category", "Events");
      for (Map.Entry<String, Long> e : report.eventsByCategory().entrySet()) {
        h.append("<tr>");
        cell(h, e.getKey(), null);
        cell(h, Durations.count(e.getValue()), null);
        h.append("</tr>");
      }
      h.append("</table>");
    }

    section(h, "Incidents");
    tableStart(h, "Severity", "Incidents", "Firing in all", "Longest");
    for (Report.IncidentCount c : report.incidentsBySeverity().values()) {
      h.append("<tr>");
      cell(h, c.severity().name(), colour(c.severity()));
      cell(h, Durations.count(c.count()), null);
      cell(h, c.count() == 0 ? "–" : Durations.span(c.total()), null);
      cell(h, c.count() == 0 ? "–" : Durations.span(c.longest()), null);
      h.append("</tr>");
    }
    h.append("</table>");
    if (!report.incidents().isEmpty()) {
      h.append("<div style=\"height:12px;\"></div>");
      tableStart(h, "Alert", "Severity", "Started", "Resolved", "Firing");
      for (Report.Incident i : report.incidents()) {
        h.append("<tr>");
        h.append("<td style=\"").append(TD).append("\">").append(escape(i.summary()))
            .append("<br><span style=\"font-size:11px;color:#6b778c;\">")
            .append(escape(i.key())).append("</span></td>");
        cell(h, i.severity().name(), colour(i.severity()));
        cell(h, local(report, i.firingSince()), null);
        cell(h, i.resolvedAt() == null ? "still firing" : local(report, i.resolvedAt()),
            i.resolvedAt() == null ? BAD : null);
        cell(h, Durations.span(i.duration()), null);
        h.append("</tr>");
      }
      h.append("</table>");
    }

    section(h, "Top errors");
    if (report.topErrors().isEmpty()) {
      empty(h, "No errors.");
    } else {
      tableStart(h, "Count", "Error", "Category", "Last seen");
      for (Report.ErrorGroup g : report.topErrors()) {
        h.append("<tr>");
        cell(h, "×" + Durations.count(g.count()), null);
        h.append("<td style=\"").append(TD).append("\"><span style=\"color:")
            .append(colour(g.severity())).append(";font-weight:bold;\">")
            .append(escape(g.severity().name())).append("</span> ")
            .append(escape(oneLine(g.message(), MESSAGE_MAX)))
            .append("<br><span style=\"font-size:11px;color:#6b778c;\">")
            .append(escape(g.source())).append(" · ").append(escape(shortFingerprint(g)))
            .append("</span></td>");
        cell(h, g.category(), null);
        cell(h, local(report, g.lastSeen()), null);
        h.append("</tr>");
      }
      h.append("</table>");
    }
    h.append("<p style=\"margin:24px 0 0;font-size:11px;color:#6b778c;\">Sent by Vigil · ")
        .append(escape(report.application())).append("</p>");
    h.append("</td></tr></table></td></tr></table></body></html>");
    return h.toString();
  }

  private static void summaryCards(StringBuilder h, Report r) {
    Duration worstP95 = Duration.ZERO;
    for (Report.Check c : r.checks()) {
      if (c.runs() > 0 && c.p95Latency().compareTo(worstP95) > 0) {
        worstP95 = c.p95Latency();
      }
    }
    boolean anyRuns = r.checks().stream().anyMatch(c -> c.runs() > 0);
    h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"8\"")
        .append(" style=\"margin:0;\"><tr>");
    card(h, "Uptime", Durations.percent(r.uptime()), Double.isNaN(r.uptime()) ? null
        : r.uptime() >= r.objectives().uptime() ? GOOD : BAD);
    card(h, "Worst p95", anyRuns ? Durations.latency(worstP95) : "–", !anyRuns ? null
        : worstP95.compareTo(r.objectives().p95Latency()) <= 0 ? GOOD : BAD);
    long errors = r.eventsAtLeast(Severity.ERROR);
    card(h, "Errors", Durations.count(errors), errors == 0 ? GOOD : BAD);
    long incidents = r.incidentCount();
    card(h, "Incidents", Durations.count(incidents), incidents == 0 ? GOOD : BAD);
    h.append("</tr></table>");
  }

  private static void card(StringBuilder h, String label, String value, String colour) {
    h.append("<td width=\"25%\" style=\"padding:10px;background:#f4f5f7;border-radius:4px;\">")
        .append("<div style=\"font-size:11px;color:#6b778c;text-transform:uppercase;\">")
        .append(escape(label)).append("</div><div style=\"font-size:20px;font-weight:bold;color:")
        .append(colour == null ? "#172b4d" : colour).append(";\">").append(escape(value))
        .append("</div></td>");
  }

  private static void section(StringBuilder h, String title) {
    h.append("<h2 style=\"margin:24px 0 8px;font-size:16px;").append(FONT).append("\">")
        .append(escape(title)).append("</h2>");
  }

  private static void empty(StringBuilder h, String text) {
    h.append("<p style=\"margin:0;color:#6b778c;\">").append(escape(text)).append("</p>");
  }

  private static void tableStart(StringBuilder h, String... headers) {
    h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"")
        .append(" style=\"border-collapse:collapse;font-size:13px;\"><tr>");
    for (String header : headers) {
      h.append("<th style=\"").append(TH).append("\">").append(escape(header)).append("</th>");
    }
    h.append("</tr>");
  }

  private static void cell(StringBuilder h, String text, String colour) {
    h.append("<td style=\"").append(TD);
    if (colour != null) {
      h.append("color:").append(colour).append(";font-weight:bold;");
    }
    h.append("\">").append(escape(text)).append("</td>");
  }

  private static String colour(Severity s) {
    return switch (s) {
      case CRITICAL -> "#8b0000";
      case ERROR -> "#de350b";
      case WARN -> "#b65c00";
      case INFO -> "#6b778c";
    };
  }

  /** Escapes {@code s} for HTML text and attribute values. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (Character.isISOControl(c) && c != '\n' && c != '\t') {
            sb.append(' ');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  // ---- text ------------------------------------------------------------------------------------

  /**
   * Returns {@code report} as plain text for a chat message or a log: short lines, no markup
   * (the chat channels escape it for their medium), every string from a log on one line.
   */
  public static String text(Report report) {
    requireNonNull(report, "report");
    StringBuilder t = new StringBuilder(2_048);
    t.append(period(report)).append('\n');
    if (!report.notes().isEmpty()) {
      t.append('\n');
      for (String note : report.notes()) {
        t.append("⚠ ").append(note).append('\n');
      }
    }
    t.append('\n').append("Uptime: ").append(Durations.percent(report.uptime()));
    if (!report.checks().isEmpty()) {
      t.append(" over ").append(report.checks().size())
          .append(report.checks().size() == 1 ? " check" : " checks");
    }
    t.append(" (objective ").append(Durations.percent(report.objectives().uptime()))
        .append(", p95 ≤ ").append(Durations.latency(report.objectives().p95Latency()))
        .append(")\n");
    for (Report.Check c : report.checks()) {
      t.append(c.runs() == 0 ? "  · " : c.meets(report.objectives()) ? "  ✓ " : "  ✗ ")
          .append(oneLine(c.name(), 80)).append(": ").append(Durations.percent(c.uptime()));
      if (c.runs() > 0) {
        t.append(", avg ").append(Durations.latency(c.averageLatency())).append(", p95 ")
            .append(Durations.latency(c.p95Latency()));
      }
      t.append(", ").append(Durations.count(c.runs())).append(c.runs() == 1 ? " run" : " runs");
      if (c.recoveries() > 0) {
        t.append(", ").append(c.recoveries()).append(" recoveries");
      }
      t.append(" (now ").append(c.status()).append(")\n");
    }

    t.append('\n').append("Events: ").append(Durations.count(report.events()));
    List<String> parts = new ArrayList<>();
    report.eventsBySeverity().forEach((s, n) -> {
      if (n > 0) {
        parts.add(s.name() + " " + Durations.count(n));
      }
    });
    if (!parts.isEmpty()) {
      t.append(" (").append(String.join(", ", parts)).append(')');
    }
    t.append('\n');
    if (!report.eventsByCategory().isEmpty()) {
      List<String> categories = new ArrayList<>();
      report.eventsByCategory().forEach((c, n) -> categories.add(oneLine(c, 40) + " "
          + Durations.count(n)));
      t.append("By category: ").append(String.join(", ", categories)).append('\n');
    }

    t.append('\n').append("Incidents: ").append(report.incidentCount());
    List<String> incidents = new ArrayList<>();
    report.incidentsBySeverity().forEach((s, c) -> {
      if (c.count() > 0) {
        incidents.add(s.name() + " " + c.count() + " (" + Durations.span(c.total())
            + ", longest " + Durations.span(c.longest()) + ")");
      }
    });
    if (!incidents.isEmpty()) {
      t.append(": ").append(String.join(", ", incidents));
    }
    t.append('\n');
    int shown = 0;
    for (Report.Incident i : report.incidents()) {
      if (shown++ == 10) {
        t.append("  … and ").append(report.incidents().size() - 10).append(" more\n");
        break;
      }
      t.append("  ").append(i.severity().name()).append(' ').append(oneLine(i.summary(), 120))
          .append(" · ").append(local(report, i.firingSince())).append(" · ")
          .append(i.resolvedAt() == null ? "still firing" : Durations.span(i.duration()))
          .append('\n');
    }

    t.append('\n').append("Top errors:");
    if (report.topErrors().isEmpty()) {
      t.append(" none");
    }
    t.append('\n');
    for (Report.ErrorGroup g : report.topErrors()) {
      t.append("  ×").append(Durations.count(g.count())).append(' ').append(g.severity().name())
          .append(' ').append(oneLine(g.category(), 40)).append(": ")
          .append(oneLine(g.message(), 200)).append('\n');
    }
    return t.toString();
  }

  // ---- map -------------------------------------------------------------------------------------

  /**
   * Returns {@code report} as nested maps and lists of strings, numbers, booleans and nulls, for
   * JSON: instants as ISO-8601 strings, latencies in milliseconds ({@code ...Ms}), shares from 0
   * to 1 ({@code null} without data). Strings are not escaped: whoever shows them escapes them.
   */
  public static Map<String, Object> toMap(Report report) {
    requireNonNull(report, "report");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", report.id());
    m.put("title", report.title());
    m.put("application", report.application());
    m.put("from", report.from().toString());
    m.put("to", report.to().toString());
    m.put("zone", report.zone().getId());
    m.put("generatedAt", report.generatedAt().toString());
    m.put("complete", report.isComplete());
    m.put("notes", List.copyOf(report.notes()));
    Map<String, Object> objectives = new LinkedHashMap<>();
    objectives.put("uptime", report.objectives().uptime());
    objectives.put("p95LatencyMs", ms(report.objectives().p95Latency()));
    m.put("objectives", objectives);
    m.put("uptime", share(report.uptime()));
    List<Object> checks = new ArrayList<>();
    for (Report.Check c : report.checks()) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("name", c.name());
      check.put("status", c.status());
      check.put("runs", c.runs());
      check.put("uptime", share(c.uptime()));
      check.put("averageLatencyMs", c.runs() == 0 ? null : ms(c.averageLatency()));
      check.put("p95LatencyMs", c.runs() == 0 ? null : ms(c.p95Latency()));
      check.put("recoveries", c.recoveries());
      check.put("meetsObjectives", c.meets(report.objectives()));
      checks.add(check);
    }
    m.put("checks", checks);

    Map<String, Object> events = new LinkedHashMap<>();
    events.put("total", report.events());
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    report.eventsBySeverity().forEach((s, n) -> bySeverity.put(s.name(), n));
    events.put("bySeverity", bySeverity);
    events.put("byCategory", new LinkedHashMap<String, Object>(report.eventsByCategory()));
    m.put("events", events);

    Map<String, Object> incidents = new LinkedHashMap<>();
    incidents.put("total", report.incidentCount());
    Map<String, Object> counts = new LinkedHashMap<>();
    report.incidentsBySeverity().forEach((s, c) -> {
      Map<String, Object> count = new LinkedHashMap<>();
      count.put("count", c.count());
      count.put("totalMs", c.total().toMillis());
      count.put("longestMs", c.longest().toMillis());
      counts.put(s.name(), count);
    });
    incidents.put("bySeverity", counts);
    List<Object> list = new ArrayList<>();
    for (Report.Incident i : report.incidents()) {
      Map<String, Object> incident = new LinkedHashMap<>();
      incident.put("ruleId", i.ruleId());
      incident.put("key", i.key());
      incident.put("severity", i.severity().name());
      incident.put("summary", i.summary());
      incident.put("firingSince", i.firingSince().toString());
      incident.put("resolvedAt", i.resolvedAt() == null ? null : i.resolvedAt().toString());
      incident.put("durationMs", i.duration().toMillis());
      list.add(incident);
    }
    incidents.put("list", list);
    m.put("incidents", incidents);

    List<Object> errors = new ArrayList<>();
    for (Report.ErrorGroup g : report.topErrors()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("fingerprint", g.fingerprint());
      group.put("severity", g.severity().name());
      group.put("category", g.category());
      group.put("source", g.source());
      group.put("message", g.message().length() <= MAP_MESSAGE_MAX ? g.message()
          : g.message().substring(0, MAP_MESSAGE_MAX - 1) + "…");
      group.put("count", g.count());
      group.put("firstSeen", g.firstSeen().toString());
      group.put("lastSeen", g.lastSeen().toString());
      errors.add(group);
    }
    m.put("topErrors", errors);
    return m;
  }

  // ---- shared ----------------------------------------------------------------------------------

  private static Double share(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }

  private static String period(Report r) {
    return local(r, r.from()) + " – " + local(r, r.to()) + " (" + r.zone().getId() + ")";
  }

  private static String local(Report r, Instant instant) {
    return MINUTES.format(instant.atZone(r.zone()));
  }

  private static String shortFingerprint(Report.ErrorGroup g) {
    return g.fingerprint().length() <= 12 ? g.fingerprint() : g.fingerprint().substring(0, 12);
  }

  /** Returns {@code s} on one line, control characters as spaces, cut to {@code max} chars. */
  static String oneLine(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 1));
    boolean space = false;
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      boolean blank = Character.isWhitespace(c) || Character.isISOControl(c)
          || c == '\u2028' || c == '\u2029';
      if (blank) {
        if (!space && sb.length() > 0) {
          sb.append(' ');
        }
        space = true;
      } else {
        sb.append(c);
        space = false;
      }
    }
    String out = sb.toString().strip();
    if (out.length() >= max && s.strip().length() > max) {
      int cut = max - 1;
      if (Character.isHighSurrogate(out.charAt(cut - 1))) {
        cut--;
      }
      return out.substring(0, cut) + "…";
    }
    return out;
  }
}
