package dev.vigil.boot;

import dev.vigil.alerts.Template;
import dev.vigil.boot.VigilNotifyProperties.ChannelProperties;
import dev.vigil.boot.VigilNotifyProperties.ChannelRetry;
import dev.vigil.boot.VigilNotifyProperties.ContactProperties;
import dev.vigil.boot.VigilNotifyProperties.RouteProperties;
import dev.vigil.boot.VigilNotifyProperties.Window;
import dev.vigil.boot.internal.Settings;
import dev.vigil.notify.Channel;
import dev.vigil.notify.ChannelOptions;
import dev.vigil.notify.Contact;
import dev.vigil.notify.Escalation;
import dev.vigil.notify.MessageTemplate;
import dev.vigil.notify.Notification;
import dev.vigil.notify.RetryPolicy;
import dev.vigil.notify.Route;
import dev.vigil.notify.TimeWindow;
import dev.vigil.notify.channel.AlertmanagerChannel;
import dev.vigil.notify.channel.ConsoleChannel;
import dev.vigil.notify.channel.DiscordChannel;
import dev.vigil.notify.channel.GreenApiWhatsAppChannel;
import dev.vigil.notify.channel.OpsgenieChannel;
import dev.vigil.notify.channel.PagerDutyChannel;
import dev.vigil.notify.channel.SlackChannel;
import dev.vigil.notify.channel.TeamsChannel;
import dev.vigil.notify.channel.TwilioSmsChannel;
import dev.vigil.notify.channel.TwilioWhatsAppChannel;
import dev.vigil.notify.channel.WebhookChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the channels, their options and the routes of {@code vigil.notify}. Each problem throws
 * an {@link InvalidVigilPropertyException} naming the property; secret values are never put in
 * one. Stateless.
 */
final class PropertyChannels {

