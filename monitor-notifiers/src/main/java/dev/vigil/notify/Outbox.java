package dev.vigil.notify;

import dev.vigil.notify.internal.InMemoryOutbox;
import java.util.List;

/**
 * Keeps every notification a {@link Notifier} has to deliver, written before the first attempt:
 * with a persistent outbox (the JDBC store), a restarted notifier delivers what was pending, so a
 * restart loses nothing. It also keeps the dead letters until they are replayed.
 *
 * <p>Implementations are thread-safe. {@link #inMemory()} is the default.
 */
public interface Outbox {

  /** Returns an in-memory outbox keeping at most 10,000 dead letters (the oldest dropped first). */
  static Outbox inMemory() {
    return new InMemoryOutbox(10_000);
  }

  /** Saves {@code entry}, replacing the entry with its id. */
  void save(OutboxEntry entry);

  /** Returns the entry with id {@code id}, or {@code null}. */
  OutboxEntry get(String id);

  /** Returns the PENDING entries in the order they were first saved; a snapshot. */
  List<OutboxEntry> pending();

  /** Returns the DEAD entries, most recent first; a snapshot. */
  List<OutboxEntry> deadLetters();
}
