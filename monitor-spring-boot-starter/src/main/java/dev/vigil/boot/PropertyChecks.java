package dev.vigil.boot;

import dev.vigil.boot.VigilHealthProperties.ActionProperties;
import dev.vigil.boot.VigilHealthProperties.CheckProperties;
import dev.vigil.boot.VigilHealthProperties.MaintenanceProperties;
import dev.vigil.boot.VigilHealthProperties.RecoveryProperties;
import dev.vigil.boot.internal.Settings;
import dev.vigil.health.CheckOptions;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.MaintenanceTask;
import dev.vigil.health.ProcessRestart;
import dev.vigil.health.RecoveryAction;
import dev.vigil.health.RecoveryPolicy;
import dev.vigil.health.RecoveryResult;
import dev.vigil.health.Schedule;
import dev.vigil.health.check.CommandCheck;
import dev.vigil.health.check.DiskSpaceCheck;
import dev.vigil.health.check.DnsCheck;
import dev.vigil.health.check.HttpCheck;
import dev.vigil.health.check.JdbcCheck;
import dev.vigil.health.check.MemoryCheck;
import dev.vigil.health.check.ProcessCheck;
import dev.vigil.health.check.TcpCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.sql.DataSource;

/**
 * Builds the checks, their options and recovery policies, and the maintenance tasks of {@code
 * vigil.health}. Each problem throws an {@link InvalidVigilPropertyException} naming the
 * property; header values are never put in one. Stateless.
 */
final class PropertyChecks {

