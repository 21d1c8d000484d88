package dev.vigil.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.Silence;
import dev.vigil.boot.internal.Requests;
import dev.vigil.boot.internal.SeriesView;
import dev.vigil.boot.internal.Views;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.RecoveryOutcome;
import dev.vigil.boot.report.Report;
import dev.vigil.boot.report.VigilReports;
import dev.vigil.notify.Notifier;
import dev.vigil.store.EventQuery;
import dev.vigil.store.Page;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

/**
 * The {@code vigil} Actuator endpoint: events, groups, statistics, alerts, silences, health
 * checks, the notifier's dead letters, and the actions on them. Exposed and secured like every
 * Actuator endpoint: {@code management.endpoints.web.exposure.include=vigil}.
 *
 * <ul>
 *   <li>{@code GET /actuator/vigil}: a summary;
 *   <li>{@code GET /actuator/vigil/{events|groups|stats|alerts|silences|rules|checks|channels|dead-letters|report}}
 *       with the filters {@code source, severity, category, text, fingerprint, from, to, window,
 *       limit, cursor} where they apply;
 *   <li>{@code GET /actuator/vigil/series?window=1h}: events per minute by severity and the
 *       recorded metric series (names containing {@code text}, at most {@code limit}) for charts;
 *   <li>{@code GET /actuator/vigil/checks/{name}}: a check's status, history and statistics;
 *   <li>{@code POST /actuator/vigil/{resource}} with a JSON body naming the {@code action}.
 * </ul>
 */
@WebEndpoint(id = "vigil")
// org.springframework.lang.Nullable: the optional parameters that Boot 3.5 recognizes (Boot 4 too)
@SuppressWarnings({"deprecation", "removal"})
public class VigilEndpoint {

  /** How long a manual trigger (a check run, a recovery, a test notification) may take. */
  private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(30);

  private final Monitor monitor;
  private final AlertEngine alerts;
  private final HealthMonitor health;
  private final Notifier notifier;
  private final VigilReports reports;

  /**
   * @param alerts the alert engine, or {@code null}
   * @param health the health monitor, or {@code null}
   * @param notifier the notifier, or {@code null}
   * @param reports the reports, or {@code null}
   */
  public VigilEndpoint(Monitor monitor, AlertEngine alerts, HealthMonitor health,
      Notifier notifier, VigilReports reports) {
    this.monitor = requireNonNull(monitor, "monitor");
    this.alerts = alerts;
    this.health = health;
    this.notifier = notifier;
    this.reports = reports;
  }

