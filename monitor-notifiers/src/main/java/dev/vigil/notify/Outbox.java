package dev.vigil.notify;

import dev.vigil.notify.internal.InMemoryOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Keeps every notification a {@link Notifier} has to deliver, written before the first attempt:
 * with a persistent outbox (the JDBC store), a restarted notifier delivers what was pending, so a
 * restart loses nothing. It also keeps the dead letters until they are replayed.
 *
 * <p><b>Claims.</b> Several notifiers may share one outbox (the instances of a clustered
 * application on one database). A notifier sends only the entries it has <em>claimed</em>: a
 * claim names its owner (the notifier's {@linkplain Notifier.Builder#owner owner id}) and lasts
 * until a time the owner keeps pushing back ({@link #renew}) while it holds the entry. The outbox
 * guarantees that
 * <ul>
 *   <li>an entry claimed by an owner whose claim has not expired is never claimed by another
 *       ({@link #claim} skips it, {@link #renew} reports it lost to anyone else), so no two live
 *       notifiers send the same entry;
 *   <li>an entry that leaves PENDING (delivered, dead, cancelled) loses its claim, and a replayed
 *       one is free for any owner;
 *   <li>an entry whose owner died is claimed by another once the claim has expired, and at once
 *       if the owner {@linkplain #release released} it (a notifier that closes or stops leading
 *       does).
 * </ul>
 * Delivery is therefore <b>at least once</b>, not exactly once: a notifier that dies after a
 * send succeeded but before it saved the entry DELIVERED leaves it PENDING, and another notifier
 * sends it again once the claim expires (channels pass the notification's {@linkplain
 * Notification#id() id} as an idempotency key where the receiver supports one). Claims compare
 * the times the notifiers give, so the clocks of the instances must agree to well within a claim's
 * duration (NTP does).
 *
 * <p>Implementations are thread-safe. {@link #inMemory()} is the default.
 */
public interface Outbox {

  /** Returns an in-memory outbox keeping at most 10,000 dead letters (the oldest dropped first). */
  static Outbox inMemory() {
    return new InMemoryOutbox(10_000);
  }

  /**
   * Saves {@code entry}, replacing the entry with its id. A claim on the entry stays while it is
   * PENDING and goes when it is saved in any other state.
   */
  void save(OutboxEntry entry);

  /**
   * Returns the entry with id {@code id}, or {@code null}: pending and dead entries are kept;
   * delivered and cancelled ones may be dropped at once or kept for a while.
   */
  OutboxEntry get(String id);

  /** Returns the PENDING entries in the order they were first saved; a snapshot. */
  List<OutboxEntry> pending();

  /** Returns the DEAD entries, most recent first; a snapshot. */
  List<OutboxEntry> deadLetters();

  /**
   * Claims for {@code owner}, until {@code now + ttl}, at most {@code max} PENDING entries that
   * no owner holds a live claim on (no claim, or one that expired before {@code now}; the
   * entries {@code owner} itself holds are not returned again), due or not, in the order
   * {@link #pending()} gives, and returns them. Entries due later are claimed too, so that the
   * notifications of one alert keep their order when a notifier takes another's over.
   *
   * <p>Atomic: of several owners claiming at once, each entry goes to one of them.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive or {@code max} is below 1
   */
  List<OutboxEntry> claim(String owner, Instant now, Duration ttl, int max);

  /**
   * Extends to {@code now + ttl} the claims of {@code owner} on the entries {@code ids}, claiming
   * those that no owner holds a live claim on, and returns the ids that {@code owner} may no
   * longer send: the entries that are no longer PENDING and those another owner holds a live
   * claim on. An id the outbox does not know is neither (its save failed: only its owner has it).
   * A notifier calls it before each send and, for what it holds, periodically.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  Set<String> renew(String owner, Collection<String> ids, Instant now, Duration ttl);

  /**
   * Gives up the claims of {@code owner} on the entries {@code ids}, so that another owner may
   * claim them at once; claims of other owners are left alone.
   */
  void release(String owner, Collection<String> ids);
}
