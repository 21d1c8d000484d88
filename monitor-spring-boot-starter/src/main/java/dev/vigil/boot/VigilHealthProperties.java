package dev.vigil.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code vigil.health.*} properties: health checks ({@code vigil.health.checks.<name>.*}),
 * their recovery, scheduled maintenance ({@code vigil.health.maintenance.<name>.*}) and their
 * history. The application's {@code HealthCheck} and {@code MaintenanceTask} beans run too.
 */
@ConfigurationProperties("vigil.health")
public class VigilHealthProperties {


  /** Whether health checks run. */
  private boolean enabled = true;

  /** How long check results are kept. */
  private Duration retention = Duration.ofDays(30);

  /** How many checks may run at once (1 to 64). */
  private int maxConcurrency = 4;

  /** The checks by name, such as {@code vigil.health.checks.payments-api.type=http}. */
  private Map<String, CheckProperties> checks = new LinkedHashMap<>();

  /** Maintenance tasks by name, run on a schedule, such as a nightly restart. */
  private Map<String, MaintenanceProperties> maintenance = new LinkedHashMap<>();

  /**
   * One check: its type, that type's settings, its schedule and its recovery. Settings that do
   * not apply to the type are refused.
   */
  public static class CheckProperties {

    /** The check's type: http, tcp, dns, memory, disk-space, jdbc, process or command. */
    private String type;

    /** The time between two runs, at least 1 second. */
    private Duration interval = Duration.ofSeconds(60);

    /** The relative spread of the interval (0 to 0.5), so that checks do not run in step. */
    private double jitter = 0.1;

    /**
     * How long a run may take: the check's own I/O timeout; a run that still hangs is cut one
     * second later and reported DOWN (TIMEOUT).
     */
    private Duration timeout = Duration.ofSeconds(10);

    /** DOWN results in a row that make the check DOWN (1 to 100). */
    private int failureThreshold = 1;

    /** Results in a row that are not DOWN that bring a DOWN check back (1 to 100). */
    private int successThreshold = 1;

    /** http: the URL to request (required). */
    private String url;

    /** http: the method; GET by default. */
    private String method;

    /** http: request headers; their values are never shown. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** http: a request body, sent as given. */
    private String body;

    /** http: the accepted statuses; any 2xx by default. */
    private List<Integer> expectStatus = new ArrayList<>();

    /** http: DEGRADED when the exchange takes longer; none by default. */
    private Duration maxResponseTime;

    /** http: texts the body must contain (else DOWN, BAD_RESPONSE). */
    private List<String> bodyContains = new ArrayList<>();

    /** http: texts the body must not contain (else DOWN, BAD_STATE), such as notAuthorized. */
    private List<String> bodyNotContains = new ArrayList<>();

    /** http: JSON paths and the values expected there, such as json-path[$.status]=ok. */
    private Map<String, String> jsonPath = new LinkedHashMap<>();

    /** http: DEGRADED (TLS) when the certificate expires within this; 14 days by default. */
    private Duration certificateExpiryWarning;

    /** http: whether redirects are followed (never https to http); false by default. */
    private Boolean followRedirects;

    /** tcp: the host to connect to (required); dns: the name to resolve (required). */
    private String host;

    /** tcp: the port (required). */
    private Integer port;

    /** dns: an address the name must resolve to. */
    private String expectAddress;

    /** memory: DEGRADED when more of the maximum heap is used; 90 by default. */
    private Double heapDegradedAbovePercent;

    /** memory: DOWN when more of the maximum heap is used; 98 by default. */
    private Double heapDownAbovePercent;

    /** memory: DEGRADED when the system has less memory available; off by default. */
    private DataSize systemDegradedBelow;

    /** memory: DOWN when the system has less memory available; 100MB by default. */
    private DataSize systemDownBelow;

    /** disk-space: a path on the file store to check (required). */
    private String path;

    /** disk-space: DEGRADED below this much usable space; off by default. */
    private DataSize degradedBelow;

    /** disk-space: DOWN below this much usable space; off by default. */
    private DataSize downBelow;

    /** disk-space: DEGRADED below this percentage usable; 10 by default. */
    private Double degradedBelowPercent;

    /** disk-space: DOWN below this percentage usable; 5 by default. */
    private Double downBelowPercent;

    /** jdbc: the name of the DataSource bean; the application's only DataSource by default. */
    private String dataSource;

    /** jdbc: a query to run, such as SELECT 1; Connection.isValid otherwise. */
    private String validationQuery;

    /** jdbc: DEGRADED when connecting and validating take longer; none by default. */
    private Duration maxLatency;

