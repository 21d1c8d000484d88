package dev.vigil.notify.channel;

import dev.vigil.notify.Contact;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Who a channel that reaches people sends to, and the phone-number forms they accept. Shared by
 * the email, SMS and WhatsApp channels. Stateless.
 *
 * <p>The rule: a notification addressed to a {@link Contact} goes to the contact's address of
 * the channel's kind only; one without a contact goes to the channel's configured recipients.
 * Neither (or a contact without such an address, or with a malformed one) is a permanent failure
 * whose message names the contact, never an address: addresses are personal data.
 */
final class Addressing {

  /** {@code +} and 8 to 15 digits, after dropping spaces, dots, dashes and parentheses. */
  private static final Pattern E164 = Pattern.compile("\\+[0-9]{8,15}");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s.()\\-]");
  private static final Pattern PERSONAL_CHAT = Pattern.compile("([0-9]{8,15})@c\\.us");
  private static final Pattern GROUP_CHAT = Pattern.compile("[0-9]{6,30}(-[0-9]{6,20})?@g\\.us");

  private Addressing() {}

  /**
   * Returns {@code raw} as E.164 ({@code +33612345678}), tolerating spaces, dots, dashes and
   * parentheses, or {@code null} if it is not {@code +} and 8 to 15 digits.
   */
  static String e164(String raw) {
    String n = SEPARATORS.matcher(raw.strip()).replaceAll("");
    return E164.matcher(n).matches() ? n : null;
  }

  /**
   * Returns the digits of a WhatsApp number given as {@code 33612345678@c.us}, {@code
   * +33612345678} or {@code whatsapp:+33612345678}, or {@code null} if it is none of these.
   */
  static String whatsAppDigits(String raw) {
    String s = raw.strip();
    var chat = PERSONAL_CHAT.matcher(s);
    if (chat.matches()) {
      return chat.group(1);
    }
    if (s.startsWith("whatsapp:")) {
      s = s.substring("whatsapp:".length());
    }
    String e164 = e164(s);
    return e164 == null ? null : e164.substring(1);
  }

  /** Returns whether {@code raw} is a WhatsApp group's chat id ({@code 1203630…@g.us}). */
  static boolean isGroupChat(String raw) {
    return GROUP_CHAT.matcher(raw.strip()).matches();
  }

  /**
   * Returns the addresses {@code notification} goes to, each normalised by {@code normalise}
   * (which returns {@code null} for a malformed address).
   *
   * @param configured the channel's recipients, already normalised
   * @param form what a valid address looks like, for the error message
   * @throws DeliveryException (permanent) if there is no one to send to, as the class describes
   */
  static List<String> recipients(String channel, String kind, Notification notification,
      List<String> configured, UnaryOperator<String> normalise, String form)
      throws DeliveryException {
    Contact contact = notification.contact();
    if (contact == null) {
      if (configured.isEmpty()) {
        throw DeliveryException.permanent("channel " + channel + " has no " + kind
            + " recipients configured and the notification is addressed to no contact");
      }
      return configured;
    }
    String address = contact.address(kind);
    if (address == null) {
      throw DeliveryException.permanent("contact " + contact.name() + " has no " + kind
          + " address (channel " + channel + ")");
    }
    String normalised = normalise.apply(address);
    if (normalised == null) {
      throw DeliveryException.permanent("contact " + contact.name() + " has a malformed " + kind
          + " address (channel " + channel + "): expected " + form);
    }
    return List.of(normalised);
  }
}
