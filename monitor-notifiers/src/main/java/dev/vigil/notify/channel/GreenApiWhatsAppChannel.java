package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sends WhatsApp messages through GREEN-API ({@code POST
 * {apiUrl}/waInstance{idInstance}/sendMessage/{apiTokenInstance}}, JSON {@code {"chatId",
 * "message"}}), to the notification's {@link dev.vigil.notify.Contact}'s {@code "whatsapp"}
 * address, else to the configured chats.
 *
 * <pre>{@code
 * GreenApiWhatsAppChannel.builder()
 *     .idInstance("1101000001")
 *     .apiTokenInstance(System.getenv("GREEN_API_TOKEN"))
 *     .to("+33612345678")                        // or "33612345678@c.us", or a group "…@g.us"
 *     .build();
 * }</pre>
 *
 * <p>Addresses are accepted as {@code 33612345678@c.us}, {@code +33612345678} or {@code
 * whatsapp:+33612345678} and sent as the chat id {@code 33612345678@c.us}. The message is the
 * title in bold and the text, its formatting markers neutralised (WhatsApp has no escaping: a
 * zero-width space around each {@code * _ ~ `}), cut to GREEN-API's 20,000 characters. The token
 * is part of the URL path: it appears in no string, and error answers are quoted with it
 * masked. Immutable and thread-safe.
 */
public final class GreenApiWhatsAppChannel implements Channel {

  /** GREEN-API's documented maximum length of a text message. */
  static final int MAX_MESSAGE = 20_000;

  private static final Pattern ID_INSTANCE = Pattern.compile("[0-9]{4,20}");

  private final String name;
  private final URI endpoint;
  private final String token;
  private final List<String> chats;
  private final Severity minSeverity;
  private final Duration timeout;

  private GreenApiWhatsAppChannel(Builder b) {
    this.name = b.name;
    String base = b.apiUrl.toString();
    this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/waInstance" + b.idInstance + "/sendMessage/" + b.apiTokenInstance);
    this.token = b.apiTokenInstance;
    this.chats = List.copyOf(b.to);
    this.minSeverity = b.minSeverity;
    this.timeout = b.timeout;
  }

  /** Returns a builder; the instance id and its API token are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns {@code raw} as a chat id ({@code 33612345678@c.us}, or a group's), or null. */
  static String chatId(String raw) {
    if (Addressing.isGroupChat(raw)) {
      return raw.strip();
    }
    String digits = Addressing.whatsAppDigits(raw);
    return digits == null ? null : digits + "@c.us";
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
    List<String> to = Addressing.recipients(name, "whatsapp", notification, chats,
        GreenApiWhatsAppChannel::chatId, "+ and 8 to 15 digits, or digits@c.us");
    String message = WhatsAppText.message(notification, MAX_MESSAGE);
    for (String chatId : to) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("chatId", chatId);
      body.put("message", message);
      Http.post(endpoint, "application/json", Json.write(body), Map.of(), timeout,
          answer -> Http.answer(answer.replace(token, "***")));
    }
  }

  @Override
  public String toString() {
    return "GreenApiWhatsAppChannel[" + name + " via " + endpoint.getHost() + "]";
  }

  /** Builds a {@link GreenApiWhatsAppChannel}; {@link #build()} reports every problem. */
  public static final class Builder {
    private String name = "whatsapp";
    private String idInstance;
    private String apiTokenInstance;
    private URI apiUrl = URI.create("https://api.green-api.com");
    private final List<String> to = new ArrayList<>();
    private int badChats;
    private Severity minSeverity = Severity.INFO;
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    Builder() {}

    /** Sets the channel's name; {@code whatsapp} by default. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the instance id (digits); required. */
    public Builder idInstance(String idInstance) {
      this.idInstance = requireNonNull(idInstance, "idInstance");
      return this;
    }

    /** Sets the instance's API token, a secret; required. */
    public Builder apiTokenInstance(String apiTokenInstance) {
      this.apiTokenInstance = requireNonNull(apiTokenInstance, "apiTokenInstance");
      return this;
    }

    /** Sets the API URL of the instance; {@code https://api.green-api.com} by default. */
    public Builder apiUrl(URI apiUrl) {
      this.apiUrl = requireNonNull(apiUrl, "apiUrl");
      return this;
    }

    /** Adds chats for notifications addressed to no contact, in any accepted form. */
    public Builder to(String... chats) {
      for (String chat : chats) {
        String id = chatId(requireNonNull(chat, "to"));
        if (id == null) {
          badChats++;
        } else {
          to.add(id);
        }
      }
      return this;
    }

    /** Sets the lowest severity sent; INFO (everything) by default. */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = requireNonNull(minSeverity, "minSeverity");
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
    public GreenApiWhatsAppChannel build() {
      List<String> problems = new ArrayList<>();
      if (name.isBlank()) {
        problems.add("name must not be blank");
      }
      if (idInstance == null) {
        problems.add("idInstance is required");
      } else if (!ID_INSTANCE.matcher(idInstance).matches()) {
        problems.add("idInstance must be digits but was " + idInstance);
      }
      if (apiTokenInstance == null || apiTokenInstance.isBlank()) {
        problems.add("apiTokenInstance is required");
      } else if (!apiTokenInstance.matches("[A-Za-z0-9]+")) {
        problems.add("apiTokenInstance must be letters and digits"); // it goes into the path
      }
      if (!("https".equals(apiUrl.getScheme()) || "http".equals(apiUrl.getScheme()))) {
        problems.add("apiUrl must be an http(s) URL");
      }
      if (badChats > 0) {
        problems.add(badChats + " chat(s) in to are malformed: expected +33612345678,"
            + " 33612345678@c.us or a group's …@g.us");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        problems.add("timeout must be positive but was " + timeout);
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid GREEN-API WhatsApp channel: "
            + String.join("; ", problems));
      }
      return new GreenApiWhatsAppChannel(this);
    }
  }
}
