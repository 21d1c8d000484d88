package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.OutboxEntry.State;
import dev.vigil.notify.internal.Texts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The delivery of one channel: its pending entries in order, sent one at a time on the
 * notifier's pool, with the rate limit, the retries, the circuit breaker and, on channels that
 * take them, groups. Entries of one alert are delivered in order: an entry not yet due (waiting
 * for a retry or for its group) holds back the later ones of its alert, not those of other
 * alerts; escalation steps, due later by design, hold back nothing.
 *
 * <p>It sends only while the notifier {@linkplain Notifier#isSending() sends} (started, leading),
 * each entry after the outbox {@linkplain Notifier#confirm confirmed} the notifier's claim on it;
 * test notifications go out on any instance.
 */
final class Lane {

  /** The most alerts one grouped notification lists. */
  static final int MAX_GROUP = 100;

  private final Notifier notifier;
  final Channel channel;
  final ChannelOptions options;
  private final RetryPolicy retry;
  private final Counter delivered;
  private final Counter retried;
  private final Counter dead;
  private final Counter diverted;
  private final Timer latency;

  private final List<OutboxEntry> queue = new ArrayList<>(); // guarded by this
  private final Map<String, CompletableFuture<Void>> tests = new HashMap<>(); // guarded by this
  private boolean running; // guarded by this: a drain is queued or running
  private ScheduledFuture<?> timer; // guarded by this
  private Instant timerAt; // guarded by this
  private int failuresInARow; // guarded by this
  private Instant openUntil; // guarded by this
  private Instant lastSend; // guarded by this
  private List<OutboxEntry> inFlight = List.of(); // guarded by this: not to be cancelled

  Lane(Notifier notifier, Channel channel, ChannelOptions options, RetryPolicy retry,
      Counter delivered, Counter retried, Counter dead, Counter diverted, Timer latency) {
    this.notifier = notifier;
    this.channel = channel;
    this.options = options;
    this.retry = retry;
    this.delivered = delivered;
    this.retried = retried;
    this.dead = dead;
    this.diverted = diverted;
    this.latency = latency;
  }

  /** Queues {@code entry} (already in the outbox) unless an entry with its id is queued. */
  synchronized void add(OutboxEntry entry) {
    for (OutboxEntry e : queue) {
      if (e.id().equals(entry.id())) {
        return;
      }
    }
    queue.add(entry);
    wake();
  }

  /**
   * Queues {@code claimed} (this channel's entries claimed from the outbox, in order) among what is
   * queued, each after the entries created before it, so that an alert's older notifications go
   * first; entries already queued are kept as they are.
   */
  synchronized void take(List<OutboxEntry> claimed) {
    Set<String> ids = new HashSet<>();
    for (OutboxEntry e : queue) {
      ids.add(e.id());
    }
    for (OutboxEntry e : claimed) {
      if (!ids.add(e.id())) {
        continue;
      }
      int at = queue.size();
      while (at > 0 && queue.get(at - 1).createdAt().isAfter(e.createdAt())) {
        at--;
      }
      queue.add(at, e);
    }
  }

  /** Returns the ids of the outbox entries queued (being sent or not); not the tests. */
  synchronized List<String> heldIds() {
    List<String> ids = new ArrayList<>(queue.size());
    for (OutboxEntry e : queue) {
      if (!tests.containsKey(e.id())) {
        ids.add(e.id());
      }
    }
    return ids;
  }

  /** Returns the ids of the outbox entries queued and not being sent. */
  synchronized List<String> idleIds() {
    List<String> ids = heldIds();
    for (OutboxEntry e : inFlight) {
      ids.remove(e.id());
    }
    return ids;
  }

  /** Returns whether an entry with id {@code id} is queued. */
  synchronized boolean holds(String id) {
    for (OutboxEntry e : queue) {
      if (e.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** Forgets the queued entries {@code ids} not being sent: the notifier lost them. */
  synchronized void drop(Set<String> ids) {
    queue.removeIf(e -> ids.contains(e.id()) && !inFlight.contains(e)
        && !tests.containsKey(e.id()));
  }

  /**
   * Forgets every queued outbox entry not being sent (the notifier stopped leading: they stay in
   * the outbox for the leader); returns their ids.
   */
  synchronized List<String> dropAll() {
    List<String> dropped = new ArrayList<>();
    for (Iterator<OutboxEntry> it = queue.iterator(); it.hasNext(); ) {
      OutboxEntry e = it.next();
      if (!inFlight.contains(e) && !tests.containsKey(e.id())) {
        it.remove();
        dropped.add(e.id());
      }
    }
    return dropped;
  }

  /** Queues a test notification: one attempt, not in the outbox; completes {@code done}. */
  synchronized void addTest(OutboxEntry entry, CompletableFuture<Void> done) {
    tests.put(entry.id(), done);
    queue.add(entry);
    wake();
  }

  /** Removes the queued entries not being sent that {@code which} selects; returns them. */
  synchronized List<OutboxEntry> cancel(Predicate<OutboxEntry> which) {
    List<OutboxEntry> cancelled = new ArrayList<>();
    for (Iterator<OutboxEntry> it = queue.iterator(); it.hasNext(); ) {
      OutboxEntry e = it.next();
      if (!inFlight.contains(e) && !tests.containsKey(e.id()) && which.test(e)) {
        it.remove();
        cancelled.add(e);
      }
    }
    return cancelled;
  }

  synchronized int size() {
    return queue.size();
  }

  synchronized boolean isOpen() {
    return openUntil != null && notifier.now().isBefore(openUntil);
  }

  /** Starts a drain on the pool unless one is queued or running, or the notifier is not started. */
  synchronized void wake() {
    if (running || !notifier.isStarted() || notifier.isClosed()) {
      return;
    }
    running = true;
    try {
      notifier.executor().execute(this::drain);
    } catch (RejectedExecutionException closed) {
      running = false;
    }
  }

  /**
   * Sends the next due entry (or group), then queues itself again (so that a lane with a backlog
   * takes turns with the others on the pool), or sleeps until the next due time.
   */
  private void drain() {
    boolean again = false;
    try {
      again = drainOne();
    } finally {
      synchronized (this) {
        inFlight = List.of();
        running = false;
        if (again) {
          wake();
        }
      }
    }
  }

  /** Sends or diverts what is due next; returns whether more may be due now. */
  private boolean drainOne() {
    List<OutboxEntry> batch;
    List<OutboxEntry> toFallback = List.of();
    Instant start;
    boolean test;
    synchronized (this) {
      if (notifier.isClosed()) {
        return false; // what is queued stays pending in the outbox
      }
      boolean sending = notifier.isSending(); // if not, only tests go out
      if (!sending && tests.isEmpty()) {
        return false;
      }
      Instant now = notifier.now();
      start = now;
      if (openUntil != null && now.isBefore(openUntil)) {
        if (options.fallback() == null) {
          schedule(openUntil);
          return false;
        }
        toFallback = takeDue(now, sending); // the breaker is open: the fallback takes what is due
        if (toFallback.isEmpty()) {
          pick(now, sending); // only schedules the next due time
          return false;
        }
        batch = List.of();
      } else {
        Duration spacing = options.minInterval();
        if (spacing != null && lastSend != null && now.isBefore(lastSend.plus(spacing))) {
          schedule(lastSend.plus(spacing));
          return false;
        }
        OutboxEntry next = pick(now, sending);
        if (next == null) {
          return false;
        }
        batch = batch(next, now);
        inFlight = batch;
        lastSend = now; // the rate limit spaces the starts of sends
      }
      test = !batch.isEmpty() && tests.containsKey(batch.get(0).id());
    }
    if (!toFallback.isEmpty()) {
      toFallback = confirmed(toFallback);
      for (OutboxEntry e : toFallback) {
        divert(e);
      }
      return true;
    }
    if (!test) {
      batch = confirmed(batch);
      if (batch.isEmpty()) {
        return true;
      }
    }
    Throwable failure = null;
    long t0 = System.nanoTime();
    try {
      channel.send(batch.size() == 1 ? batch.get(0).notification() : merge(batch));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      failure = e;
    }
    done(batch, failure, System.nanoTime() - t0, start);
    return true;
  }

  /**
   * Returns the entries of {@code entries} whose claim the outbox confirms, forgetting the others
   * (another instance has them, or they are no longer pending); those being sent stay in flight.
   */
  private List<OutboxEntry> confirmed(List<OutboxEntry> entries) {
    Set<String> lost = notifier.confirm(entries);
    if (lost.isEmpty()) {
      return entries;
    }
    List<OutboxEntry> kept = new ArrayList<>(entries.size());
    synchronized (this) {
      for (OutboxEntry e : entries) {
        if (lost.contains(e.id())) {
          queue.remove(e);
        } else {
          kept.add(e);
        }
      }
      if (!inFlight.isEmpty()) {
        inFlight = kept;
      }
    }
    return kept;
  }

  /**
   * Returns the first entry due at {@code now} whose alert has no earlier entry still waiting
   * (for a retry or its group); schedules a wake-up at the next due time if there is none. Only
   * tests unless {@code sending}. Called with the lock held.
   */
  private OutboxEntry pick(Instant now, boolean sending) {
    Set<String> heldBack = null;
    Instant earliest = null;
    for (OutboxEntry e : queue) {
      if (!sending && !tests.containsKey(e.id())) {
        continue;
      }
      String alert = e.notification().alert().key();
      if (heldBack != null && heldBack.contains(alert)) {
        continue;
      }
      if (!e.dueAt().isAfter(now)) {
        return e;
      }
      if (e.notification().contact() == null) { // an escalation step holds back nothing
        if (heldBack == null) {
          heldBack = new HashSet<>();
        }
        heldBack.add(alert);
      }
      earliest = earliest == null || e.dueAt().isBefore(earliest) ? e.dueAt() : earliest;
    }
    if (earliest != null) {
      schedule(earliest);
    }
    return null;
  }

  /**
   * Returns {@code first} with, on a channel that takes groups, the other due entries of its
   * group and kind that nothing holds back (at most {@value #MAX_GROUP}), in queue order.
   */
  private List<OutboxEntry> batch(OutboxEntry first, Instant now) {
    if (first.group() == null || !channel.groups() || tests.containsKey(first.id())) {
      return List.of(first);
    }
    List<OutboxEntry> batch = new ArrayList<>();
    batch.add(first);
    Set<String> heldBack = new HashSet<>();
    Set<String> inBatch = new HashSet<>();
    inBatch.add(first.notification().alert().key());
    for (OutboxEntry e : queue) {
      if (batch.size() == MAX_GROUP) {
        break;
      }
      String alert = e.notification().alert().key();
      if (e == first || heldBack.contains(alert)) {
        continue;
      }
      boolean due = !e.dueAt().isAfter(now);
      if (due && first.group().equals(e.group())
          && e.notification().kind() == first.notification().kind() && inBatch.add(alert)) {
        batch.add(e);
      } else if (!due || inBatch.contains(alert)) {
        heldBack.add(alert); // its later entries wait for this one
      }
    }
    return batch;
  }

  /** Returns one notification telling of every alert of {@code batch}. */
  private static Notification merge(List<OutboxEntry> batch) {
    Notification first = batch.get(0).notification();
    List<Alert> alerts = new ArrayList<>(batch.size());
    Set<String> rules = new LinkedHashSet<>();
    StringBuilder text = new StringBuilder();
    for (OutboxEntry e : batch) {
      Notification n = e.notification();
      alerts.add(n.alert());
      rules.add(n.alert().ruleId());
      text.append("• ").append(n.title()).append('\n');
    }
    String title = "[" + first.kind() + "] " + batch.size() + " alerts: "
        + Texts.truncate(String.join(", ", rules), 200);
    return new Notification(first.id() + "+" + (batch.size() - 1), first.kind(), first.alert(),
        title, text.toString().strip(), null, first.createdAt(), alerts);
  }

  /**
   * Removes and returns, in queue order, every entry of the alerts that have an entry due at
   * {@code now} (an earlier entry of such an alert still waiting goes first, so the fallback
   * keeps each alert's order); test entries fail instead. Only tests unless {@code sending}.
   */
  private List<OutboxEntry> takeDue(Instant now, boolean sending) {
    Set<String> alerts = new HashSet<>();
    for (OutboxEntry e : queue) {
      if (sending && !e.dueAt().isAfter(now)) {
        alerts.add(e.notification().alert().key());
      }
    }
    List<OutboxEntry> due = new ArrayList<>();
    for (Iterator<OutboxEntry> it = queue.iterator(); it.hasNext(); ) {
      OutboxEntry e = it.next();
      CompletableFuture<Void> test = tests.get(e.id());
      if (test != null) {
        if (!e.dueAt().isAfter(now)) {
          it.remove();
          tests.remove(e.id());
          test.completeExceptionally(DeliveryException.retryable("the circuit breaker of '"
              + channel.name() + "' is open"));
        }
      } else if (alerts.contains(e.notification().alert().key())
          && (e.notification().contact() == null || !e.dueAt().isAfter(now))) {
        it.remove();
        due.add(e);
      }
    }
    return due;
  }

  /** Wakes the lane at {@code at} (the notifier's periodic tick also wakes it). */
  private void schedule(Instant at) {
    if (timer != null && !timer.isDone() && timerAt != null && !at.isBefore(timerAt)) {
      return; // an earlier wake-up is set
    }
    if (timer != null) {
      timer.cancel(false);
    }
    long millis = Math.max(1, Duration.between(notifier.now(), at).toMillis());
    try {
      timer = notifier.executor().schedule(this::wake, millis, TimeUnit.MILLISECONDS);
      timerAt = at;
    } catch (RejectedExecutionException closed) {
      timer = null;
    }
  }

  /** Records the outcome of sending {@code batch}, started at {@code start}. */
  private void done(List<OutboxEntry> batch, Throwable failure, long nanos, Instant start) {
    List<OutboxEntry> deadEntries = new ArrayList<>();
    List<String> deadReasons = new ArrayList<>();
    synchronized (this) {
      CompletableFuture<Void> test = tests.remove(batch.get(0).id());
      if (test != null) {
        queue.remove(batch.get(0));
        if (failure == null) {
          test.complete(null);
        } else {
          test.completeExceptionally(failure);
        }
        return;
      }
      if (failure != null && notifier.isClosed()) {
        return; // interrupted by close(): not an attempt; it stays pending in the outbox
      }
      Instant now = notifier.now();
      if (failure == null) {
        failuresInARow = 0;
        openUntil = null;
        for (OutboxEntry entry : batch) {
          queue.remove(entry);
          notifier.saved(entry.with(State.DELIVERED));
          delivered.increment();
        }
        latency.record(nanos, TimeUnit.NANOSECONDS);
        return;
      }
      DeliveryException e = failure instanceof DeliveryException d ? d
          : DeliveryException.permanent("the channel failed: " + failure.getClass().getName());
      if (e.isPermanent()) {
        failuresInARow = 0; // the endpoint answered: it is the notification it refuses
      } else {
        failuresInARow++;
        if (failuresInARow >= options.breakerFailures()) {
          openUntil = now.plus(options.breakerOpenFor());
        }
      }
      Duration wait = retry.backoff(batch.get(0).attempts() + 1,
          ThreadLocalRandom.current().nextDouble());
      if (e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0) {
        wait = e.retryAfter();
      }
      for (OutboxEntry entry : batch) {
        int attempts = entry.attempts() + 1;
        boolean tooOld = !now.isBefore(entry.createdAt().plus(retry.maxAge()));
        if (e.isPermanent() || attempts >= retry.maxAttempts() || tooOld) {
          queue.remove(entry);
          deadEntries.add(entry.failed(e.getMessage(), now));
          deadReasons.add(e.isPermanent() ? e.getMessage()
              : e.getMessage() + " (gave up after " + attempts + " attempts)");
        } else {
          OutboxEntry again = entry.failed(e.getMessage(), now.plus(wait));
          int at = queue.indexOf(entry);
          if (at >= 0) {
            queue.set(at, again);
          }
          notifier.saved(again);
          retried.increment();
        }
      }
    }
    for (int i = 0; i < deadEntries.size(); i++) {
      giveUp(deadEntries.get(i), deadReasons.get(i));
    }
  }

  /** Moves {@code entry} to the dead letters and hands it to the fallback, if any. */
  private void giveUp(OutboxEntry entry, String reason) {
    notifier.saved(entry.with(State.DEAD, reason));
    dead.increment();
    if (options.fallback() != null) {
      notifier.fallback(entry.notification(), options.fallback());
    }
  }

  /**
   * Hands {@code entry}, not attempted while the breaker is open, to the fallback: CANCELLED
   * here (the fallback has it; replaying it would send it twice), or DEAD if the fallback does
   * not take it.
   */
  private void divert(OutboxEntry entry) {
    String reason = "the circuit breaker of '" + channel.name() + "' was open";
    if (notifier.fallback(entry.notification(), options.fallback())) {
      notifier.saved(entry.with(State.CANCELLED,
          reason + ": sent to fallback '" + options.fallback() + "'"));
      diverted.increment();
    } else {
      notifier.saved(entry.with(State.DEAD, reason));
      dead.increment();
    }
  }

  /** Stops the wake-up timer and the tests; queued entries stay in the outbox. */
  synchronized void close() {
    if (timer != null) {
      timer.cancel(false);
    }
    for (CompletableFuture<Void> test : tests.values()) {
      test.completeExceptionally(new IllegalStateException("the notifier is closed"));
    }
    queue.removeIf(e -> tests.containsKey(e.id()));
    tests.clear();
  }
}
