package dev.vigil.notify.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory {@link Outbox}: pending entries in the order first saved, with their claims, and
 * the latest dead letters; of delivered and cancelled entries, only the ids of the latest are
 * kept (as many as dead letters), so that {@link #renew} tells their owner they are gone.
 * Thread-safe (its monitor).
 */
public final class InMemoryOutbox implements Outbox {

  /** Who holds an entry, until when. */
  private record Claim(String owner, Instant until) {}

  private final int maxDead;
  private final Map<String, OutboxEntry> pending = new LinkedHashMap<>();
  private final Map<String, OutboxEntry> dead = new LinkedHashMap<>();
  private final Map<String, Claim> claims = new HashMap<>(); // of pending entries only
  private final Set<String> finished = new LinkedHashSet<>(); // delivered or cancelled, oldest first

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
    if (entry.state() != OutboxEntry.State.PENDING) {
      claims.remove(entry.id());
    }
    finished.remove(entry.id());
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
        finished.add(entry.id());
        if (finished.size() > maxDead) {
          finished.remove(finished.iterator().next());
        }
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

  @Override
  public synchronized List<OutboxEntry> claim(String owner, Instant now, Duration ttl, int max) {
    Claims.check(owner, now, ttl, max);
    Instant until = now.plus(ttl);
    List<OutboxEntry> taken = new ArrayList<>();
    for (OutboxEntry e : pending.values()) {
      if (taken.size() == max) {
        break;
      }
      Claim c = claims.get(e.id());
      if (c == null || c.until().isBefore(now)) {
        claims.put(e.id(), new Claim(owner, until));
        taken.add(e);
      }
    }
    return taken;
  }

  @Override
  public synchronized Set<String> renew(String owner, Collection<String> ids, Instant now,
      Duration ttl) {
    Claims.check(owner, now, ttl, 1);
    requireNonNull(ids, "ids");
    Instant until = now.plus(ttl);
    Set<String> lost = new LinkedHashSet<>();
    for (String id : ids) {
      if (!pending.containsKey(id)) {
        if (dead.containsKey(id) || finished.contains(id)) {
          lost.add(id);
        }
        continue;
      }
      Claim c = claims.get(id);
      if (c == null || c.owner().equals(owner) || c.until().isBefore(now)) {
        claims.put(id, new Claim(owner, until));
      } else {
        lost.add(id);
      }
    }
    return lost;
  }

  @Override
  public synchronized void release(String owner, Collection<String> ids) {
    requireNonNull(owner, "owner");
    requireNonNull(ids, "ids");
    for (String id : ids) {
      Claim c = claims.get(id);
      if (c != null && c.owner().equals(owner)) {
        claims.remove(id);
      }
    }
  }
}
