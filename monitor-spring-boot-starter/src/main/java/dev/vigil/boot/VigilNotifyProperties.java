package dev.vigil.boot;

import dev.vigil.Severity;
import dev.vigil.notify.Notification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.notify.*} properties: the notifier's channels ({@code
 * vigil.notify.channels.<name>.*}), its routes ({@code vigil.notify.routes[i].*}) and its retry
 * policy. Channels and routes may also be beans of the application ({@code Channel}, {@code
 * Route}); without any channel, alerts are logged by a console channel, and without any route
 * every alert goes to every channel. Secrets (webhook URLs, tokens, passwords) are never shown in
 * error messages.
 */
@ConfigurationProperties("vigil.notify")
public class VigilNotifyProperties {

  /** Whether alerts are sent to the channels. */
  private boolean enabled = true;

  /** The retry policy of the channels without their own. */
  private final Retry retry = new Retry();

  /** The channels by name, such as {@code vigil.notify.channels.ops-slack.type=slack}. */
  private Map<String, ChannelProperties> channels = new LinkedHashMap<>();

  /** The routes, tried in order: which alerts go to which channels. */
  private List<RouteProperties> routes = new ArrayList<>();

  /** How a failed delivery is retried: exponential backoff with jitter, then a dead letter. */
  public static class Retry {

    /** Attempts in all, at least 1. */
    private int maxAttempts = 20;

    /** The delay after the first failure. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** The longest delay between two attempts, at least the initial backoff. */
    private Duration maxBackoff = Duration.ofMinutes(10);

    /** The growth of the delay per attempt, at least 1. */
    private double multiplier = 2;

    /** The relative spread of each delay, 0 to 1. */
    private double jitter = 0.2;

    /** How long after it was queued a notification is retried at most. */
    private Duration maxAge = Duration.ofDays(1);

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      this.jitter = jitter;
    }

    public Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /**
   * One channel: its type and that type's settings. Settings that do not apply to the type are
   * refused.
   */
  public static class ChannelProperties {

    /**
     * The channel's type: slack, discord, teams, webhook, alertmanager, pagerduty, opsgenie,
     * email, twilio-sms, twilio-whatsapp, green-api-whatsapp or console.
     */
    private String type;

    /**
     * The URL: the incoming webhook of slack, discord and teams (a secret) and the URL of webhook
     * (required); the base URL of alertmanager (required); the API URL of pagerduty, opsgenie
     * (https://api.opsgenie.com by default, https://api.eu.opsgenie.com for EU accounts), twilio-
     * sms, twilio-whatsapp and green-api-whatsapp (for proxies and tests).
     */
    private String url;

    /**
     * How long a request may take; 10 s by default (email: see the connect, read and write
     * timeouts).
     */
    private Duration timeout;

    /**
     * Headers added to every request of webhook and alertmanager, such as Authorization; their
     * values are never shown.
     */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** webhook: the secret of the HMAC-SHA256 signature header; none by default. */
    private String secret;

    /** webhook: the name of the signature header; X-Vigil-Signature by default. */
    private String signatureHeader;

    /**
     * webhook: a template of the request body replacing the Alertmanager payload, such as
     * {"text": "{{ title }}"}; needs content-type.
     */
    private String body;

    /** webhook: the content type of the templated body, such as application/json. */
    private String contentType;

    /**
     * webhook: externalURL and each alert's generatorURL; alertmanager: each alert's
     * generatorURL.
     */
    private String externalUrl;

    /** alertmanager: how often firing alerts are posted again; 1 minute by default. */
    private Duration resendInterval;

    /** pagerduty: the integration's routing key (required; a secret). */
    private String routingKey;

    /** opsgenie: the API integration's key (required; a secret). */
    private String apiKey;

    /**
     * pagerduty: the source of events without an instance label (vigil by default); opsgenie: the
     * alerts' source (Vigil by default).
     */
    private String source;

    /** opsgenie: tags added to every alert. */
    private List<String> tags = new ArrayList<>();

    /** email: the SMTP server's host (required). */
    private String host;

    /** email: the SMTP port; 465 for SMTPS, 587 for STARTTLS, 25 without TLS by default. */
    private Integer port;

    /**
     * email: how the connection is secured: starttls (the default), smtps or none (a local relay
     * only).
     */
    private String tls;

    /** email: the login; without it the channel does not authenticate. */
    private String username;

    /** email: the password (a secret); required with a username. */
    private String password;

