package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A person to notify, with an address per kind of channel: {@code "sms"} → {@code +33612345678},
 * {@code "whatsapp"} → {@code 33612345678@c.us}, {@code "email"} → {@code alice@example.com}.
 * Channels that reach people ({@link Channel#addressKind()}) send to the address of their kind.
 *
 * @param name the person's name, for messages and logs
 * @param addresses the address for each kind of channel; copied, unmodifiable
 */
public record Contact(String name, Map<String, String> addresses) {

  /** Checks and copies the components. */
  public Contact {
    requireNonNull(name, "name");
    requireNonNull(addresses, "addresses");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a contact's name must not be blank");
    }
    addresses.forEach((kind, address) -> {
      requireNonNull(kind, "address kind");
      requireNonNull(address, "address");
    });
    addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
  }

  /** Returns a contact with one address, such as {@code Contact.of("Alice", "sms", "+336…")}. */
  public static Contact of(String name, String kind, String address) {
    return new Contact(name, Map.of(kind, address));
  }

  /** Returns a copy with one more address. */
  public Contact with(String kind, String address) {
    Map<String, String> more = new LinkedHashMap<>(addresses);
    more.put(requireNonNull(kind, "kind"), requireNonNull(address, "address"));
    return new Contact(name, more);
  }

  /** Returns the address for channels of {@code kind}, or {@code null}. */
  public String address(String kind) {
    return addresses.get(kind);
  }

  @Override
  public String toString() {
    return name; // addresses are personal data: not in logs
  }
}
