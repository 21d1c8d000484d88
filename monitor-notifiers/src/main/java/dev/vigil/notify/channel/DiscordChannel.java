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
 * Posts notifications to a Discord <a
 * href="https://discord.com/developers/docs/resources/webhook#execute-webhook">webhook</a>: one
 * embed coloured by severity (green when resolved) with the title, the text, the facts as fields,
 * a footer and the time; the title as {@code content} too, which notifications show.
 *
 * <pre>{@code
 * Channel discord = DiscordChannel.builder("discord-ops",
 *         URI.create("https://discord.com/api/webhooks/123456/XXXX"))
 *     .build();
 * }</pre>
 *
 * <p>Nobody is ever pinged: {@code allowed_mentions} is {@code {"parse": []}}, and
 * {@code @everyone} or {@code @here} written plainly are broken by an invisible joiner.
 * Markdown in the notification's text is backslash-escaped so it shows as written (no masked
 * links, no spoilers). Texts are cut to Discord's limits: title 256, description 4096, field
 * names 256 and values 1024 (at most 25 fields), footer 2048, 6000 characters for the whole
 * embed, {@code content} 2000. Discord answers {@code 204}; 429 is retried after its {@code
 * Retry-After} (fractional seconds), 5xx retried, other 4xx permanent.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the name and the webhook's host, never
 * its path (the token).
 */
public final class DiscordChannel implements Channel {

  static final int TITLE_MAX = 256;
  static final int DESCRIPTION_MAX = 4096;
  static final int FIELD_NAME_MAX = 256;
  static final int FIELD_VALUE_MAX = 1024;
  static final int FIELDS_MAX = 25;
  static final int FOOTER_MAX = 2048;
  static final int EMBED_MAX = 6000;
  static final int CONTENT_MAX = 2000;

  private final String name;
  private final URI webhookUri;
  private final Duration timeout;

  private DiscordChannel(Builder b) {
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
    Http.post(webhookUri, "application/json", Json.write(payload(notification)), Map.of(),
        timeout);
  }

  /**
   * Posts {@code digest} as one embed: the title, and the text as its description, cut to
   * {@link #DESCRIPTION_MAX} characters.
   */
  @Override
  public boolean sendDigest(Digest digest) throws DeliveryException {
    requireNonNull(digest, "digest");
    Http.post(webhookUri, "application/json", Json.write(payload(digest)), Map.of(), timeout);
    return true;
  }

  /** Returns the webhook's JSON body for {@code digest}. */
  static Map<String, Object> payload(Digest digest) {
    String title = fit("📊 " + digest.title(), TITLE_MAX);
    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("title", title);
    String description = fit(digest.text(), DESCRIPTION_MAX);
    if (!description.isEmpty()) {
      embed.put("description", description);
    }
    embed.put("color", Chat.TEAL);
    embed.put("footer", Map.of("text", "Vigil · REPORT"));
    embed.put("timestamp", digest.createdAt().toString());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("content", title.length() <= CONTENT_MAX ? title : fit(digest.title(), CONTENT_MAX));
    payload.put("embeds", List.of(embed));
    payload.put("allowed_mentions", Map.of("parse", List.of()));
    return payload;
  }

  /** Returns the webhook's JSON body for {@code n}. */
  static Map<String, Object> payload(Notification n) {
    String title = fit(Chat.title(n), TITLE_MAX);
    List<Object> fields = new ArrayList<>();
    int used = title.length();
    for (Map.Entry<String, String> fact : Chat.facts(n).entrySet()) {
      if (fields.size() == FIELDS_MAX) {
        break;
      }
      String factName = fit(fact.getKey(), FIELD_NAME_MAX);
      String value = fit(fact.getValue(), FIELD_VALUE_MAX);
      used += factName.length() + value.length();
      fields.add(field(factName, value, !fact.getKey().equals("Labels")));
    }
    URI runbook = Chat.link(n.alert());
    if (runbook != null && fields.size() < FIELDS_MAX) {
      // the URI has no spaces or brackets; <…> keeps Discord from adding a preview
      String value = Texts.truncate("<" + runbook.toASCIIString() + ">", FIELD_VALUE_MAX);
      used += "Runbook".length() + value.length();
      fields.add(field("Runbook", value, false));
    }
    String footer = "Vigil · " + n.kind().name();
    used += footer.length();
    String description = fit(n.text(), Math.min(DESCRIPTION_MAX, EMBED_MAX - used));

    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("title", title);
    if (!description.isEmpty()) {
      embed.put("description", description);
    }
    if (runbook != null) {
      embed.put("url", runbook.toASCIIString());
    }
    embed.put("color", Chat.colour(n));
    embed.put("fields", fields);
    embed.put("footer", Map.of("text", footer));
    embed.put("timestamp", n.createdAt().toString());

    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("content", fit(Chat.title(n), CONTENT_MAX));
    payload.put("embeds", List.of(embed));
    payload.put("allowed_mentions", Map.of("parse", List.of()));
    return payload;
  }

  private static Map<String, Object> field(String name, String value, boolean inline) {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("value", value);
    field.put("inline", inline);
    return field;
  }

  /** Returns {@code raw} escaped, cut so that the escaped text has at most {@code max} chars. */
  private static String fit(String raw, int max) {
    return Markdown.escape(Texts.fit(raw, t -> Markdown.escape(t).length() <= max));
  }

  @Override
  public String toString() {
    return Chat.describe("DiscordChannel", name, webhookUri);
  }

  /** Builds a {@link DiscordChannel}; checks its settings in {@link #build()}. Not thread-safe. */
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
    public DiscordChannel build() {
      Chat.check("DiscordChannel", name, webhookUri, timeout);
      return new DiscordChannel(this);
    }
  }
}