  @ReadOperation
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", monitor.name());
    m.put("now", monitor.clock().instant().toString());
    m.put("stats", Views.stats(monitor.stats(Duration.ofHours(1))));
    if (alerts != null) {
      m.put("alerts", Views.list(alerts.activeAlerts(), Views::alert));
    }
    if (health != null) {
      m.put("checks", Views.list(health.statuses(), Views::check));
    }
    if (notifier != null) {
      m.put("channels", List.copyOf(notifier.channels()));
      m.put("deadLetters", notifier.deadLetters().size());
    }
    return m;
  }

  @ReadOperation
  public Object resource(@Selector String resource, @Nullable String source,
      @Nullable String severity, @Nullable String category, @Nullable String text,
      @Nullable String fingerprint, @Nullable String from, @Nullable String to,
      @Nullable String window, @Nullable String limit, @Nullable String cursor) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("source", source);
    p.put("severity", severity);
    p.put("category", category);
    p.put("text", text);
    p.put("fingerprint", fingerprint);
    p.put("from", from);
    p.put("to", to);
    p.put("window", window);
    p.put("limit", limit);
    p.put("cursor", cursor);
    return guarded(() -> switch (resource) {
      case "events" -> page(monitor.events(query(p)), Views::event);
      case "groups" -> page(monitor.groups(query(p)), Views::group);
      case "stats" -> Views.stats(monitor.stats(window == null ? Duration.ofHours(1)
          : Requests.duration("window", window)));
      case "alerts" -> Map.of("alerts", Views.list(engine().activeAlerts(), Views::alert));
      case "silences" -> Map.of("silences", Views.list(engine().silences(), Views::silence));
      case "rules" -> Map.of("rules", Views.list(engine().rules(), Views::rule));
      case "checks" -> Map.of("checks", Views.list(healthMonitor().statuses(), Views::check));
      case "channels" -> Map.of("channels", List.copyOf(notifier().channels()));
      case "dead-letters" -> Map.of("deadLetters",
          Views.list(notifier().deadLetters(), Views::outboxEntry));
      case "report" -> reports().toMap(from == null && to == null ? reports().latest()
          : reports().generate(from == null ? Requests.instant("to", to).minus(Duration.ofDays(7))
              : Requests.instant("from", from),
              to == null ? monitor.clock().instant() : Requests.instant("to", to)));
      case "series" -> SeriesView.of(monitor, window == null ? Duration.ofHours(1)
          : Requests.duration("window", window), Requests.blankToNull(text),
          Requests.blankToNull(source), limit == null ? 20
              : Math.min(SeriesView.MAX_SERIES, Requests.limit(limit)));
      default -> throw new IllegalArgumentException("no resource '" + Requests.shorten(resource)
          + "'; resources: events, groups, stats, alerts, silences, rules, checks, channels,"
          + " dead-letters, report, series");
    });
  }

  @ReadOperation
  public Object item(@Selector String resource, @Selector String name, @Nullable String window) {
    return guarded(() -> {
      if (!resource.equals("checks")) {
        throw new IllegalArgumentException("no resource '" + Requests.shorten(resource) + "/…';"
            + " only checks/{name}");
      }
      HealthMonitor h = healthMonitor();
      CheckStatus status = h.status(name);
      if (status == null) {
        throw new IllegalArgumentException("no check '" + Requests.shorten(name) + "'");
      }
      Duration w = window == null ? Duration.ofDays(1) : Requests.duration("window", window);
      Instant now = monitor.clock().instant();
      List<HealthRecord> history = h.store().find(name, now.minus(w), now);
      Map<String, Object> m = new LinkedHashMap<>(Views.check(status));
      m.put("stats", Views.healthStats(h.stats(name, w)));
      int from = Math.max(0, history.size() - 500); // the newest 500 runs of the window
      m.put("history", Views.list(history.subList(from, history.size()), Views::record));
      return m;
    });
  }

  /**
   * Acts on a resource; the JSON body names the {@code action} and its arguments:
   * <ul>
   *   <li>{@code alerts}: {@code acknowledge} ({@code key, comment, duration} (default 1h)),
   *       {@code resolve} ({@code key, comment});
   *   <li>{@code silences}: {@code create} ({@code matchers} such as {@code "alertname=db-down
   *       team=~pay.*"}, {@code duration} (default 1h), {@code comment}), {@code expire}
   *       ({@code id});
   *   <li>{@code checks}: {@code run}, {@code recover} ({@code force}), {@code reset}
   *       ({@code name});
   *   <li>{@code rules}: {@code evaluate};
   *   <li>{@code channels}: {@code test} ({@code name});
   *   <li>{@code dead-letters}: {@code replay} ({@code id}), {@code replay-all};
   *   <li>{@code report}: {@code send} (the latest report, to the report's channels).
   * </ul>
   * Who acted is the authenticated user, else the body's {@code by}, else {@code actuator}.
   */
  @WriteOperation
  public Object act(SecurityContext security, @Selector String resource, String action,
      @Nullable String key, @Nullable String name, @Nullable String id,
      @Nullable String comment, @Nullable String duration, @Nullable String by,
      @Nullable String matchers, @Nullable Boolean force) {
    String who = security != null && security.getPrincipal() != null
        ? security.getPrincipal().getName()
        : by != null && !by.isBlank() ? by.strip() : "actuator";
    String note = comment == null ? "" : comment;
    return guarded(() -> switch (resource + ":" + action.toLowerCase(Locale.ROOT)) {
      case "alerts:acknowledge", "alerts:ack" -> Views.alert(engine().acknowledge(
          required("key", key), who, note,
          duration == null ? Duration.ofHours(1) : Requests.duration("duration", duration)));
      case "alerts:resolve" -> Views.alert(engine().resolve(required("key", key), who, note));
      case "silences:create" -> Views.silence(engine().silence(silence(matchers, who, note,
          duration)));
      case "silences:expire" -> {
        engine().expire(required("id", id));
        yield Map.of("expired", id);
      }
      case "checks:run" -> Views.record(await(healthMonitor().runNow(required("name", name))));
      case "checks:recover" -> outcome(await(healthMonitor().recoverNow(required("name", name),
          Boolean.TRUE.equals(force))));
      case "checks:reset" -> Map.of("check", name,
          "wasEscalated", healthMonitor().resetRecovery(required("name", name)));
      case "rules:evaluate" -> Map.of("alerts", Views.list(engine().evaluate(), Views::alert));
      case "channels:test" -> {
        await(notifier().sendTest(required("name", name)));
        yield Map.of("channel", name, "sent", true);
      }
      case "dead-letters:replay" -> {
        notifier().replay(required("id", id));
        yield Map.of("replayed", id);
      }
      case "dead-letters:replay-all" -> Map.of("replayed", notifier().replayAll());
      case "report:send" -> {
        Report report = reports().latest();
        reports().sendAsync(report); // on the report thread: sending may take long
        yield Map.of("sending", report.id(), "channels", reports().channels());
      }
      default -> throw new IllegalArgumentException("no action '" + Requests.shorten(action)
          + "' on '" + Requests.shorten(resource) + "'");
    });
  }

  /**
   * A silence of {@code matchers} written as amtool writes them: {@code alertname=db-down
   * team=~pay.* env!=dev}, separated by spaces or commas.
   */
  private Silence silence(String matchers, String who, String comment, String duration) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (matchers != null && !matchers.isBlank()) {
      for (String m : matchers.trim().split("[\\s,]+")) {
        int eq = m.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("'" + Requests.shorten(m) + "' is not a matcher such"
              + " as alertname=db-down, team=~pay.* or env!=dev");
        }
        boolean not = m.charAt(eq - 1) == '!';
        String name = m.substring(0, not ? eq - 1 : eq);
        labels.put(name, (not ? "!=" : "=") + m.substring(eq + 1));
      }
    }
    if (labels.isEmpty() || labels.containsKey("")) {
      throw new IllegalArgumentException("a silence needs 'matchers', such as"
          + " \"alertname=db-down team=~pay.*\"");
    }
    Silence.Builder b = Silence.builder().createdBy(who).comment(comment)
        .endsAt(monitor.clock().instant().plus(Requests.duration("duration",
            duration == null ? "1h" : duration)));
    labels.forEach((label, v) -> {
      if (v.startsWith("=~")) {
        b.matchingRegex(label, v.substring(2));
      } else if (v.startsWith("!=")) {
        b.notMatching(label, v.substring(2));
      } else {
        b.matching(label, v.startsWith("=") ? v.substring(1) : v);
      }
    });
    return b.build();
  }

  private static Map<String, Object> outcome(RecoveryOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", o.check());
    m.put("outcome", o.type().name());
    m.put("acted", o.acted());
    m.put("detail", o.detail());
    return m;
  }

  private EventQuery query(Map<String, String> params) {
    return Requests.events(params::get, monitor.clock().instant(), 50);
  }

  private static <T> Map<String, Object> page(Page<T> page,
      java.util.function.Function<? super T, ?> view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", Views.list(page.items(), view));
    if (page.nextCursor() != null) {
      m.put("nextCursor", page.nextCursor());
    }
    return m;
  }

  private AlertEngine engine() {
    if (alerts == null) {
      throw new IllegalStateException("the alert engine is off (vigil.alerts.enabled)");
    }
    return alerts;
  }

  private HealthMonitor healthMonitor() {
    if (health == null) {
      throw new IllegalStateException("health checks are off (vigil.health.enabled)");
    }
    return health;
  }

  private Notifier notifier() {
    if (notifier == null) {
      throw new IllegalStateException("notifications are off (vigil.notify.enabled)");
    }
    return notifier;
  }

  private VigilReports reports() {
    if (reports == null) {
      throw new IllegalStateException("reports are off");
    }
    return reports;
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' is required");
    }
    return value;
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TRIGGER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + TRIGGER_TIMEOUT.toSeconds() + " s;"
          + " it goes on in the background");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
  }

  /**
   * Bad requests are answered 400 with the reason, and requests for what is switched off or
   * cannot be done now 409; neither reaches the application's error log.
   */
  private static Object guarded(java.util.function.Supplier<Object> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException | DateTimeException e) { // a date off the calendar
      return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())), 400);
    } catch (IllegalStateException e) {
      return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())), 409);
    }
  }
}