    /**
     * email: the sender, such as Vigil <vigil@example.com> (required); twilio-sms, twilio-
     * whatsapp: the sending number (this or messaging-service-sid is required).
     */
    private String from;

    /**
     * Recipients of notifications addressed to no contact: email addresses (email), E.164 numbers
     * (twilio-sms, twilio-whatsapp) or chats (green-api-whatsapp).
     */
    private List<String> to = new ArrayList<>();

    /** email: a prefix of every subject, such as [vigil]. */
    private String subjectPrefix;

    /** email: how long connecting may take; 10 s by default. */
    private Duration connectTimeout;

    /** email: how long a read from the server may block; 10 s by default. */
    private Duration readTimeout;

    /** email: how long a write to the server may block; 10 s by default. */
    private Duration writeTimeout;

    /** twilio-sms, twilio-whatsapp: the account SID (required). */
    private String accountSid;

    /** twilio-sms, twilio-whatsapp: the auth token (required; a secret). */
    private String authToken;

    /**
     * twilio-sms, twilio-whatsapp: send through this Messaging Service rather than from one
     * number.
     */
    private String messagingServiceSid;

    /** green-api-whatsapp: the instance id (required). */
    private String idInstance;

    /** green-api-whatsapp: the instance's API token (required; a secret). */
    private String apiTokenInstance;

    /**
     * twilio-sms (CRITICAL by default), twilio-whatsapp, green-api-whatsapp (INFO by default):
     * the lowest severity sent.
     */
    private Severity minSeverity;

    /**
     * console: log at INFO through this slf4j logger (under dev.vigil.notify) rather than print
     * to standard output.
     */
    private String logger;

    /**
     * The channel that gets this channel's notifications when they cannot be delivered (given up,
     * or while the breaker is open).
     */
    private String fallback;

    /** At most this many notifications per period, evenly spaced; none by default. */
    private final RateLimit rateLimit = new RateLimit();

    /** The breaker that stops sending to a failing channel for a while. */
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    /**
     * This channel's own retry policy; the notifier's (vigil.notify.retry) unless max-attempts is
     * set.
     */
    private final ChannelRetry retry = new ChannelRetry();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public String getSignatureHeader() {
      return signatureHeader;
    }

    public void setSignatureHeader(String signatureHeader) {
      this.signatureHeader = signatureHeader;
    }

    public String getBody() {
      return body;
    }

    public void setBody(String body) {
      this.body = body;
    }

    public String getContentType() {
      return contentType;
    }

    public void setContentType(String contentType) {
      this.contentType = contentType;
    }

    public String getExternalUrl() {
      return externalUrl;
    }

    public void setExternalUrl(String externalUrl) {
      this.externalUrl = externalUrl;
    }

    public Duration getResendInterval() {
      return resendInterval;
    }

    public void setResendInterval(Duration resendInterval) {
      this.resendInterval = resendInterval;
    }

    public String getRoutingKey() {
      return routingKey;
    }