  /** The check types and the settings (besides the schedule and recovery) each takes. */
  static final Map<String, Set<String>> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("http", Set.of("url", "method", "headers", "body", "expect-status",
        "max-response-time", "body-contains", "body-not-contains", "json-path",
        "certificate-expiry-warning", "follow-redirects"));
    SETTINGS.put("tcp", Set.of("host", "port"));
    SETTINGS.put("dns", Set.of("host", "expect-address"));
    SETTINGS.put("memory", Set.of("heap-degraded-above-percent", "heap-down-above-percent",
        "system-degraded-below", "system-down-below"));
    SETTINGS.put("disk-space", Set.of("path", "degraded-below", "down-below",
        "degraded-below-percent", "down-below-percent"));
    SETTINGS.put("jdbc", Set.of("data-source", "validation-query", "max-latency"));
    SETTINGS.put("process", Set.of("pid", "pid-file", "command-line"));
    SETTINGS.put("command", Set.of("command", "expect-exit-code", "output-matches",
        "directory"));
  }

  /** The action types and their settings. */
  static final Map<String, Set<String>> ACTION_SETTINGS = Map.of(
      "command", Set.of("command"),
      "http", Set.of("url", "method", "headers", "body"),
      "process-restart", Set.of("command", "pid", "pid-file", "command-line", "directory",
          "output", "grace", "await-port-free"));

  /** How long after the check's own timeout a run that still hangs is cut. */
  static final Duration CUT_MARGIN = Duration.ofSeconds(1);

  private PropertyChecks() {}

  /** Returns the check {@code name} of the properties. */
  static HealthCheck check(String name, CheckProperties c,
      Function<String, DataSource> dataSources) {
    String p = "vigil.health.checks." + name;
    if (name.isBlank()) {
      throw new InvalidVigilPropertyException(p, null, "a check's name must not be blank");
    }
    String type = type(p + ".type", c.getType(), SETTINGS.keySet());
    Set<String> allowed = SETTINGS.get(type);
    for (String setting : set(c)) {
      if (!allowed.contains(setting)) {
        throw new InvalidVigilPropertyException(p + "." + setting, null,
            "is not a setting of a " + type + " check (its settings: "
            + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    Duration timeout = Settings.positive(p + ".timeout", c.getTimeout());
    try {
      return build(name, type, c, p, timeout, dataSources);
    } catch (IllegalArgumentException e) {
      // the checks' messages name the setting; a URL's user info and query are redacted
      throw new InvalidVigilPropertyException(p, null, e.getMessage(), e);
    }
  }

  private static HealthCheck build(String name, String type, CheckProperties c, String p,
      Duration timeout, Function<String, DataSource> dataSources) {
    switch (type) {
      case "http": {
        HttpCheck.Builder b = HttpCheck.builder(name)
            .url(Settings.required(p + ".url", c.getUrl())).timeout(timeout);
        if (c.getMethod() != null) {
          b.method(c.getMethod().strip());
        }
        c.getHeaders().forEach(b::header);
        if (c.getBody() != null) {
          b.body(c.getBody());
        }
        if (!c.getExpectStatus().isEmpty()) {
          b.expectStatus(c.getExpectStatus().stream().mapToInt(Integer::intValue).toArray());
        }
        if (c.getMaxResponseTime() != null) {
          b.maxResponseTime(Settings.positive(p + ".max-response-time", c.getMaxResponseTime()));
        }
        c.getBodyContains().forEach(b::bodyContains);
        c.getBodyNotContains().forEach(b::bodyNotContains);
        c.getJsonPath().forEach(b::jsonPath);
        if (c.getCertificateExpiryWarning() != null) {
          b.certificateExpiryWarning(c.getCertificateExpiryWarning());
        }
        if (c.getFollowRedirects() != null) {
          b.followRedirects(c.getFollowRedirects());
        }
        return b.build();
      }
      case "tcp": {
        if (c.getPort() == null) {
          throw new InvalidVigilPropertyException(p + ".port", null, "is required");
        }
        return TcpCheck.builder(name).host(Settings.required(p + ".host", c.getHost()))
            .port(port(p + ".port", c.getPort())).connectTimeout(timeout).build();
      }
      case "dns": {
        DnsCheck.Builder b = DnsCheck.builder(name)
            .hostName(Settings.required(p + ".host", c.getHost())).timeout(timeout);
        if (c.getExpectAddress() != null) {
          b.expectAddress(c.getExpectAddress().strip());
        }
        return b.build();
      }
      case "memory": {
        MemoryCheck.Builder b = MemoryCheck.builder(name);
        if (c.getHeapDegradedAbovePercent() != null) {
          b.heapDegradedAbovePercent(percent(p + ".heap-degraded-above-percent",
              c.getHeapDegradedAbovePercent()));
        }
        if (c.getHeapDownAbovePercent() != null) {
          b.heapDownAbovePercent(percent(p + ".heap-down-above-percent",
              c.getHeapDownAbovePercent()));
        }
        if (c.getSystemDegradedBelow() != null) {
          b.systemDegradedBelowBytes(bytes(p + ".system-degraded-below",
              c.getSystemDegradedBelow().toBytes()));
        }
        if (c.getSystemDownBelow() != null) {
          b.systemDownBelowBytes(bytes(p + ".system-down-below",
              c.getSystemDownBelow().toBytes()));
        }
        return b.build();
      }
      case "disk-space": {
        DiskSpaceCheck.Builder b = DiskSpaceCheck.builder(name)
            .path(path(p + ".path", Settings.required(p + ".path", c.getPath())));
        if (c.getDegradedBelow() != null) {
          b.degradedBelowBytes(bytes(p + ".degraded-below", c.getDegradedBelow().toBytes()));
        }
        if (c.getDownBelow() != null) {
          b.downBelowBytes(bytes(p + ".down-below", c.getDownBelow().toBytes()));
        }
        if (c.getDegradedBelowPercent() != null) {
          b.degradedBelowPercent(percent(p + ".degraded-below-percent",
              c.getDegradedBelowPercent()));
        }
        if (c.getDownBelowPercent() != null) {
          b.downBelowPercent(percent(p + ".down-below-percent", c.getDownBelowPercent()));
        }
        return b.build();
      }
      case "jdbc": {
        DataSource dataSource = dataSources.apply(c.getDataSource() == null ? null
            : c.getDataSource().strip());
        if (dataSource == null) {
          throw new InvalidVigilPropertyException(p + ".data-source", c.getDataSource(),
              c.getDataSource() == null
                  ? "is required: the application has no single DataSource bean"
                  : "is not the name of a DataSource bean");
        }
        JdbcCheck.Builder b = JdbcCheck.builder(name).dataSource(dataSource).timeout(timeout);
        if (c.getValidationQuery() != null) {
          b.validationQuery(c.getValidationQuery());
        }
        if (c.getMaxLatency() != null) {
          b.maxLatency(Settings.positive(p + ".max-latency", c.getMaxLatency()));
        }
        return b.build();
      }
      case "process": {
        ProcessCheck.Builder b = ProcessCheck.builder(name);
        if (c.getPid() != null) {
          b.pid(c.getPid());
        }
        if (c.getPidFile() != null) {
          b.pidFile(path(p + ".pid-file", c.getPidFile()));
        }
        if (c.getCommandLine() != null) {
          b.commandLine(regex(p + ".command-line", c.getCommandLine()));
        }
        return b.build();
      }
      case "command": {
        if (c.getCommand().isEmpty()) {
          throw new InvalidVigilPropertyException(p + ".command", null,
              "is required: the program and its arguments");
        }
        CommandCheck.Builder b = CommandCheck.builder(name).command(c.getCommand())
            .timeout(timeout);
        if (c.getExpectExitCode() != null) {
          b.expectExitCode(c.getExpectExitCode());
        }
        if (c.getOutputMatches() != null) {
          b.outputMatches(regex(p + ".output-matches", c.getOutputMatches()));
        }
        if (c.getDirectory() != null) {
          b.directory(path(p + ".directory", c.getDirectory()));
        }
        return b.build();
      }
      default:
        throw new AssertionError(type);
    }
  }

  /** Returns the check's schedule options. */
  static CheckOptions options(String name, CheckProperties c) {
    String p = "vigil.health.checks." + name;
    Duration interval = Settings.positive(p + ".interval", c.getInterval());
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidVigilPropertyException(p + ".interval", interval,
          "must be at least 1 second");
    }
    if (!(c.getJitter() >= 0 && c.getJitter() <= 0.5)) {
      throw new InvalidVigilPropertyException(p + ".jitter", c.getJitter(),
          "must be from 0 to 0.5");
    }
    return CheckOptions.defaults().interval(interval).jitter(c.getJitter())
        .timeout(Settings.positive(p + ".timeout", c.getTimeout()).plus(CUT_MARGIN))
        .failureThreshold(threshold(p + ".failure-threshold", c.getFailureThreshold()))
        .successThreshold(threshold(p + ".success-threshold", c.getSuccessThreshold()));
  }

  /** Returns the check's recovery policy, or {@code null} when it has no action. */
  static RecoveryPolicy recovery(String name, RecoveryProperties r) {
    String p = "vigil.health.checks." + name + ".recovery";
    if (r.getActions().isEmpty()) {
      if (!r.getActOn().isEmpty() || !r.getAlertOnly().isEmpty()) {
        throw new InvalidVigilPropertyException(p + ".actions", null,
            "is required with " + p + ".act-on or .alert-only");
      }
      return null;
    }
    List<RecoveryAction> steps = new ArrayList<>();
    for (int i = 0; i < r.getActions().size(); i++) {
      steps.add(action(p + ".actions[" + i + "]", name, r.getActions().get(i)));
    }
    RecoveryAction action = steps.size() == 1 ? steps.get(0)
        : RecoveryAction.sequence(name + "-recovery", steps.toArray(RecoveryAction[]::new));
    RecoveryPolicy.Builder b = RecoveryPolicy.builder();
    Set<FailureKind> alertOnly = kinds(p + ".alert-only", r.getAlertOnly());
    Set<FailureKind> on = kinds(p + ".act-on", r.getActOn());
    for (FailureKind k : on) {
      if (alertOnly.contains(k)) {
        throw new InvalidVigilPropertyException(p + ".act-on", k,
            "is also in " + p + ".alert-only");
      }
    }
    if (on.isEmpty()) {
      b.otherwise(action);
    } else {
      for (FailureKind k : on) {
        b.act(action, k);
      }
    }
    for (FailureKind k : alertOnly) {
      b.alertOnly(k);
    }
    if (r.getCooldown() == null || r.getCooldown().isNegative()) {
      throw new InvalidVigilPropertyException(p + ".cooldown", r.getCooldown(),
          "must not be negative");
    }
    if (r.getMaxAttempts() < 1) {
      throw new InvalidVigilPropertyException(p + ".max-attempts", r.getMaxAttempts(),
          "must be at least 1");
    }
    if (r.getVerifyAfter() == null || r.getVerifyAfter().isNegative()) {
      throw new InvalidVigilPropertyException(p + ".verify-after", r.getVerifyAfter(),
          "must not be negative");
    }
    return b.cooldown(r.getCooldown()).maxAttempts(r.getMaxAttempts())
        .stablePeriod(Settings.positive(p + ".stable-period", r.getStablePeriod()))
        .verify(r.isVerify()).verifyAfter(r.getVerifyAfter())
        .actOnDegraded(r.isActOnDegraded()).build();
  }

  /** Returns the action of the properties under {@code p}. */
  static RecoveryAction action(String p, String owner, ActionProperties a) {
    String type = type(p + ".type", a.getType(), ACTION_SETTINGS.keySet());
    Set<String> allowed = ACTION_SETTINGS.get(type);
    for (String setting : set(a)) {
      if (!allowed.contains(setting)) {
        throw new InvalidVigilPropertyException(p + "." + setting, null,
            "is not a setting of a " + type + " action (its settings: "
            + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    String name = a.getName() == null || a.getName().isBlank() ? owner + "-" + type
        : a.getName().strip();
    switch (type) {
      case "command": {
        if (a.getCommand().isEmpty()) {
          throw new InvalidVigilPropertyException(p + ".command", null,
              "is required: the program and its arguments");
        }
        return RecoveryAction.command(name, Settings.positive(p + ".timeout", a.getTimeout()),
            a.getCommand());
      }
      case "http": {
        String url = Settings.required(p + ".url", a.getUrl());
        URI uri;
        try {
          uri = new URI(url);
        } catch (URISyntaxException e) {
          throw new InvalidVigilPropertyException(p + ".url", null, "is not a URL", e);
        }
        if (!uri.isAbsolute() || uri.getHost() == null || !("http".equalsIgnoreCase(
            uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
          throw new InvalidVigilPropertyException(p + ".url", null,
              "must be an absolute http or https URL with a host");
        }
        String method = Settings.required(p + ".method", a.getMethod())
            .toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]{1,20}")) {
          throw new InvalidVigilPropertyException(p + ".method", a.getMethod(),
              "is not an HTTP method such as POST");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .timeout(Settings.positive(p + ".timeout", a.getTimeout()))
            .method(method, a.getBody() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(a.getBody()));
        for (Map.Entry<String, String> h : a.getHeaders().entrySet()) {
          try {
            request.header(h.getKey(), h.getValue());
          } catch (IllegalArgumentException e) {
            throw new InvalidVigilPropertyException(p + ".headers." + h.getKey(), null,
                "is a restricted or invalid header (a token name, a value without line breaks)");
          }
        }
        return RecoveryAction.http(name, request.build());
      }
      case "process-restart": {
        if (a.getCommand().isEmpty()) {
          throw new InvalidVigilPropertyException(p + ".command", null,
              "is required: the command that starts the process anew");
        }
        ProcessRestart.Builder b = ProcessRestart.builder(name).command(a.getCommand());
        if (a.getPid() != null) {
          if (a.getPid() <= 0) {
            throw new InvalidVigilPropertyException(p + ".pid", a.getPid(), "must be positive");
          }
          b.pid(a.getPid());
        }
        if (a.getPidFile() != null) {
          b.pidFile(path(p + ".pid-file", a.getPidFile()));
        }
        if (a.getCommandLine() != null) {
          b.commandLine(Pattern.compile(regex(p + ".command-line", a.getCommandLine())));
        }
        if (a.getDirectory() != null) {
          b.workingDirectory(path(p + ".directory", a.getDirectory()));
        }
        if (a.getOutput() != null) {
          b.output(path(p + ".output", a.getOutput()));
        }
        if (a.getGrace() == null || a.getGrace().isNegative()) {
          throw new InvalidVigilPropertyException(p + ".grace", a.getGrace(),
              "must not be negative");
        }
        b.grace(a.getGrace());
        if (a.getAwaitPortFree() != null) {
          b.awaitPortFree(port(p + ".await-port-free", a.getAwaitPortFree()));
        }
        try {
          return b.build();
        } catch (IllegalArgumentException e) {
          throw new InvalidVigilPropertyException(p, null, e.getMessage(), e);
        }
      }
      default:
        throw new AssertionError(type);
    }
  }

  /** Returns the maintenance task {@code name} of the properties. */
  static MaintenanceTask maintenance(String name, MaintenanceProperties m) {
    String p = "vigil.health.maintenance." + name;
    Schedule schedule;
    if (m.getEvery() != null && m.getDailyAt() != null) {
      throw new InvalidVigilPropertyException(p + ".every", m.getEvery(),
          "cannot be combined with " + p + ".daily-at: give one of them");
    } else if (m.getEvery() != null) {
      if (!m.getDays().isEmpty()) {
        throw new InvalidVigilPropertyException(p + ".days", null,
            "applies only with " + p + ".daily-at");
      }
      schedule = Schedule.every(Settings.positive(p + ".every", m.getEvery()));
    } else if (m.getDailyAt() != null) {
      List<DayOfWeek> days = new ArrayList<>();
      for (int i = 0; i < m.getDays().size(); i++) {
        days.add(PropertyChannels.day(p + ".days[" + i + "]", m.getDays().get(i)));
      }
      schedule = Schedule.dailyAt(PropertyChannels.time(p + ".daily-at", m.getDailyAt()),
          PropertyChannels.zone(p + ".zone", m.getZone()), days.toArray(DayOfWeek[]::new));
    } else {
      throw new InvalidVigilPropertyException(p + ".daily-at", null,
          "is required (or " + p + ".every): when the task runs");
    }
    RecoveryAction action = action(p + ".action", name, m.getAction());
    if (m.getDedupWindow() == null || m.getDedupWindow().isNegative()) {
      throw new InvalidVigilPropertyException(p + ".dedup-window", m.getDedupWindow(),
          "must not be negative");
    }
    return MaintenanceTask.builder(name).schedule(schedule)
        .action(() -> {
          RecoveryResult result = action.run();
          if (!result.success()) {
            throw new IllegalStateException(action.name() + " failed: " + result.detail());
          }
        })
        .dedupWindow(m.getDedupWindow())
        .timeout(Settings.positive(p + ".timeout", m.getTimeout()))
        .enabled(m.isEnabled()).build();
  }

  private static String type(String property, String value, Set<String> types) {
    String type = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (type.isEmpty()) {
      throw new InvalidVigilPropertyException(property, null,
          "is required: one of " + String.join(", ", types));
    }
    if (!types.contains(type)) {
      throw new InvalidVigilPropertyException(property, value,
          "is not one of " + String.join(", ", types));
    }
    return type;
  }

  private static Set<FailureKind> kinds(String property, List<String> values) {
    Set<FailureKind> kinds = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i) == null ? "" : values.get(i).strip()
          .toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        kinds.add(FailureKind.valueOf(v));
      } catch (IllegalArgumentException e) {
        throw new InvalidVigilPropertyException(property + "[" + i + "]", values.get(i),
            "is not a failure kind (" + java.util.Arrays.toString(FailureKind.values()) + ")");
      }
    }
    return kinds;
  }

  private static int threshold(String property, int n) {
    if (n < 1 || n > 100) {
      throw new InvalidVigilPropertyException(property, n, "must be from 1 to 100");
    }
    return n;
  }

  private static int port(String property, int port) {
    if (port < 1 || port > 65_535) {
      throw new InvalidVigilPropertyException(property, port, "must be a port from 1 to 65535");
    }
    return port;
  }

  private static double percent(String property, double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new InvalidVigilPropertyException(property, percent, "must be from 0 to 100");
    }
    return percent;
  }

  private static long bytes(String property, long bytes) {
    if (bytes < 0) {
      throw new InvalidVigilPropertyException(property, bytes, "must not be negative");
    }
    return bytes;
  }

  private static Path path(String property, String value) {
    try {
      return Path.of(Settings.required(property, value));
    } catch (InvalidPathException e) {
      throw new InvalidVigilPropertyException(property, value, "is not a path: " + e.getReason(),
          e);
    }
  }

  private static String regex(String property, String value) {
    try {
      Pattern.compile(value);
      return value;
    } catch (PatternSyntaxException e) {
      throw new InvalidVigilPropertyException(property, value,
          "is not a regular expression: " + e.getDescription(), e);
    }
  }

  private static Set<String> set(CheckProperties c) {
    Set<String> s = new LinkedHashSet<>();
    add(s, "url", c.getUrl());
    add(s, "method", c.getMethod());
    add(s, "headers", c.getHeaders().isEmpty() ? null : c.getHeaders());
    add(s, "body", c.getBody());
    add(s, "expect-status", c.getExpectStatus().isEmpty() ? null : c.getExpectStatus());
    add(s, "max-response-time", c.getMaxResponseTime());
    add(s, "body-contains", c.getBodyContains().isEmpty() ? null : c.getBodyContains());
    add(s, "body-not-contains", c.getBodyNotContains().isEmpty() ? null
        : c.getBodyNotContains());
    add(s, "json-path", c.getJsonPath().isEmpty() ? null : c.getJsonPath());
    add(s, "certificate-expiry-warning", c.getCertificateExpiryWarning());
    add(s, "follow-redirects", c.getFollowRedirects());
    add(s, "host", c.getHost());
    add(s, "port", c.getPort());
    add(s, "expect-address", c.getExpectAddress());
    add(s, "heap-degraded-above-percent", c.getHeapDegradedAbovePercent());
    add(s, "heap-down-above-percent", c.getHeapDownAbovePercent());
    add(s, "system-degraded-below", c.getSystemDegradedBelow());
    add(s, "system-down-below", c.getSystemDownBelow());
    add(s, "path", c.getPath());
    add(s, "degraded-below", c.getDegradedBelow());
    add(s, "down-below", c.getDownBelow());
    add(s, "degraded-below-percent", c.getDegradedBelowPercent());
    add(s, "down-below-percent", c.getDownBelowPercent());
    add(s, "data-source", c.getDataSource());
    add(s, "validation-query", c.getValidationQuery());
    add(s, "max-latency", c.getMaxLatency());
    add(s, "pid", c.getPid());
    add(s, "pid-file", c.getPidFile());
    add(s, "command-line", c.getCommandLine());
    add(s, "command", c.getCommand().isEmpty() ? null : c.getCommand());
    add(s, "expect-exit-code", c.getExpectExitCode());
    add(s, "output-matches", c.getOutputMatches());
    add(s, "directory", c.getDirectory());
    return s;
  }

  private static Set<String> set(ActionProperties a) {
    Set<String> s = new LinkedHashSet<>();
    add(s, "command", a.getCommand().isEmpty() ? null : a.getCommand());
    add(s, "url", a.getUrl());
    add(s, "headers", a.getHeaders().isEmpty() ? null : a.getHeaders());
    add(s, "body", a.getBody());
    add(s, "pid", a.getPid());
    add(s, "pid-file", a.getPidFile());
    add(s, "command-line", a.getCommandLine());
    add(s, "directory", a.getDirectory());
    add(s, "output", a.getOutput());
    add(s, "await-port-free", a.getAwaitPortFree());
    return s;
  }

  private static void add(Set<String> set, String name, Object value) {
    if (value != null) {
      set.add(name);
    }
  }
}
