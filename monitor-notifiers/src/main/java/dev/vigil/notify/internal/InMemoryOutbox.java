package dev.vigil.notify.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory {@link Outbox}: pending entries in the order first saved, and the latest dead
 * letters; delivered and cancelled entries are not kept. Thread-safe (its monitor).
 */
public final class InMemoryOutbox implements Outbox {

  private final int maxDead;
  private final Map<String, OutboxEntry> pending = new LinkedHashMap<>();
  private final Map<String, OutboxEntry> dead = new LinkedHashMap<>();

  /** Creates an outbox keeping at most {@code maxDead} dead letters. */
  public InMemoryOutbox(int maxDead) {
    if (maxDead < 1) {
      throw new IllegalArgumentException("maxDead must be positive but was " + maxDead);
    }
    this.maxDead = maxDead;
  }

  @Override
  public synchronized void save(OutboxEntry entry) {
    requireNonNull(entry, "entry");
    switch (entry.state()) {
      case PENDING -> {
        dead.remove(entry.id());
        pending.put(entry.id(), entry); // a replaced entry keeps its place
      }
      case DEAD -> {
        pending.remove(entry.id());
        dead.remove(entry.id());
        dead.put(entry.id(), entry);
        if (dead.size() > maxDead) {
          dead.remove(dead.keySet().iterator().next());
        }
      }
      default -> {
        pending.remove(entry.id());
        dead.remove(entry.id());
      }
    }
  }

  @Override
  public synchronized OutboxEntry get(String id) {
    requireNonNull(id, "id");
    OutboxEntry e = pending.get(id);
    return e != null ? e : dead.get(id);
  }

  @Override
  public synchronized List<OutboxEntry> pending() {
    return List.copyOf(pending.values());
  }

  @Override
  public synchronized List<OutboxEntry> deadLetters() {
    List<OutboxEntry> newestFirst = new ArrayList<>(dead.values());
    Collections.reverse(newestFirst);
    return Collections.unmodifiableList(newestFirst);
  }
}
