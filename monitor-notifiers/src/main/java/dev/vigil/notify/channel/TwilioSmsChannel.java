package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Texts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends SMS through Twilio's Messages API, to the notification's {@link
 * dev.vigil.notify.Contact}'s {@code "sms"} address, else to the configured recipients (E.164
 * numbers such as {@code +33612345678}).
 *
 * <pre>{@code
 * TwilioSmsChannel.builder()
 *     .accountSid("AC0123456789abcdef0123456789abcdef")
 *     .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
 *     .from("+15005550006")                      // or .messagingServiceSid("MG…")
 *     .to("+33612345678")                         // when no contact is given
 *     .build();
 * }</pre>
 *
 * <p>The body is plain text: the title, then the first lines of the text, cut to Twilio's 1,600
 * characters. Only CRITICAL notifications by default ({@link #minSeverity()}; the notifier
 * enforces it): an SMS wakes someone up. Several recipients get one message each; a failure
 * stops at that recipient (the retry sends to all again). Immutable and thread-safe; the auth
 * token appears in no string or error.
 */
public final class TwilioSmsChannel implements Channel {

  /** How many lines of the text follow the title. */
  private static final int TEXT_LINES = 6;

  private final String name;
  private final TwilioMessages api;
  private final String sender;
  private final List<String> recipients;
  private final Severity minSeverity;

  private TwilioSmsChannel(Builder b) {
    this.name = b.name;
    this.api = new TwilioMessages(b.baseUrl, b.accountSid, b.authToken, b.timeout);
    this.sender = b.messagingServiceSid != null ? b.messagingServiceSid : b.from;
    this.recipients = List.copyOf(b.to);
    this.minSeverity = b.minSeverity;
  }

  /** Returns a builder; the account SID, the auth token and a sender are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String addressKind() {
    return "sms";
  }

  @Override
  public Severity minSeverity() {
    return minSeverity;
  }

  @Override
  public void send(Notification notification) throws DeliveryException {
    List<String> to = Addressing.recipients(name, "sms", notification, recipients,
        Addressing::e164, "an E.164 number: + and 8 to 15 digits");
    String body = body(notification);
    for (String number : to) {
      api.send(number, sender, body);
    }
  }

  /** The title, then the first lines of the text, plain, cut to Twilio's maximum. */
  static String body(Notification notification) {
    return Texts.truncate(shortText(notification, TEXT_LINES), TwilioMessages.MAX_BODY);
  }

  /** The title and the first {@code lines} non-blank lines of the text. */
  static String shortText(Notification notification, int lines) {
    StringBuilder sb = new StringBuilder(notification.title().strip());
    int n = 0;
    for (String line : notification.text().split("\\R")) {
      if (n == lines) {
        sb.append("\n…");
        break;
      }
      if (!line.isBlank()) {
        sb.append('\n').append(line.strip());
        n++;
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "TwilioSmsChannel[" + name + " via " + api.host() + ", min " + minSeverity + "]";
  }

  /** Builds a {@link TwilioSmsChannel}; {@link #build()} reports every problem. Not thread-safe. */
  public static final class Builder {
    private String name = "sms";
    private String accountSid;
    private String authToken;
    private String from;
    private String messagingServiceSid;
    private final List<String> to = new ArrayList<>();
    private int badNumbers;
    private Severity minSeverity = Severity.CRITICAL;
    private URI baseUrl = URI.create("https://api.twilio.com");
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    Builder() {}

    /** Sets the channel's name; {@code sms} by default. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the account SID ({@code AC} and 32 hex digits); required. */
    public Builder accountSid(String accountSid) {
      this.accountSid = requireNonNull(accountSid, "accountSid");
      return this;
    }

    /** Sets the auth token, a secret; required. */
    public Builder authToken(String authToken) {
      this.authToken = requireNonNull(authToken, "authToken");
      return this;
    }

    /** Sets the sending number (E.164); this or a messaging service is required. */
    public Builder from(String from) {
      this.from = requireNonNull(from, "from");
      return this;
    }

    /** Sends through a Messaging Service ({@code MG…}) rather than from one number. */
    public Builder messagingServiceSid(String sid) {
      this.messagingServiceSid = requireNonNull(sid, "messagingServiceSid");
      return this;
    }

    /** Adds recipients (E.164) for notifications addressed to no contact. */
    public Builder to(String... numbers) {
      for (String number : numbers) {
        String n = Addressing.e164(requireNonNull(number, "to"));
        if (n == null) {
          badNumbers++;
        } else {
          to.add(n);
        }
      }
      return this;
    }

    /** Sets the lowest severity sent; CRITICAL by default. */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = requireNonNull(minSeverity, "minSeverity");
      return this;
    }

    /** Sets the API's base URL; {@code https://api.twilio.com} by default (tests, proxies). */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Sets how long a request may take; 10 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the channel.
     *
     * @throws IllegalStateException listing every missing or invalid setting
     */
    public TwilioSmsChannel build() {
      List<String> problems = new ArrayList<>();
      checkCommon(problems, name, accountSid, authToken, baseUrl, timeout);
      if (from == null && messagingServiceSid == null) {
        problems.add("from or messagingServiceSid is required");
      } else if (from != null && messagingServiceSid != null) {
        problems.add("set from or messagingServiceSid, not both");
      } else if (from != null && Addressing.e164(from) == null) {
        problems.add("from must be an E.164 number (+ and 8 to 15 digits) but was " + from);
      } else if (messagingServiceSid != null
          && !TwilioMessages.isServiceSid(messagingServiceSid)) {
        problems.add("messagingServiceSid must be MG and 32 hex digits");
      }
      if (badNumbers > 0) {
        problems.add(badNumbers + " recipient(s) in to are not E.164 numbers"
            + " (+ and 8 to 15 digits)");
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid Twilio SMS channel: "
            + String.join("; ", problems));
      }
      if (from != null) {
        from = Addressing.e164(from);
      }
      return new TwilioSmsChannel(this);
    }
  }

  /** The checks both Twilio channels make. */
  static void checkCommon(List<String> problems, String name, String accountSid,
      String authToken, URI baseUrl, Duration timeout) {
    if (name.isBlank()) {
      problems.add("name must not be blank");
    }
    TwilioMessages.check(problems, baseUrl, accountSid, authToken);
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add("timeout must be positive but was " + timeout);
    }
  }
}
