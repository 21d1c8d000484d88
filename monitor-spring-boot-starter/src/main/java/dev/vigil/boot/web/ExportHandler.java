package dev.vigil.boot.web;

import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.internal.Json;
import dev.vigil.boot.internal.Requests;
import dev.vigil.boot.internal.Views;
import dev.vigil.store.EventQuery;
import dev.vigil.store.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code GET …/vigil/export/{events|alerts}.{csv|json}}: the stored events matching the filters
 * of the endpoint (newest first, at most {@code vigil.web.export.max-rows}), or the active
 * alerts, as a download.
 */
final class ExportHandler implements HttpRequestHandler {

  private static final String[] EVENT_COLUMNS = {"id", "timestamp", "source", "severity",
      "category", "level", "message", "logger", "thread", "exception", "ruleId", "fingerprint"};
  private static final String[] ALERT_COLUMNS = {"key", "rule", "state", "severity", "value",
      "activeSince", "firingSince", "resolvedAt", "summary"};

  private final Monitor monitor;
  private final AlertEngine alerts;
  private final int maxRows;

  ExportHandler(Monitor monitor, AlertEngine alerts, int maxRows) {
    this.monitor = monitor;
    this.alerts = alerts;
    this.maxRows = maxRows;
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String uri = request.getRequestURI();
    String file = uri.substring(uri.lastIndexOf('/') + 1);
    boolean csv = file.endsWith(".csv");
    if (!"GET".equals(request.getMethod())) {
      response.setHeader("Allow", "GET");
      Responses.text(response, 405, "exports are read with GET");
      return;
    }
    switch (file) {
      case "events.csv", "events.json" -> {
        EventQuery query;
        Page<MonitorEvent> first;
        try {
          query = Requests.events(request::getParameter, monitor.clock().instant(),
              Math.min(500, maxRows));
          first = monitor.events(query); // a bad cursor fails here, before the answer starts
        } catch (IllegalArgumentException e) {
          Responses.text(response, 400, e.getMessage());
          return;
        }
        start(response, file, csv);
        try (Writer out = writer(response)) {
          exportEvents(query, first, csv, out);
        }
      }
      case "alerts.csv", "alerts.json" -> {
        if (alerts == null) {
          Responses.text(response, 404, "the alert engine is off (vigil.alerts.enabled)");
          return;
        }
        start(response, file, csv);
        try (Writer out = writer(response)) {
          exportAlerts(alerts.activeAlerts(), csv, out);
        }
      }
      default -> Responses.text(response, 404, "exports: events.csv, events.json, alerts.csv,"
          + " alerts.json");
    }
  }

  private void exportEvents(EventQuery query, Page<MonitorEvent> first, boolean csv, Writer out)
      throws IOException {
    if (csv) {
      row(out, (Object[]) EVENT_COLUMNS);
    } else {
      out.write('[');
    }
    int rows = 0;
    EventQuery page = query;
    Page<MonitorEvent> p = first;
    while (rows < maxRows) {
      for (MonitorEvent e : p.items()) {
        if (rows == maxRows) {
          break;
        }
        if (csv) {
          row(out, e.id(), e.timestamp(), e.source(), e.severity(), e.category(), e.level(),
              e.message(), e.logger(), e.thread(),
              e.exception() == null ? null : e.exception().type() + ": " + e.exception().message(),
              e.ruleId(), e.fingerprint());
        } else {
          out.write(rows == 0 ? "\n" : ",\n");
          out.write(Json.write(Views.event(e)));
        }
        rows++;
      }
      if (p.nextCursor() == null || rows >= maxRows) {
        break;
      }
      page = page.toBuilder().after(p.nextCursor()).build();
      p = monitor.events(page);
    }
    if (!csv) {
      out.write("\n]\n");
    }
  }

  private static void exportAlerts(List<Alert> active, boolean csv, Writer out)
      throws IOException {
    if (csv) {
      row(out, (Object[]) ALERT_COLUMNS);
      for (Alert a : active) {
        row(out, a.key(), a.ruleId(), a.state(), a.severity(), a.value(), a.activeSince(),
            a.firingSince(), a.resolvedAt(), a.annotations().get("summary"));
      }
    } else {
      List<Object> views = Views.list(active, Views::alert);
      out.write(Json.write(views));
      out.write('\n');
    }
  }

  private static void start(HttpServletResponse response, String file, boolean csv) {
    response.setStatus(200);
    response.setContentType(csv ? "text/csv;charset=UTF-8" : "application/json");
    response.setHeader("Content-Disposition", "attachment; filename=\"vigil-" + file + "\"");
    response.setHeader("X-Content-Type-Options", "nosniff");
  }

  private static Writer writer(HttpServletResponse response) throws IOException {
    return new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** One RFC 4180 row; cells a spreadsheet would run as a formula are prefixed with a quote. */
  private static void row(Writer out, Object... cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      Object c = cells[i];
      String s = c == null ? "" : c instanceof Enum<?> e ? e.name() : c.toString();
      if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(c instanceof Number)) {
        s = "'" + s;
      }
      if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
          || s.indexOf('\r') >= 0) {
        s = '"' + s.replace("\"", "\"\"") + '"';
      }
      out.write(s);
    }
    out.write("\r\n");
  }
}
