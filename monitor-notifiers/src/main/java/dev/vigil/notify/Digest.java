package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A message about a period rather than about one alert, such as a weekly report. It is not
 * routed and not kept in the {@link Outbox}: whoever makes it sends it to the channels it chooses
 * with {@link Notifier#sendDigest}, which calls {@link Channel#sendDigest}. Channels escape the
 * title and the text for their medium, as for a {@link Notification}: both may hold text from
 * logs.
 *
 * @param id an idempotency key, the same for every retry of one digest (webhooks send it as
 *     {@code Idempotency-Key}; email as a header)
 * @param title a one-line title, plain text, not escaped: the subject of an email, the heading
 *     of a chat message
 * @param text the body, plain text with line breaks, not escaped
 * @param html the body as a complete HTML document whose every string its maker escaped, for
 *     channels that show HTML (email), or {@code null}: they then show {@code text}
 * @param createdAt when the digest was made
 */
public record Digest(String id, String title, String text, String html, Instant createdAt) {

  /** Checks that nothing but {@code html} is null. */
  public Digest {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(text, "text");
    requireNonNull(createdAt, "createdAt");
  }
}
