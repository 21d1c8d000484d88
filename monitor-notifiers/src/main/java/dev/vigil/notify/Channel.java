package dev.vigil.notify;

import dev.vigil.Severity;

/**
 * Somewhere notifications go: a Slack webhook, a PagerDuty service, an SMTP server… The SPI of
 * the notifiers: adding a channel is one class implementing it.
 *
 * <p>{@link #send} is called by the {@link Notifier}'s delivery threads, one notification at a
 * time per channel, in order; it may block on I/O (with a timeout of its own) and reports
 * failure with a {@link DeliveryException}, retryable or permanent. It must escape the
 * notification's text for its medium (it may hold log lines) and respect the medium's size
 * limits, and must never put a secret (a webhook URL, a token) in an exception message.
 */
public interface Channel extends AutoCloseable {

  /** Returns the channel's name, unique within a notifier, such as {@code slack-ops}. */
  String name();

  /**
   * Delivers {@code notification}.
   *
   * @throws DeliveryException if it was not delivered
   */
  void send(Notification notification) throws DeliveryException;

  /**
   * Delivers {@code digest}, a message about a period such as a weekly report, to the channel's
   * own audience (its configured recipients or webhook; never a contact).
   *
   * <p>Called by {@link Notifier#sendDigest} on the caller's thread, possibly while {@link #send}
   * runs on a delivery thread; no retries. Escape and cut as {@link #send} does, and keep secrets
   * out of exception messages.
   *
   * @return {@code true} if it was delivered; {@code false}, without sending anything, if this
   *     channel does not take digests: the default, for incident trackers (PagerDuty, Opsgenie,
   *     Alertmanager) and phones
   * @throws DeliveryException if it was not delivered
   */
  default boolean sendDigest(Digest digest) throws DeliveryException {
    return false;
  }

  /**
   * Returns the kind of {@link Contact} address this channel sends to ({@code "sms"}, {@code
   * "email"}…), or {@code null} (the default) for a channel that reaches a team, not a person.
   * A channel with an address kind is sent only notifications addressed to a contact who has
   * such an address.
   */
  default String addressKind() {
    return null;
  }

  /**
   * Returns the lowest severity this channel is sent; {@link Severity#INFO} (everything) by
   * default, CRITICAL for SMS.
   */
  default Severity minSeverity() {
    return Severity.INFO;
  }

  /**
   * Returns whether this channel takes a {@linkplain Notification#isGroup() group} of alerts as
   * one notification (a chat message, an email); {@code false} (the default) for channels that
   * track each alert on their side (PagerDuty, Opsgenie, Alertmanager) or reach a phone: they get
   * a group's notifications one by one, at the group's time.
   */
  default boolean groups() {
    return false;
  }

  /**
   * Releases what the channel holds (a resend thread, a mail session); called once by the
   * notifier's {@code close()}. Must not throw. Nothing by default.
   */
  @Override
  default void close() {}
}
