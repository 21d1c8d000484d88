package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Escalation through people: when an alert fires, the first contact is notified at once through
 * the escalation's channels; if the alert is still not acknowledged (nor resolved, silenced or
 * flapping) {@code every} later, the next contact is, and so on down the list. The order is the
 * contacts' priority, or an {@link OnCallRotation}'s at the time the alert fired (primary, backup,
 * the others).
 *
 * <pre>{@code
 * Escalation.builder()
 *     .contacts(support1, support2)            // priority 1, then 2
 *     .channels("whatsapp")                     // channels that reach people
 *     .every(Duration.ofMinutes(15))
 *     .build();
 * }</pre>
 *
 * <p>Each step is written to the outbox when the alert fires, due at its time, so a restart does
 * not forget it; an acknowledgement cancels the steps not yet sent. Immutable and thread-safe.
 */
public final class Escalation {

  private final List<Contact> contacts;
  private final OnCallRotation rotation;
  private final List<String> channels;
  private final Duration every;

  private Escalation(Builder b) {
    this.contacts = List.copyOf(b.contacts);
    this.rotation = b.rotation;
    this.channels = List.copyOf(b.channels);
    this.every = b.every;
  }

  /** Returns a builder; contacts or a rotation, and channels, are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns who is notified at each step for an alert that fired at {@code firedAt}. */
  public List<Contact> order(Instant firedAt) {
    return rotation != null ? rotation.order(firedAt) : contacts;
  }

  /** Returns the channels (by name) each contact is reached through. */
  public List<String> channels() {
    return channels;
  }

  /** Returns the time between two steps. */
  public Duration every() {
    return every;
  }

  /** Builds an {@link Escalation}. Not thread-safe. */
  public static final class Builder {
    private final List<Contact> contacts = new ArrayList<>();
    private OnCallRotation rotation;
    private final Set<String> channels = new LinkedHashSet<>();
    private Duration every = Duration.ofMinutes(5);

    Builder() {}

    /** Adds contacts in priority order (the first is notified first). */
    public Builder contacts(Contact... byPriority) {
      for (Contact c : requireNonNull(byPriority, "byPriority")) {
        contacts.add(requireNonNull(c, "contact"));
      }
      return this;
    }

    /** Takes the order from an on-call rotation instead of a fixed list. */
    public Builder onCall(OnCallRotation rotation) {
      this.rotation = requireNonNull(rotation, "rotation");
      return this;
    }

    /** Adds channels (by name) that reach people, such as {@code sms} or {@code whatsapp}. */
    public Builder channels(String... names) {
      for (String n : requireNonNull(names, "names")) {
        channels.add(requireNonNull(n, "channel name"));
      }
      return this;
    }

    /** Sets the time between two steps (the acknowledgement deadline); 5 minutes by default. */
    public Builder every(Duration every) {
      requireNonNull(every, "every");
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("every must be positive but was " + every);
      }
      this.every = every;
      return this;
    }

    /**
     * Builds the escalation.
     *
     * @throws IllegalArgumentException without contacts or rotation (or with both), or without
     *     channels
     */
    public Escalation build() {
      List<String> problems = new ArrayList<>();
      if (contacts.isEmpty() == (rotation == null)) {
        problems.add("give either contacts(...) or onCall(...)");
      }
      if (channels.isEmpty()) {
        problems.add("no channel: call channels(...) with channels that reach people");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid escalation: " + String.join("; ", problems));
      }
      return new Escalation(this);
    }
  }
}
