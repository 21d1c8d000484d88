package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Digest;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Json;
import dev.vigil.notify.internal.Texts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts notifications to a Slack <a href="https://api.slack.com/messaging/webhooks">incoming
 * webhook</a>: Block Kit blocks (a header with the title, the text, the facts, the time and the
 * runbook link) in an attachment coloured by severity (green when resolved), and the title as the
 * top-level {@code text} that notifications show.
 *
 * <pre>{@code
 * Channel slack = SlackChannel.builder("slack-ops",
 *         URI.create("https://hooks.slack.com/services/T000/B000/XXXX"))
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p>Text from the notification is shown as {@code plain_text} where Slack allows (no
 * formatting, links or mentions) with {@code &}, {@code <} and {@code >} escaped as Slack asks,
 * and {@code @channel}, {@code @here}, {@code @everyone} broken by an invisible joiner; it is cut
 * to Slack's limits (header 150 characters, section text 3000, fields 2000, top-level text
 * 40,000). Slack answers {@code 200 ok}; 4xx answers ({@code 404 no_service}, {@code 400
 * invalid_payload}…) fail permanently, 429 and 5xx are retried ({@code Retry-After} honoured).
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the name and the webhook's host, never
 * its path (the secret).
 */
public final class SlackChannel implements Channel {

  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int FIELDS_MAX = 10;
  static final int TEXT_MAX = 40_000;
  /** The most text sections of a digest (Slack allows 50 blocks). */
  static final int DIGEST_SECTIONS = 40;

  private final String name;
  private final URI webhookUri;
  private final Duration timeout;

  private SlackChannel(Builder b) {
    this.name = b.name;
    this.webhookUri = b.webhookUri;
    this.timeout = b.timeout;
  }

  /**
   * Returns a builder for a channel named {@code name} posting to {@code webhookUri}, an https
   * URI (http is accepted only to localhost).
   */
  public static Builder builder(String name, URI webhookUri) {
    return new Builder(name, webhookUri);
  }

  /** Returns {@code true}: a group of alerts goes out as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Notification notification) throws DeliveryException {
    requireNonNull(notification, "notification");
    Http.post(webhookUri, "application/json; charset=utf-8", Json.write(payload(notification)),
        Map.of(), timeout);
  }

  /**
   * Posts {@code digest}: a header with the title and its text in plain-text sections of at
   * most {@link #SECTION_MAX} characters (at most {@link #DIGEST_SECTIONS}; the rest is cut).
   */
  @Override
  public boolean sendDigest(Digest digest) throws DeliveryException {
    requireNonNull(digest, "digest");
    Http.post(webhookUri, "application/json; charset=utf-8", Json.write(payload(digest)),
        Map.of(), timeout);
    return true;
  }

  /** Returns the webhook's JSON body for {@code digest}. */
  static Map<String, Object> payload(Digest digest) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(fit("📊 " + digest.title(), HEADER_MAX))));
    List<String> chunks = Chat.chunks(digest.text(), SECTION_MAX, s -> escape(s).length());
    for (int i = 0; i < chunks.size() && i < DIGEST_SECTIONS; i++) {
      blocks.add(Map.of("type", "section", "text", plain(escape(chunks.get(i)))));
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("text", fit(digest.title(), TEXT_MAX));
    payload.put("blocks", blocks);
    return payload;
  }

  /** Returns the webhook's JSON body for {@code n}. */
  static Map<String, Object> payload(Notification n) {
    String title = Chat.title(n);
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(fit(title, HEADER_MAX))));
    if (!n.text().isBlank()) {
      blocks.add(Map.of("type", "section", "text", plain(fit(n.text(), SECTION_MAX))));
    }
    List<Object> fields = new ArrayList<>();
    Chat.facts(n).forEach((fact, value) -> {
      if (fields.size() < FIELDS_MAX) {
        fields.add(plain(fit(fact + ": " + value, FIELD_MAX)));
      }
    });
    blocks.add(Map.of("type", "section", "fields", fields));
    long epoch = n.createdAt().getEpochSecond();
    StringBuilder context = new StringBuilder()
        .append(n.kind().name()).append(" · ")
        .append("<!date^").append(epoch).append("^{date_short_pretty} {time}|")
        .append(n.createdAt()).append('>');
    URI runbook = Chat.link(n.alert());
    if (runbook != null) {
      context.append(" · <").append(escape(runbook.toASCIIString())).append("|Runbook>");
    }
    blocks.add(Map.of("type", "context", "elements",
        List.of(Map.of("type", "mrkdwn", "text", context.toString()))));

    String fallback = fit(title, TEXT_MAX);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("color", Chat.hex(Chat.colour(n)));
    attachment.put("fallback", fallback);
    attachment.put("blocks", blocks);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("text", fallback);
    payload.put("attachments", List.of(attachment));
    return payload;
  }

  private static Map<String, Object> plain(String text) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", "plain_text");
    object.put("text", text);
    object.put("emoji", true);
    return object;
  }

  /** Returns {@code raw} escaped, cut so that the escaped text has at most {@code max} chars. */
  private static String fit(String raw, int max) {
    return escape(Texts.fit(raw, t -> escape(t).length() <= max));
  }

  /**
   * Escapes Slack's control characters ({@code &}, {@code <}, {@code >}: no {@code <!here>},
   * {@code <@U123>} or {@code <http://evil|click>} can be written) and breaks plain broadcasts.
   */
  static String escape(String s) {
    return Chat.neutraliseMentions(s.replace("&", "&amp;").replace("<", "&lt;")
        .replace(">", "&gt;"));
  }

  @Override
  public String toString() {
    return Chat.describe("SlackChannel", name, webhookUri);
  }

  /** Builds a {@link SlackChannel}; checks its settings in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final URI webhookUri;
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    private Builder(String name, URI webhookUri) {
      this.name = name;
      this.webhookUri = webhookUri;
    }

    /** Sets the time a post may take; 10 seconds by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the channel.
     *
     * @throws IllegalArgumentException naming every setting that is wrong: a blank name, a
     *     webhook that is not an absolute https URI (or http to localhost), a timeout not positive
     */
    public SlackChannel build() {
      Chat.check("SlackChannel", name, webhookUri, timeout);
      return new SlackChannel(this);
    }
  }
}