  /** The channel types and the settings (besides type and the options) each takes. */
  static final Map<String, Set<String>> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("slack", Set.of("url", "timeout"));
    SETTINGS.put("discord", Set.of("url", "timeout"));
    SETTINGS.put("teams", Set.of("url", "timeout"));
    SETTINGS.put("webhook", Set.of("url", "timeout", "headers", "secret", "signature-header",
        "body", "content-type", "external-url"));
    SETTINGS.put("alertmanager", Set.of("url", "timeout", "headers", "external-url",
        "resend-interval"));
    SETTINGS.put("pagerduty", Set.of("url", "timeout", "routing-key", "source"));
    SETTINGS.put("opsgenie", Set.of("url", "timeout", "api-key", "source", "tags"));
    SETTINGS.put("email", Set.of("host", "port", "tls", "username", "password", "from", "to",
        "subject-prefix", "connect-timeout", "read-timeout", "write-timeout"));
    SETTINGS.put("twilio-sms", Set.of("url", "timeout", "account-sid", "auth-token", "from",
        "messaging-service-sid", "to", "min-severity"));
    SETTINGS.put("twilio-whatsapp", Set.of("url", "timeout", "account-sid", "auth-token", "from",
        "messaging-service-sid", "to", "min-severity"));
    SETTINGS.put("green-api-whatsapp", Set.of("url", "timeout", "id-instance",
        "api-token-instance", "to", "min-severity"));
    SETTINGS.put("console", Set.of("logger"));
  }

  private PropertyChannels() {}

  /** Returns the notifier's retry policy of {@code vigil.notify.retry}. */
  static RetryPolicy retry(VigilNotifyProperties.Retry r) {
    String p = "vigil.notify.retry";
    return retry(p, r.getMaxAttempts(), r.getInitialBackoff(), r.getMaxBackoff(),
        r.getMultiplier(), r.getJitter(), r.getMaxAge());
  }

  private static RetryPolicy retry(String p, int maxAttempts, Duration initial, Duration max,
      double multiplier, double jitter, Duration maxAge) {
    if (maxAttempts < 1) {
      throw new InvalidVigilPropertyException(p + ".max-attempts", maxAttempts,
          "must be at least 1");
    }
    Settings.positive(p + ".initial-backoff", initial);
    Settings.positive(p + ".max-backoff", max);
    if (max.compareTo(initial) < 0) {
      throw new InvalidVigilPropertyException(p + ".max-backoff", max,
          "must be at least the initial backoff " + initial);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new InvalidVigilPropertyException(p + ".multiplier", multiplier, "must be at least 1");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new InvalidVigilPropertyException(p + ".jitter", jitter, "must be from 0 to 1");
    }
    Settings.positive(p + ".max-age", maxAge);
    return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter, maxAge);
  }

  /** Returns the channel {@code name} of the properties. */
  static Channel channel(String name, ChannelProperties c, ClassLoader classLoader) {
    String p = "vigil.notify.channels." + name;
    if (name.isBlank()) {
      throw new InvalidVigilPropertyException(p, null, "a channel's name must not be blank");
    }
    String type = c.getType() == null ? null : c.getType().strip().toLowerCase(Locale.ROOT);
    if (type == null || type.isEmpty()) {
      throw new InvalidVigilPropertyException(p + ".type", null,
          "is required: one of " + String.join(", ", SETTINGS.keySet()));
    }
    Set<String> allowed = SETTINGS.get(type);
    if (allowed == null) {
      throw new InvalidVigilPropertyException(p + ".type", c.getType(),
          "is not a channel type (expected one of " + String.join(", ", SETTINGS.keySet()) + ")");
    }
    for (String setting : set(c)) {
      if (!allowed.contains(setting)) {
        throw new InvalidVigilPropertyException(p + "." + setting, null,
            "is not a setting of a " + type + " channel (its settings: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
    try {
      return build(name, type, c, p, classLoader);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the channels' messages name the setting, never a secret
      throw new InvalidVigilPropertyException(p, null, e.getMessage(), e);
    }
  }

  private static Channel build(String name, String type, ChannelProperties c, String p,
      ClassLoader classLoader) {
    Duration timeout = c.getTimeout() == null ? null : Settings.positive(p + ".timeout",
        c.getTimeout());
    switch (type) {
      case "slack": {
        SlackChannel.Builder b = SlackChannel.builder(name, uri(p + ".url", c.getUrl(), true));
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "discord": {
        DiscordChannel.Builder b = DiscordChannel.builder(name, uri(p + ".url", c.getUrl(), true));
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "teams": {
        TeamsChannel.Builder b = TeamsChannel.builder(name, uri(p + ".url", c.getUrl(), true));
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "webhook": {
        WebhookChannel.Builder b = WebhookChannel.builder().name(name)
            .url(uri(p + ".url", c.getUrl(), false));
        if (timeout != null) {
          b.timeout(timeout);
        }
        if (c.getSecret() != null) {
          b.secret(c.getSecret());
        }
        if (c.getSignatureHeader() != null) {
          b.signatureHeader(c.getSignatureHeader());
        }
        c.getHeaders().forEach(b::header);
        if (c.getBody() != null || c.getContentType() != null) {
          String body = Settings.required(p + ".body", c.getBody());
          String contentType = Settings.required(p + ".content-type", c.getContentType());
          Template template;
          try {
            template = Template.parse(body);
          } catch (IllegalArgumentException e) {
            throw new InvalidVigilPropertyException(p + ".body", null,
                "is not a valid template: " + e.getMessage(), e);
          }
          b.body(template, contentType);
        }
        if (c.getExternalUrl() != null) {
          b.externalUrl(c.getExternalUrl());
        }
        return b.build();
      }
      case "alertmanager": {
        AlertmanagerChannel.Builder b = AlertmanagerChannel.builder().name(name)
            .baseUrl(uri(p + ".url", c.getUrl(), false));
        if (timeout != null) {
          b.timeout(timeout);
        }
        c.getHeaders().forEach(b::header);
        if (c.getExternalUrl() != null) {
          b.generatorUrl(c.getExternalUrl());
        }
        if (c.getResendInterval() != null) {
          b.resendInterval(Settings.positive(p + ".resend-interval", c.getResendInterval()));
        }
        return b.build();
      }
      case "pagerduty": {
        PagerDutyChannel.Builder b = PagerDutyChannel.builder().name(name)
            .routingKey(secret(p + ".routing-key", c.getRoutingKey()));
        if (c.getUrl() != null) {
          b.url(uri(p + ".url", c.getUrl(), false));
        }
        if (c.getSource() != null) {
          b.source(c.getSource());
        }
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "opsgenie": {
        OpsgenieChannel.Builder b = OpsgenieChannel.builder().name(name)
            .apiKey(secret(p + ".api-key", c.getApiKey()));
        if (c.getUrl() != null) {
          b.baseUrl(uri(p + ".url", c.getUrl(), false));
        }
        if (c.getSource() != null) {
          b.source(c.getSource());
        }
        c.getTags().forEach(b::tag);
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "email":
        return EmailChannels.build(name, c, p, classLoader);
      case "twilio-sms": {
        TwilioSmsChannel.Builder b = TwilioSmsChannel.builder().name(name)
            .accountSid(Settings.required(p + ".account-sid", c.getAccountSid()))
            .authToken(secret(p + ".auth-token", c.getAuthToken()));
        if (c.getFrom() != null) {
          b.from(c.getFrom());
        }
        if (c.getMessagingServiceSid() != null) {
          b.messagingServiceSid(c.getMessagingServiceSid());
        }
        if (!c.getTo().isEmpty()) {
          b.to(c.getTo().toArray(String[]::new));
        }
        if (c.getMinSeverity() != null) {
          b.minSeverity(c.getMinSeverity());
        }
        if (c.getUrl() != null) {
          b.baseUrl(uri(p + ".url", c.getUrl(), false));
        }
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "twilio-whatsapp": {
        TwilioWhatsAppChannel.Builder b = TwilioWhatsAppChannel.builder().name(name)
            .accountSid(Settings.required(p + ".account-sid", c.getAccountSid()))
            .authToken(secret(p + ".auth-token", c.getAuthToken()));
        if (c.getFrom() != null) {
          b.from(c.getFrom());
        }
        if (c.getMessagingServiceSid() != null) {
          b.messagingServiceSid(c.getMessagingServiceSid());
        }
        if (!c.getTo().isEmpty()) {
          b.to(c.getTo().toArray(String[]::new));
        }
        if (c.getMinSeverity() != null) {
          b.minSeverity(c.getMinSeverity());
        }
        if (c.getUrl() != null) {
          b.baseUrl(uri(p + ".url", c.getUrl(), false));
        }
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "green-api-whatsapp": {
        GreenApiWhatsAppChannel.Builder b = GreenApiWhatsAppChannel.builder().name(name)
            .idInstance(Settings.required(p + ".id-instance", c.getIdInstance()))
            .apiTokenInstance(secret(p + ".api-token-instance", c.getApiTokenInstance()));
        if (!c.getTo().isEmpty()) {
          b.to(c.getTo().toArray(String[]::new));
        }
        if (c.getMinSeverity() != null) {
          b.minSeverity(c.getMinSeverity());
        }
        if (c.getUrl() != null) {
          b.apiUrl(uri(p + ".url", c.getUrl(), false));
        }
        if (timeout != null) {
          b.timeout(timeout);
        }
        return b.build();
      }
      case "console": {
        ConsoleChannel.Builder b = ConsoleChannel.builder().name(name);
        if (c.getLogger() != null) {
          try {
            b.logger(c.getLogger().strip());
          } catch (IllegalArgumentException e) {
            throw new InvalidVigilPropertyException(p + ".logger", c.getLogger(),
                "must be named under " + ConsoleChannel.LOGGER_PREFIX + " (Vigil never captures"
                + " its own loggers, so it never alerts on what it notifies)", e);
          }
        }
        return b.build();
      }
      default:
        throw new AssertionError(type);
    }
  }

  /** Returns the options of channel {@code name}: rate limit, breaker, fallback, retry. */
  static ChannelOptions options(String name, ChannelProperties c, RetryPolicy notifierRetry) {
    String p = "vigil.notify.channels." + name;
    ChannelOptions o = ChannelOptions.defaults();
    if (c.getRateLimit().getPermits() != null) {
      o = o.rateLimit(Settings.positive(p + ".rate-limit.permits", c.getRateLimit().getPermits()),
          Settings.positive(p + ".rate-limit.per", c.getRateLimit().getPer()));
    }
    o = o.circuitBreaker(
        Settings.positive(p + ".circuit-breaker.failures", c.getCircuitBreaker().getFailures()),
        Settings.positive(p + ".circuit-breaker.open-for", c.getCircuitBreaker().getOpenFor()));
    if (c.getFallback() != null) {
      String fallback = Settings.required(p + ".fallback", c.getFallback());
      if (fallback.equals(name)) {
        throw new InvalidVigilPropertyException(p + ".fallback", fallback,
            "a channel cannot fall back to itself");
      }
      o = o.fallback(fallback);
    }
    ChannelRetry r = c.getRetry();
    if (r.getMaxAttempts() != null || r.getInitialBackoff() != null || r.getMaxBackoff() != null
        || r.getMultiplier() != null || r.getJitter() != null || r.getMaxAge() != null) {
      o = o.retry(retry(p + ".retry",
          r.getMaxAttempts() != null ? r.getMaxAttempts() : notifierRetry.maxAttempts(),
          r.getInitialBackoff() != null ? r.getInitialBackoff() : notifierRetry.initialBackoff(),
          r.getMaxBackoff() != null ? r.getMaxBackoff() : notifierRetry.maxBackoff(),
          r.getMultiplier() != null ? r.getMultiplier() : notifierRetry.multiplier(),
          r.getJitter() != null ? r.getJitter() : notifierRetry.jitter(),
          r.getMaxAge() != null ? r.getMaxAge() : notifierRetry.maxAge()));
    }
    return o;
  }

  /** Returns route {@code index} of the properties. */
  static Route route(int index, RouteProperties r, Map<String, Channel> channels) {
    String p = "vigil.notify.routes[" + index + "]";
    Route.Builder b = Route.builder().name(r.getName() == null || r.getName().isBlank()
        ? "route-" + index : r.getName().strip());
    if (r.getMinSeverity() != null) {
      b.minSeverity(r.getMinSeverity());
    }
    if (!r.getRules().isEmpty()) {
      b.rules(r.getRules().stream().map(String::strip).toArray(String[]::new));
    }
    r.getMatchers().forEach((label, value) -> {
      String v = value == null ? "" : value;
      if (v.startsWith("=~")) {
        b.matchingRegex(label, v.substring(2));
      } else if (v.startsWith("!=")) {
        b.notMatching(label, v.substring(2));
      } else {
        b.matching(label, v.startsWith("=") ? v.substring(1) : v);
      }
    });
    for (int i = 0; i < r.getChannels().size(); i++) {
      String ch = r.getChannels().get(i).strip();
      if (!channels.containsKey(ch)) {
        throw new InvalidVigilPropertyException(p + ".channels[" + i + "]", ch,
            "is not a channel (channels: " + channels.keySet() + ")");
      }
      b.channels(ch);
    }
    if (!r.getKinds().isEmpty()) {
      List<Notification.Kind> kinds = r.getKinds();
      b.notify(kinds.get(0), kinds.subList(1, kinds.size()).toArray(Notification.Kind[]::new));
    }
    if (r.isContinueMatching()) {
      b.continueMatching();
    }
    if (!r.getGroupBy().isEmpty()) {
      b.groupBy(r.getGroupBy().stream().map(String::strip).toArray(String[]::new));
    }
    if (r.getGroupWait() == null || r.getGroupWait().isNegative()) {
      throw new InvalidVigilPropertyException(p + ".group-wait", r.getGroupWait(),
          "must not be negative");
    }
    b.groupWait(r.getGroupWait());
    b.groupInterval(Settings.positive(p + ".group-interval", r.getGroupInterval()));
    TimeWindow active = window(p + ".active", r.getActive());
    if (active != null) {
      b.activeDuring(active);
    }
    TimeWindow muted = window(p + ".muted", r.getMuted());
    if (muted != null) {
      b.mutedDuring(muted);
    }
    VigilNotifyProperties.Template t = r.getTemplate();
    if (t.getTitle() != null || t.getText() != null) {
      MessageTemplate.Builder mt = MessageTemplate.builder();
      try {
        if (t.getTitle() != null) {
          mt.title(t.getTitle());
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidVigilPropertyException(p + ".template.title", null, e.getMessage(), e);
      }
      try {
        if (t.getText() != null) {
          mt.text(t.getText());
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidVigilPropertyException(p + ".template.text", null, e.getMessage(), e);
      }
      b.template(mt.build());
    }
    VigilNotifyProperties.EscalationProperties esc = r.getEscalation();
    if (!esc.getContacts().isEmpty() || !esc.getChannels().isEmpty()) {
      b.escalation(escalation(p + ".escalation", esc, channels));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidVigilPropertyException(p, null, e.getMessage(), e);
    }
  }

  private static Escalation escalation(String p, VigilNotifyProperties.EscalationProperties esc,
      Map<String, Channel> channels) {
    if (esc.getContacts().isEmpty()) {
      throw new InvalidVigilPropertyException(p + ".contacts", null,
          "an escalation needs at least one contact");
    }
    if (esc.getChannels().isEmpty()) {
      throw new InvalidVigilPropertyException(p + ".channels", null,
          "an escalation needs channels that reach people, such as an sms channel");
    }
    List<Contact> contacts = new ArrayList<>();
    for (int i = 0; i < esc.getContacts().size(); i++) {
      ContactProperties c = esc.getContacts().get(i);
      String cp = p + ".contacts[" + i + "]";
      String contactName = Settings.required(cp + ".name", c.getName());
      if (c.getAddresses().isEmpty()) {
        throw new InvalidVigilPropertyException(cp + ".addresses", null,
            "a contact needs at least one address, such as addresses.sms");
      }
      try {
        contacts.add(new Contact(contactName, c.getAddresses()));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidVigilPropertyException(cp, contactName, String.valueOf(e.getMessage()), e);
      }
    }
    Escalation.Builder b = Escalation.builder().contacts(contacts.toArray(Contact[]::new));
    for (int i = 0; i < esc.getChannels().size(); i++) {
      String ch = esc.getChannels().get(i).strip();
      Channel channel = channels.get(ch);
      if (channel == null) {
        throw new InvalidVigilPropertyException(p + ".channels[" + i + "]", ch,
            "is not a channel (channels: " + channels.keySet() + ")");
      }
      if (channel.addressKind() == null) {
        throw new InvalidVigilPropertyException(p + ".channels[" + i + "]", ch,
            "reaches a team, not people: escalate through channels that send to a contact's"
            + " address (email, twilio-sms, twilio-whatsapp, green-api-whatsapp)");
      }
      b.channels(ch);
    }
    b.every(Settings.positive(p + ".every", esc.getEvery()));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidVigilPropertyException(p, null, e.getMessage(), e);
    }
  }

  /** Returns the window, or {@code null} when neither from nor to is set. */
  static TimeWindow window(String p, Window w) {
    if (w.getFrom() == null && w.getTo() == null) {
      if (!w.getDays().isEmpty()) {
        throw new InvalidVigilPropertyException(p + ".from", null,
            "is required with " + p + ".days (and " + p + ".to)");
      }
      return null;
    }
    LocalTime from = time(p + ".from", w.getFrom());
    LocalTime to = time(p + ".to", w.getTo());
    if (from.equals(to)) {
      throw new InvalidVigilPropertyException(p + ".to", w.getTo(),
          "equals " + p + ".from: the window would be empty");
    }
    Set<DayOfWeek> days = w.getDays().isEmpty() ? EnumSet.allOf(DayOfWeek.class)
        : EnumSet.noneOf(DayOfWeek.class);
    for (int i = 0; i < w.getDays().size(); i++) {
      days.add(day(p + ".days[" + i + "]", w.getDays().get(i)));
    }
    return TimeWindow.of(days, from, to, zone(p + ".zone", w.getZone()));
  }

  static LocalTime time(String property, String value) {
    String v = Settings.required(property, value);
    try {
      return LocalTime.parse(v.length() == 4 && v.charAt(1) == ':' ? "0" + v : v);
    } catch (DateTimeParseException e) {
      throw new InvalidVigilPropertyException(property, value,
          "is not a time of day such as 09:00 or 18:30:00", e);
    }
  }

  static DayOfWeek day(String property, String value) {
    String v = Settings.required(property, value).toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(v) || d.name().substring(0, 3).equals(v)) {
        return d;
      }
    }
    throw new InvalidVigilPropertyException(property, value,
        "is not a day of the week (MON to SUN, or MONDAY to SUNDAY)");
  }

  static ZoneId zone(String property, String value) {
    String v = Settings.required(property, value);
    try {
      return ZoneId.of(v);
    } catch (DateTimeException e) {
      throw new InvalidVigilPropertyException(property, value,
          "is not a time zone such as UTC or Europe/Paris", e);
    }
  }

  /** Returns the URI of a required URL setting; a secret one is never echoed. */
  private static URI uri(String property, String value, boolean secret) {
    if (value == null || value.isBlank()) {
      throw new InvalidVigilPropertyException(property, null, "is required");
    }
    try {
      URI uri = new URI(value.strip());
      if (!uri.isAbsolute() || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
          || "https".equalsIgnoreCase(uri.getScheme()))) {
        throw new InvalidVigilPropertyException(property, secret ? null : value,
            "must be an absolute http or https URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      // the exception's message holds the value: not passed on for a secret
      throw new InvalidVigilPropertyException(property, secret ? null : value,
          "is not a URL" + (secret ? "" : ": " + e.getReason()));
    }
  }

  /** Returns a required secret; never echoed. */
  private static String secret(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidVigilPropertyException(property, null, "is required (a secret)");
    }
    return value.strip();
  }

  /** Returns the settings given a value, in kebab case. */
  private static Set<String> set(ChannelProperties c) {
    Set<String> s = new LinkedHashSet<>();
    add(s, "url", c.getUrl());
    add(s, "timeout", c.getTimeout());
    add(s, "headers", c.getHeaders().isEmpty() ? null : c.getHeaders());
    add(s, "secret", c.getSecret());
    add(s, "signature-header", c.getSignatureHeader());
    add(s, "body", c.getBody());
    add(s, "content-type", c.getContentType());
    add(s, "external-url", c.getExternalUrl());
    add(s, "resend-interval", c.getResendInterval());
    add(s, "routing-key", c.getRoutingKey());
    add(s, "api-key", c.getApiKey());
    add(s, "source", c.getSource());
    add(s, "tags", c.getTags().isEmpty() ? null : c.getTags());
    add(s, "host", c.getHost());
    add(s, "port", c.getPort());
    add(s, "tls", c.getTls());
    add(s, "username", c.getUsername());
    add(s, "password", c.getPassword());
    add(s, "from", c.getFrom());
    add(s, "to", c.getTo().isEmpty() ? null : c.getTo());
    add(s, "subject-prefix", c.getSubjectPrefix());
    add(s, "connect-timeout", c.getConnectTimeout());
    add(s, "read-timeout", c.getReadTimeout());
    add(s, "write-timeout", c.getWriteTimeout());
    add(s, "account-sid", c.getAccountSid());
    add(s, "auth-token", c.getAuthToken());
    add(s, "messaging-service-sid", c.getMessagingServiceSid());
    add(s, "id-instance", c.getIdInstance());
    add(s, "api-token-instance", c.getApiTokenInstance());
    add(s, "min-severity", c.getMinSeverity());
    add(s, "logger", c.getLogger());
    return s;
  }

  private static void add(Set<String> set, String name, Object value) {
    if (value != null) {
      set.add(name);
    }
  }
}
