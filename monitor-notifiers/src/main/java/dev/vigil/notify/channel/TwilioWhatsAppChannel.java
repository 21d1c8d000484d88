package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends WhatsApp messages through Twilio's Messages API ({@code From=whatsapp:+…}, {@code
 * To=whatsapp:+…}), to the notification's {@link dev.vigil.notify.Contact}'s {@code "whatsapp"}
 * address, else to the configured recipients.
 *
 * <pre>{@code
 * TwilioWhatsAppChannel.builder()
 *     .accountSid("AC0123456789abcdef0123456789abcdef")
 *     .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
 *     .from("+14155238886")                       // the WhatsApp sender
 *     .to("+33612345678")
 *     .build();
 * }</pre>
 *
 * <p>Numbers are accepted as {@code +33612345678}, {@code whatsapp:+33612345678} or {@code
 * 33612345678@c.us} and sent as {@code whatsapp:+33612345678}. The message is formatted as for
 * {@link GreenApiWhatsAppChannel} (bold title, markers neutralised) and cut to Twilio's 1,600
 * characters. Outside WhatsApp's 24-hour session window, Twilio only delivers approved templates:
 * a free-form message is then refused by Twilio (a permanent failure). Immutable and
 * thread-safe; the auth token appears in no string or error.
 */
public final class TwilioWhatsAppChannel implements Channel {

  private final String name;
  private final TwilioMessages api;
  private final String sender;
  private final List<String> recipients;
  private final Severity minSeverity;

  private TwilioWhatsAppChannel(Builder b) {
    this.name = b.name;
    this.api = new TwilioMessages(b.baseUrl, b.accountSid, b.authToken, b.timeout);
    this.sender = b.messagingServiceSid != null ? b.messagingServiceSid : address(b.from);
    this.recipients = List.copyOf(b.to);
    this.minSeverity = b.minSeverity;
  }

  /** Returns a builder; the account SID, the auth token and a sender are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns {@code raw} as {@code whatsapp:+digits}, or null if malformed. */
  static String address(String raw) {
    String digits = Addressing.whatsAppDigits(raw);
    return digits == null ? null : "whatsapp:+" + digits;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String addressKind() {
    return "whatsapp";
  }

  @Override
  public Severity minSeverity() {
    return minSeverity;
  }

  @Override
  public void send(Notification notification) throws DeliveryException {
    List<String> to = Addressing.recipients(name, "whatsapp", notification, recipients,
        TwilioWhatsAppChannel::address, "+ and 8 to 15 digits");
    String body = WhatsAppText.message(notification, TwilioMessages.MAX_BODY);
    for (String address : to) {
      api.send(address, sender, body);
    }
  }

  @Override
  public String toString() {
    return "TwilioWhatsAppChannel[" + name + " via " + api.host() + "]";
  }

  /** Builds a {@link TwilioWhatsAppChannel}; {@link #build()} reports every problem. */
  public static final class Builder {
    private String name = "whatsapp";
    private String accountSid;
    private String authToken;
    private String from;
    private String messagingServiceSid;
    private final List<String> to = new ArrayList<>();
    private int badNumbers;
    private Severity minSeverity = Severity.INFO;
    private URI baseUrl = URI.create("https://api.twilio.com");
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    Builder() {}

    /** Sets the channel's name; {@code whatsapp} by default. */
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

    /** Sets the WhatsApp sender's number; this or a messaging service is required. */
    public Builder from(String from) {
      this.from = requireNonNull(from, "from");
      return this;
    }

    /** Sends through a Messaging Service ({@code MG…}) with a WhatsApp sender. */
    public Builder messagingServiceSid(String sid) {
      this.messagingServiceSid = requireNonNull(sid, "messagingServiceSid");
      return this;
    }

    /** Adds recipients for notifications addressed to no contact. */
    public Builder to(String... numbers) {
      for (String number : numbers) {
        String a = address(requireNonNull(number, "to"));
        if (a == null) {
          badNumbers++;
        } else {
          to.add(a);
        }
      }
      return this;
    }

    /** Sets the lowest severity sent; INFO (everything) by default. */
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
    public TwilioWhatsAppChannel build() {
      List<String> problems = new ArrayList<>();
      TwilioSmsChannel.checkCommon(problems, name, accountSid, authToken, baseUrl, timeout);
      if (from == null && messagingServiceSid == null) {
        problems.add("from or messagingServiceSid is required");
      } else if (from != null && messagingServiceSid != null) {
        problems.add("set from or messagingServiceSid, not both");
      } else if (from != null && address(from) == null) {
        problems.add("from must be a WhatsApp number (+ and 8 to 15 digits) but was " + from);
      } else if (messagingServiceSid != null
          && !TwilioMessages.isServiceSid(messagingServiceSid)) {
        problems.add("messagingServiceSid must be MG and 32 hex digits");
      }
      if (badNumbers > 0) {
        problems.add(badNumbers + " recipient(s) in to are not WhatsApp numbers"
            + " (+ and 8 to 15 digits)");
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid Twilio WhatsApp channel: "
            + String.join("; ", problems));
      }
      return new TwilioWhatsAppChannel(this);
    }
  }
}
