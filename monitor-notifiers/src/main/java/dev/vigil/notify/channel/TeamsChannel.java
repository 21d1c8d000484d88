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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts notifications to a Microsoft Teams <em>Workflows</em> webhook (the Power Automate
 * trigger "When a Teams webhook request is received", which replaced the Office 365
 * connectors): a message with one Adaptive Card 1.4 holding the title (coloured by severity,
 * green when resolved), the text, the facts, the time and a button to the runbook.
 *
 * <pre>{@code
 * Channel teams = TeamsChannel.builder("teams-ops",
 *         URI.create("https://prod-00.westeurope.logic.azure.com/workflows/…/invoke?…&sig=…"))
 *     .build();
 * }</pre>
 *
 * <p>Adaptive Card text blocks render a markdown subset (bold, italic, lists, links): the
 * notification's text is backslash-escaped so it shows as written; HTML is not rendered by
 * cards. The whole payload is kept under 27,000 bytes (Teams refuses messages over about 28 KB)
 * by cutting the text. Workflows answer {@code 202 Accepted}; 429 and 5xx are retried, other 4xx
 * fail permanently.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the name and the webhook's host, never
 * its path or query (they hold the signature).
 */
public final class TeamsChannel implements Channel {

  /** The payload's size limit in bytes of UTF-8, under Teams' "about 28 KB". */
  static final int PAYLOAD_MAX_BYTES = 27_000;
  /** Our own caps, so the text keeps most of the room. */
  static final int TITLE_MAX = 400;
  static final int FACT_MAX = 1000;

  private final String name;
  private final URI webhookUri;
  private final Duration timeout;

  private TeamsChannel(Builder b) {
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
   * Posts {@code digest} as an Adaptive Card: the title, then the text (cut so that the payload
   * stays within {@link #PAYLOAD_MAX_BYTES}).
   */
  @Override
  public boolean sendDigest(Digest digest) throws DeliveryException {
    requireNonNull(digest, "digest");
    Http.post(webhookUri, "application/json", Json.write(payload(digest)), Map.of(), timeout);
    return true;
  }

  /** Returns the webhook's JSON body for {@code digest}, at most {@link #PAYLOAD_MAX_BYTES}. */
  static Map<String, Object> payload(Digest digest) {
    String text = Texts.fit(digest.text(), t -> bytes(payload(digest, t)) <= PAYLOAD_MAX_BYTES);
    return payload(digest, text);
  }

  private static Map<String, Object> payload(Digest digest, String rawText) {
    List<Object> body = new ArrayList<>();
    Map<String, Object> title = textBlock(fit("📊 " + digest.title(), TITLE_MAX));
    title.put("size", "Medium");
    title.put("weight", "Bolder");
    title.put("color", "Accent");
    body.add(title);
    if (!rawText.isBlank()) {
      // one block per line: Adaptive Cards join single line breaks
      for (String line : rawText.split("\\R")) {
        Map<String, Object> block = textBlock(line.isBlank() ? " " : Markdown.escape(line));
        block.put("spacing", "None");
        body.add(block);
      }
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    card.put("msteams", Map.of("width", "Full"));
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  /** Returns the webhook's JSON body for {@code n}, at most {@link #PAYLOAD_MAX_BYTES}. */
  static Map<String, Object> payload(Notification n) {
    String text = Texts.fit(n.text(), t -> bytes(payload(n, t)) <= PAYLOAD_MAX_BYTES);
    return payload(n, text);
  }

  private static int bytes(Map<String, Object> payload) {
    return Json.write(payload).getBytes(StandardCharsets.UTF_8).length;
  }

  private static Map<String, Object> payload(Notification n, String rawText) {
    List<Object> body = new ArrayList<>();
    Map<String, Object> title = textBlock(fit(Chat.title(n), TITLE_MAX));
    title.put("size", "Medium");
    title.put("weight", "Bolder");
    title.put("color", colour(n));
    body.add(title);
    if (!rawText.isBlank()) {
      body.add(textBlock(Markdown.escape(rawText)));
    }
    List<Object> facts = new ArrayList<>();
    Chat.facts(n).forEach((fact, value) -> {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("title", fact);
      f.put("value", fit(value, FACT_MAX));
      facts.add(f);
    });
    body.add(Map.of("type", "FactSet", "facts", facts));
    String at = n.createdAt().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, Object> when = textBlock(n.kind().name() + " · {{DATE(" + at + ", SHORT)}} {{TIME("
        + at + ")}}");
    when.put("size", "Small");
    when.put("isSubtle", true);
    body.add(when);

    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    URI runbook = Chat.link(n.alert());
    if (runbook != null) {
      card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Runbook",
          "url", runbook.toASCIIString())));
    }
    card.put("msteams", Map.of("width", "Full"));

    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  private static Map<String, Object> textBlock(String text) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "TextBlock");
    block.put("text", text);
    block.put("wrap", true);
    return block;
  }

  /** Returns the TextBlock colour of the title: by kind, and by severity when firing. */
  static String colour(Notification n) {
    return switch (n.kind()) {
      case RESOLVED -> "Good";
      case ACKNOWLEDGED, TEST -> "Accent";
      case FLAPPING -> "Warning";
      case FIRING, REMINDER -> switch (n.alert().severity()) {
        case INFO -> "Default";
        case WARN -> "Warning";
        case ERROR, CRITICAL -> "Attention";
      };
    };
  }

  private static String fit(String raw, int max) {
    return Markdown.escape(Texts.fit(raw, t -> Markdown.escape(t).length() <= max));
  }

  @Override
  public String toString() {
    return Chat.describe("TeamsChannel", name, webhookUri);
  }

  /** Builds a {@link TeamsChannel}; checks its settings in {@link #build()}. Not thread-safe. */
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
    public TeamsChannel build() {
      Chat.check("TeamsChannel", name, webhookUri, timeout);
      return new TeamsChannel(this);
    }
  }
}