    public void setRoutingKey(String routingKey) {
      this.routingKey = routingKey;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public String getSource() {
      return source;
    }

    public void setSource(String source) {
      this.source = source;
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
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

    public String getTls() {
      return tls;
    }

    public void setTls(String tls) {
      this.tls = tls;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getFrom() {
      return from;
    }

    public void setFrom(String from) {
      this.from = from;
    }

    public List<String> getTo() {
      return to;
    }

    public void setTo(List<String> to) {
      this.to = to;
    }

    public String getSubjectPrefix() {
      return subjectPrefix;
    }

    public void setSubjectPrefix(String subjectPrefix) {
      this.subjectPrefix = subjectPrefix;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public Duration getWriteTimeout() {
      return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
      this.writeTimeout = writeTimeout;
    }

    public String getAccountSid() {
      return accountSid;
    }

    public void setAccountSid(String accountSid) {
      this.accountSid = accountSid;
    }

    public String getAuthToken() {
      return authToken;
    }

    public void setAuthToken(String authToken) {
      this.authToken = authToken;
    }

    public String getMessagingServiceSid() {
      return messagingServiceSid;
    }

    public void setMessagingServiceSid(String messagingServiceSid) {
      this.messagingServiceSid = messagingServiceSid;
    }

    public String getIdInstance() {
      return idInstance;
    }

    public void setIdInstance(String idInstance) {
      this.idInstance = idInstance;
    }

    public String getApiTokenInstance() {
      return apiTokenInstance;
    }

    public void setApiTokenInstance(String apiTokenInstance) {
      this.apiTokenInstance = apiTokenInstance;
    }

    public Severity getMinSeverity() {
      return minSeverity;
    }

    public void setMinSeverity(Severity minSeverity) {
      this.minSeverity = minSeverity;
    }

    public String getLogger() {
      return logger;
    }

    public void setLogger(String logger) {
      this.logger = logger;
    }

    public String getFallback() {
      return fallback;
    }

    public void setFallback(String fallback) {
      this.fallback = fallback;
    }

    public RateLimit getRateLimit() {
      return rateLimit;
    }

    public CircuitBreaker getCircuitBreaker() {
      return circuitBreaker;
    }

    public ChannelRetry getRetry() {
      return retry;
    }
  }

  /** A channel's rate limit. */
  public static class RateLimit {

    /** How many notifications per period; no limit when unset. */
    private Integer permits;

    /** The period. */
    private Duration per = Duration.ofSeconds(1);

    public Integer getPermits() {
      return permits;
    }

    public void setPermits(Integer permits) {
      this.permits = permits;
    }

    public Duration getPer() {
      return per;
    }

    public void setPer(Duration per) {
      this.per = per;
    }
  }

  /** A channel's circuit breaker. */
  public static class CircuitBreaker {

    /** Failed attempts in a row that open the breaker. */
    private int failures = 5;

    /** How long the breaker stays open before one attempt decides. */
    private Duration openFor = Duration.ofMinutes(1);

    public int getFailures() {
      return failures;
    }

    public void setFailures(int failures) {
      this.failures = failures;
    }

    public Duration getOpenFor() {
      return openFor;
    }

    public void setOpenFor(Duration openFor) {
      this.openFor = openFor;
    }
  }

  /** A channel's own retry policy; unset fields take the notifier's values. */
  public static class ChannelRetry {

    /** Attempts in all; setting it gives the channel its own policy. */
    private Integer maxAttempts;

    /** The delay after the first failure. */
    private Duration initialBackoff;

    /** The longest delay. */
    private Duration maxBackoff;

    /** The growth per attempt. */
    private Double multiplier;

    /** The relative spread of each delay. */
    private Double jitter;

    /** How long a notification is retried at most. */
    private Duration maxAge;

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(Double multiplier) {
      this.multiplier = multiplier;
    }

    public Double getJitter() {
      return jitter;
    }

    public void setJitter(Double jitter) {
      this.jitter = jitter;
    }

    public Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /** One route: which alerts (severity, rules, labels) go to which channels, when. */
  public static class RouteProperties {

    /** The route's name, for messages; route-<index> by default. */
    private String name;

    /** Alerts of at least this severity; any by default. */
    private Severity minSeverity;

    /** Only the alerts of these rule ids; any rule by default. */
    private List<String> rules = new ArrayList<>();

    /**
     * Label matchers: a value to equal, "!=value" to differ, "=~regex" to match whole; such as
     * matchers.team=payments. Write a label with a dot in brackets: matchers[app.tier].
     */
    private Map<String, String> matchers = new LinkedHashMap<>();

    /** The channels (by name) the route sends to. */
    private List<String> channels = new ArrayList<>();

    /**
     * The kinds of notification sent (FIRING, REMINDER, FLAPPING, ACKNOWLEDGED, RESOLVED); all
     * but TEST by default.
     */
    private List<Notification.Kind> kinds = new ArrayList<>();

    /** Whether later routes are tried after this one matched. */
    private boolean continueMatching;

    /**
     * Labels whose values make a group: the alerts of a group go out together on channels that
     * take groups.
     */
    private List<String> groupBy = new ArrayList<>();

    /** How long a new group waits for more alerts before its first notification. */
    private Duration groupWait = Duration.ofSeconds(30);

    /** The time between two notifications of one group. */
    private Duration groupInterval = Duration.ofMinutes(5);

    /** When the route sends (outside, it drops); always by default. */
    private final Window active = new Window();

    /** When the route drops what it would send; never by default. */
    private final Window muted = new Window();

    /** The wording of the route's notifications; Vigil's by default. */
    private final Template template = new Template();

    /** Escalation through people when an alert fires and nobody acknowledges it. */
    private final EscalationProperties escalation = new EscalationProperties();

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Severity getMinSeverity() {
      return minSeverity;
    }

    public void setMinSeverity(Severity minSeverity) {
      this.minSeverity = minSeverity;
    }

    public List<String> getRules() {
      return rules;
    }

    public void setRules(List<String> rules) {
      this.rules = rules;
    }

    public Map<String, String> getMatchers() {
      return matchers;
    }

    public void setMatchers(Map<String, String> matchers) {
      this.matchers = matchers;
    }

    public List<String> getChannels() {
      return channels;
    }

    public void setChannels(List<String> channels) {
      this.channels = channels;
    }

    public List<Notification.Kind> getKinds() {
      return kinds;
    }

    public void setKinds(List<Notification.Kind> kinds) {
      this.kinds = kinds;
    }

    public boolean isContinueMatching() {
      return continueMatching;
    }

    public void setContinueMatching(boolean continueMatching) {
      this.continueMatching = continueMatching;
    }

    public List<String> getGroupBy() {
      return groupBy;
    }

    public void setGroupBy(List<String> groupBy) {
      this.groupBy = groupBy;
    }

    public Duration getGroupWait() {
      return groupWait;
    }

    public void setGroupWait(Duration groupWait) {
      this.groupWait = groupWait;
    }

    public Duration getGroupInterval() {
      return groupInterval;
    }

    public void setGroupInterval(Duration groupInterval) {
      this.groupInterval = groupInterval;
    }

    public Window getActive() {
      return active;
    }

    public Window getMuted() {
      return muted;
    }

    public Template getTemplate() {
      return template;
    }

    public EscalationProperties getEscalation() {
      return escalation;
    }
  }

  /**
   * A recurring span of local time, such as Monday to Friday, 09:00 to 18:00, Europe/Paris; a
   * span whose end is not after its start runs past midnight.
   */
  public static class Window {

    /** The days (MON..SUN or MONDAY..SUNDAY); every day by default. */
    private List<String> days = new ArrayList<>();

    /** The start, such as 09:00; setting it (with to) turns the window on. */
    private String from;

    /** The end (exclusive), such as 18:00. */
    private String to;

    /** The time zone, such as Europe/Paris. */
    private String zone = "UTC";

    public List<String> getDays() {
      return days;
    }

    public void setDays(List<String> days) {
      this.days = days;
    }

    public String getFrom() {
      return from;
    }

    public void setFrom(String from) {
      this.from = from;
    }

    public String getTo() {
      return to;
    }

    public void setTo(String to) {
      this.to = to;
    }

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }
  }

  /** The wording of a route's notifications (the template syntax of the alert annotations). */
  public static class Template {

    /** The title of every kind, such as [{{ severity }}] {{ labels.alertname }}. */
    private String title;

    /** The text of every kind. */
    private String text;

    public String getTitle() {
      return title;
    }

    public void setTitle(String title) {
      this.title = title;
    }

    public String getText() {
      return text;
    }

    public void setText(String text) {
      this.text = text;
    }
  }

  /** Escalation through contacts, in priority order, through channels that reach people. */
  public static class EscalationProperties {

    /** The contacts, the first notified first. */
    private List<ContactProperties> contacts = new ArrayList<>();

    /** The channels (by name) that reach people, such as an SMS channel. */
    private List<String> channels = new ArrayList<>();

    /** The time between two steps (the acknowledgement deadline). */
    private Duration every = Duration.ofMinutes(5);

    public List<ContactProperties> getContacts() {
      return contacts;
    }

    public void setContacts(List<ContactProperties> contacts) {
      this.contacts = contacts;
    }

    public List<String> getChannels() {
      return channels;
    }

    public void setChannels(List<String> channels) {
      this.channels = channels;
    }

    public Duration getEvery() {
      return every;
    }

    public void setEvery(Duration every) {
      this.every = every;
    }
  }

  /** A person to notify. */
  public static class ContactProperties {

    /** The person's name, for messages. */
    private String name;

    /** An address per kind of channel: sms, whatsapp, email. */
    private Map<String, String> addresses = new LinkedHashMap<>();

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Map<String, String> getAddresses() {
      return addresses;
    }

    public void setAddresses(Map<String, String> addresses) {
      this.addresses = addresses;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Retry getRetry() {
    return retry;
  }

  public Map<String, ChannelProperties> getChannels() {
    return channels;
  }

  public void setChannels(Map<String, ChannelProperties> channels) {
    this.channels = channels;
  }

  public List<RouteProperties> getRoutes() {
    return routes;
  }

  public void setRoutes(List<RouteProperties> routes) {
    this.routes = routes;
  }
}