    /** process: the process id. */
    private Long pid;

    /** process: a file holding the process id, read at each run. */
    private String pidFile;

    /** process: a regular expression found in the command line of the processes. */
    private String commandLine;

    /**
     * command: the program and its arguments (no shell unless named), such as [pg_isready, -h,
     * db].
     */
    private List<String> command = new ArrayList<>();

    /** command: the exit code meaning success; 0 by default. */
    private Integer expectExitCode;

    /** command: a regular expression the output must hold a match of. */
    private String outputMatches;

    /** command: the working directory; the application's by default. */
    private String directory;

    /** What repairs the check when it fails, guarded by cooldown and attempts, then escalation. */
    private final RecoveryProperties recovery = new RecoveryProperties();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      this.jitter = jitter;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getFailureThreshold() {
      return failureThreshold;
    }

    public void setFailureThreshold(int failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    public int getSuccessThreshold() {
      return successThreshold;
    }

    public void setSuccessThreshold(int successThreshold) {
      this.successThreshold = successThreshold;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getMethod() {
      return method;
    }

    public void setMethod(String method) {
      this.method = method;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public String getBody() {
      return body;
    }

    public void setBody(String body) {
      this.body = body;
    }

    public List<Integer> getExpectStatus() {
      return expectStatus;
    }

    public void setExpectStatus(List<Integer> expectStatus) {
      this.expectStatus = expectStatus;
    }

    public Duration getMaxResponseTime() {
      return maxResponseTime;
    }

    public void setMaxResponseTime(Duration maxResponseTime) {
      this.maxResponseTime = maxResponseTime;
    }

    public List<String> getBodyContains() {
      return bodyContains;
    }

    public void setBodyContains(List<String> bodyContains) {
      this.bodyContains = bodyContains;
    }

    public List<String> getBodyNotContains() {
      return bodyNotContains;
    }

    public void setBodyNotContains(List<String> bodyNotContains) {
      this.bodyNotContains = bodyNotContains;
    }

    public Map<String, String> getJsonPath() {
      return jsonPath;
    }

    public void setJsonPath(Map<String, String> jsonPath) {
      this.jsonPath = jsonPath;
    }

    public Duration getCertificateExpiryWarning() {
      return certificateExpiryWarning;
    }

    public void setCertificateExpiryWarning(Duration certificateExpiryWarning) {
      this.certificateExpiryWarning = certificateExpiryWarning;
    }

    public Boolean getFollowRedirects() {
      return followRedirects;
    }

    public void setFollowRedirects(Boolean followRedirects) {
      this.followRedirects = followRedirects;
    }

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public Integer getPort() {
      return port;
    }

    public void setPort(Integer port) {
      this.port = port;
    }

    public String getExpectAddress() {
      return expectAddress;
    }

    public void setExpectAddress(String expectAddress) {
      this.expectAddress = expectAddress;
    }

    public Double getHeapDegradedAbovePercent() {
      return heapDegradedAbovePercent;
    }

    public void setHeapDegradedAbovePercent(Double heapDegradedAbovePercent) {
      this.heapDegradedAbovePercent = heapDegradedAbovePercent;
    }

    public Double getHeapDownAbovePercent() {
      return heapDownAbovePercent;
    }

    public void setHeapDownAbovePercent(Double heapDownAbovePercent) {
      this.heapDownAbovePercent = heapDownAbovePercent;
    }

    public DataSize getSystemDegradedBelow() {
      return systemDegradedBelow;
    }

    public void setSystemDegradedBelow(DataSize systemDegradedBelow) {
      this.systemDegradedBelow = systemDegradedBelow;
    }

    public DataSize getSystemDownBelow() {
      return systemDownBelow;
    }

    public void setSystemDownBelow(DataSize systemDownBelow) {
      this.systemDownBelow = systemDownBelow;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public DataSize getDegradedBelow() {
      return degradedBelow;
    }

    public void setDegradedBelow(DataSize degradedBelow) {
      this.degradedBelow = degradedBelow;
    }

    public DataSize getDownBelow() {
      return downBelow;
    }

    public void setDownBelow(DataSize downBelow) {
      this.downBelow = downBelow;
    }

    public Double getDegradedBelowPercent() {
      return degradedBelowPercent;
    }

    public void setDegradedBelowPercent(Double degradedBelowPercent) {
      this.degradedBelowPercent = degradedBelowPercent;
    }

    public Double getDownBelowPercent() {
      return downBelowPercent;
    }

    public void setDownBelowPercent(Double downBelowPercent) {
      this.downBelowPercent = downBelowPercent;
    }

    public String getDataSource() {
      return dataSource;
    }

    public void setDataSource(String dataSource) {
      this.dataSource = dataSource;
    }

    public String getValidationQuery() {
      return validationQuery;
    }

    public void setValidationQuery(String validationQuery) {
      this.validationQuery = validationQuery;
    }

    public Duration getMaxLatency() {
      return maxLatency;
    }

    public void setMaxLatency(Duration maxLatency) {
      this.maxLatency = maxLatency;
    }

    public Long getPid() {
      return pid;
    }

    public void setPid(Long pid) {
      this.pid = pid;
    }

    public String getPidFile() {
      return pidFile;
    }

    public void setPidFile(String pidFile) {
      this.pidFile = pidFile;
    }

    public String getCommandLine() {
      return commandLine;
    }

    public void setCommandLine(String commandLine) {
      this.commandLine = commandLine;
    }

    public List<String> getCommand() {
      return command;
    }

    public void setCommand(List<String> command) {
      this.command = command;
    }

    public Integer getExpectExitCode() {
      return expectExitCode;
    }

    public void setExpectExitCode(Integer expectExitCode) {
      this.expectExitCode = expectExitCode;
    }

    public String getOutputMatches() {
      return outputMatches;
    }

    public void setOutputMatches(String outputMatches) {
      this.outputMatches = outputMatches;
    }

    public String getDirectory() {
      return directory;
    }

    public void setDirectory(String directory) {
      this.directory = directory;
    }

    public RecoveryProperties getRecovery() {
      return recovery;
    }
  }

  /**
   * How a failing check is repaired: an action on some failure kinds, a cooldown, an attempt
   * budget, a verification, and escalation (the health-check-escalated alert) when the last
   * attempt fails.
   */
  public static class RecoveryProperties {

    /** The action, or several run in order until one fails (clean up, then restart). */
    private List<ActionProperties> actions = new ArrayList<>();

    /**
     * The failure kinds that run the action (TIMEOUT, CONNECTION_REFUSED, DNS, BAD_STATUS,
     * BAD_RESPONSE, BAD_STATE, TLS, RESOURCE, NOT_RUNNING, ERROR); all but those of alert-only by
     * default. (Not {@code on}: YAML reads a bare {@code on} as the boolean true.)
     */
    private List<String> actOn = new ArrayList<>();

    /** The failure kinds that only alert, never act, such as BAD_STATE. */
    private List<String> alertOnly = new ArrayList<>();

    /** The least time between two automatic attempts. */
    private Duration cooldown = Duration.ofMinutes(5);

    /** Automatic attempts that may fail before the check is escalated. */
    private int maxAttempts = 3;

    /** How long the check must stay UP for the attempt counter to go back to zero. */
    private Duration stablePeriod = Duration.ofMinutes(15);

    /** Whether the check is re-run after a successful action to verify it. */
    private boolean verify = true;

    /** How long after a successful action the check is re-run. */
    private Duration verifyAfter = Duration.ofSeconds(30);

    /** Whether DEGRADED results trigger the action too (DOWN results always do). */
    private boolean actOnDegraded;

    public List<ActionProperties> getActions() {
      return actions;
    }

    public void setActions(List<ActionProperties> actions) {
      this.actions = actions;
    }

    public List<String> getActOn() {
      return actOn;
    }

    public void setActOn(List<String> actOn) {
      this.actOn = actOn;
    }

    public List<String> getAlertOnly() {
      return alertOnly;
    }

    public void setAlertOnly(List<String> alertOnly) {
      this.alertOnly = alertOnly;
    }

    public Duration getCooldown() {
      return cooldown;
    }

    public void setCooldown(Duration cooldown) {
      this.cooldown = cooldown;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getStablePeriod() {
      return stablePeriod;
    }

    public void setStablePeriod(Duration stablePeriod) {
      this.stablePeriod = stablePeriod;
    }

    public boolean isVerify() {
      return verify;
    }

    public void setVerify(boolean verify) {
      this.verify = verify;
    }

    public Duration getVerifyAfter() {
      return verifyAfter;
    }

    public void setVerifyAfter(Duration verifyAfter) {
      this.verifyAfter = verifyAfter;
    }

    public boolean isActOnDegraded() {
      return actOnDegraded;
    }

    public void setActOnDegraded(boolean actOnDegraded) {
      this.actOnDegraded = actOnDegraded;
    }
  }

  /** One action: a command, an HTTP call or a process restart. */
  public static class ActionProperties {

    /** The action's type: command, http or process-restart. */
    private String type;

    /** The action's name, for logs and the audit trail; <check>-<type> by default. */
    private String name;

    /**
     * command, process-restart: the program and its arguments (process-restart: the command that
     * starts the process anew).
     */
    private List<String> command = new ArrayList<>();

    /** command, http: how long the action may take. */
    private Duration timeout = Duration.ofMinutes(2);

    /** http: the URL to call, such as a restart API. */
    private String url;

    /** http: the method. */
    private String method = "POST";

    /** http: request headers; their values are never shown. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** http: the request body; none by default. */
    private String body;

    /** process-restart: the pid of the process to stop. */
    private Long pid;

    /**
     * process-restart: a file holding the pid of the process to stop; the new pid is written to
     * it.
     */
    private String pidFile;

    /**
     * process-restart: a regular expression that finds the processes to stop by their command
     * line.
     */
    private String commandLine;

    /** process-restart: the new process's working directory. */
    private String directory;

    /** process-restart: a file the new process's output is appended to. */
    private String output;

    /** process-restart: how long a process may take to end when asked before it is killed. */
    private Duration grace = Duration.ofSeconds(10);

    /** process-restart: a port to wait for to be free (up to the grace period) after stopping. */
    private Integer awaitPortFree;

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public List<String> getCommand() {
      return command;
    }

    public void setCommand(List<String> command) {
      this.command = command;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getMethod() {
      return method;
    }

    public void setMethod(String method) {
      this.method = method;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public String getBody() {
      return body;
    }

    public void setBody(String body) {
      this.body = body;
    }

    public Long getPid() {
      return pid;
    }

    public void setPid(Long pid) {
      this.pid = pid;
    }

    public String getPidFile() {
      return pidFile;
    }

    public void setPidFile(String pidFile) {
      this.pidFile = pidFile;
    }

    public String getCommandLine() {
      return commandLine;
    }

    public void setCommandLine(String commandLine) {
      this.commandLine = commandLine;
    }

    public String getDirectory() {
      return directory;
    }

    public void setDirectory(String directory) {
      this.directory = directory;
    }

    public String getOutput() {
      return output;
    }

    public void setOutput(String output) {
      this.output = output;
    }

    public Duration getGrace() {
      return grace;
    }

    public void setGrace(Duration grace) {
      this.grace = grace;
    }

    public Integer getAwaitPortFree() {
      return awaitPortFree;
    }

    public void setAwaitPortFree(Integer awaitPortFree) {
      this.awaitPortFree = awaitPortFree;
    }
  }

  /**
   * A maintenance task: what runs when, such as a restart every night at 03:00 in Europe/Paris.
   */
  public static class MaintenanceProperties {

    /** Whether the task's schedule is on (a disabled task can still be run by hand). */
    private boolean enabled = true;

    /** Runs at this interval of elapsed time; this or daily-at is required. */
    private Duration every;

    /** Runs daily at this local time, such as 03:00. */
    private String dailyAt;

    /**
     * With daily-at: only on these days (MON..SUN); every day by default. A weekly task names one
     * day.
     */
    private List<String> days = new ArrayList<>();

    /** With daily-at: the time zone, such as Europe/Paris. */
    private String zone = "UTC";

    /** No second run starts within this after a run started. */
    private Duration dedupWindow = Duration.ofMinutes(2);

    /** A run still going after this is interrupted and failed. */
    private Duration timeout = Duration.ofMinutes(30);

    /** What the task does: a command, an HTTP call or a process restart. */
    private final ActionProperties action = new ActionProperties();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getEvery() {
      return every;
    }

    public void setEvery(Duration every) {
      this.every = every;
    }

    public String getDailyAt() {
      return dailyAt;
    }

    public void setDailyAt(String dailyAt) {
      this.dailyAt = dailyAt;
    }

    public List<String> getDays() {
      return days;
    }

    public void setDays(List<String> days) {
      this.days = days;
    }

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }

    public Duration getDedupWindow() {
      return dedupWindow;
    }

    public void setDedupWindow(Duration dedupWindow) {
      this.dedupWindow = dedupWindow;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public ActionProperties getAction() {
      return action;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public Map<String, CheckProperties> getChecks() {
    return checks;
  }

  public void setChecks(Map<String, CheckProperties> checks) {
    this.checks = checks;
  }

  public Map<String, MaintenanceProperties> getMaintenance() {
    return maintenance;
  }

  public void setMaintenance(Map<String, MaintenanceProperties> maintenance) {
    this.maintenance = maintenance;
  }
}

