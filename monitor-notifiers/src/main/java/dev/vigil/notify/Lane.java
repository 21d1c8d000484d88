package dev.vigil.notify;

import dev.vigil.notify.OutboxEntry.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
 * notifier's pool, with the rate limit, the retries and the circuit breaker. Entries of one
 * alert are delivered in order (a retrying entry holds back the later ones of its alert, not
 * those of other alerts).
 */
final class Lane {

  private final Notifier notifier;
  final Channel channel;
  final ChannelOptions options;
  private final RetryPolicy retry;
  private final Counter delivered;
  private final Counter retried;
  private final Counter dead;
  private final Timer latency;

  private final List<OutboxEntry> queue = new ArrayList<>(); // guarded by this
  private final Map<String, CompletableFuture<Void>> tests = new HashMap<>(); // guarded by this
  private boolean running; // guarded by this: a drain is queued or running
  private ScheduledFuture<?> timer; // guarded by this
  private Instant timerAt; // guarded by this
  private int failuresInARow; // guarded by this
  private Instant openUntil; // guarded by this
  private Instant lastSend; // guarded by this
  private OutboxEntry inFlight; // guarded by this: being sent, not to be cancelled

  Lane(Notifier notifier, Channel channel, ChannelOptions options, RetryPolicy retry,
      Counter delivered, Counter retried, Counter dead, Timer latency) {
    this.notifier = notifier;
    this.channel = channel;
    this.options = options;
    this.retry = retry;
    this.delivered = delivered;
    this.retried = retried;
    this.dead = dead;
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

  /** Queues a test notification: one attempt, not in the outbox; completes {@code done}. */
  synchronized void addTest(OutboxEntry entry, CompletableFuture<Void> done) {
    tests.put(entry.id(), done);
    queue.add(entry);
    wake();
  }

  /** Removes the queued entries not yet attempted that {@code which} selects; returns them. */
  synchronized List<OutboxEntry> cancel(Predicate<OutboxEntry> which) {
    List<OutboxEntry> cancelled = new ArrayList<>();
    for (Iterator<OutboxEntry> it = queue.iterator(); it.hasNext(); ) {
      OutboxEntry e = it.next();
      if (e != inFlight && e.attempts() == 0 && !tests.containsKey(e.id()) && which.test(e)) {
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

  /** Starts a drain on the pool unless one is queued or running. */
  synchronized void wake() {
    if (running) {
      return;
    }
    running = true;
    try {
      notifier.executor().execute(this::drain);
    } catch (RejectedExecutionException closed) {
      running = false;
    }
  }

  /** Sends what is due, one at a time, until nothing is; then sleeps until the next due time. */
  private void drain() {
    while (true) {
      OutboxEntry next;
      List<OutboxEntry> diverted = List.of();
      synchronized (this) {
        Instant now = notifier.now();
        if (openUntil != null && now.isBefore(openUntil)) {
          if (options.fallback() == null) {
            sleepUntil(openUntil);
            return;
          }
          diverted = takeDue(now); // the breaker is open: the fallback takes what is due
        }
        if (diverted.isEmpty()) {
          Duration spacing = options.minInterval();
          if (spacing != null && lastSend != null && now.isBefore(lastSend.plus(spacing))) {
            sleepUntil(lastSend.plus(spacing));
            return;
          }
          next = pick(now);
          if (next == null) {
            running = false;
            return;
          }
          inFlight = next;
        } else {
          next = null;
        }
      }
      if (next == null) {
        for (OutboxEntry e : diverted) {
          giveUp(e, "not sent: the circuit breaker of '" + channel.name() + "' is open");
        }
        continue;
      }
      Throwable failure = null;
      long start = System.nanoTime();
      try {
        channel.send(next.notification());
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        failure = e;
      }
      long nanos = System.nanoTime() - start;
      done(next, failure, nanos);
    }
  }

  /**
   * Returns the first entry due at {@code now} whose alert has no earlier entry waiting for a
   * retry; schedules a wake-up at the next due time if there is none. Called with the lock held.
   */
  private OutboxEntry pick(Instant now) {
    Set<String> heldBack = null;
    Instant earliest = null;
    for (OutboxEntry e : queue) {
      String alert = e.notification().alert().key();
      if (heldBack != null && heldBack.contains(alert)) {
        continue;
      }
      if (!e.dueAt().isAfter(now)) {
        return e;
      }
      if (e.attempts() > 0) { // retrying: later entries of its alert wait for it
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

  /** Removes and returns the entries due at {@code now} (tests fail instead). */
  private List<OutboxEntry> takeDue(Instant now) {
    List<OutboxEntry> due = new ArrayList<>();
    for (Iterator<OutboxEntry> it = queue.iterator(); it.hasNext(); ) {
      OutboxEntry e = it.next();
      if (!e.dueAt().isAfter(now)) {
        it.remove();
        CompletableFuture<Void> test = tests.remove(e.id());
        if (test != null) {
          test.completeExceptionally(DeliveryException.retryable("the circuit breaker of '"
              + channel.name() + "' is open"));
        } else {
          due.add(e);
        }
      }
    }
    return due;
  }

  private void sleepUntil(Instant at) {
    running = false;
    schedule(at);
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

  /** Records the outcome of sending {@code entry}. */
  private void done(OutboxEntry entry, Throwable failure, long nanos) {
    OutboxEntry deadEntry = null;
    String deadReason = null;
    synchronized (this) {
      inFlight = null;
      Instant now = notifier.now();
      lastSend = now;
      CompletableFuture<Void> test = tests.remove(entry.id());
      if (test != null) {
        queue.remove(entry);
        if (failure == null) {
          test.complete(null);
        } else {
          test.completeExceptionally(failure);
        }
        return;
      }
      if (failure == null) {
        queue.remove(entry);
        failuresInARow = 0;
        openUntil = null;
        notifier.saved(entry.with(State.DELIVERED));
        delivered.increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
        return;
      }
      DeliveryException e = failure instanceof DeliveryException d ? d
          : DeliveryException.permanent("the channel failed: " + failure.getClass().getName());
      if (e.isPermanent()) {
        queue.remove(entry);
        deadEntry = entry;
        deadReason = e.getMessage();
      } else {
        failuresInARow++;
        if (failuresInARow >= options.breakerFailures()) {
          openUntil = now.plus(options.breakerOpenFor());
        }
        int attempts = entry.attempts() + 1;
        boolean tooOld = !now.isBefore(entry.createdAt().plus(retry.maxAge()));
        if (attempts >= retry.maxAttempts() || tooOld) {
          queue.remove(entry);
          deadEntry = entry.failed(e.getMessage(), now);
          deadReason = e.getMessage() + " (gave up after " + attempts + " attempts)";
        } else {
          Duration wait = retry.backoff(attempts, ThreadLocalRandom.current().nextDouble());
          if (e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0) {
            wait = e.retryAfter();
          }
          OutboxEntry again = entry.failed(e.getMessage(), now.plus(wait));
          int at = queue.indexOf(entry);
          if (at >= 0) {
            queue.set(at, again);
          }
          notifier.saved(again);
          retried.increment();
          return;
        }
      }
    }
    giveUp(deadEntry, deadReason);
  }

  /** Moves {@code entry} to the dead letters and hands it to the fallback, if any. */
  private void giveUp(OutboxEntry entry, String reason) {
    notifier.saved(new OutboxEntry(entry.id(), entry.channel(), entry.notification(), State.DEAD,
        entry.attempts(), entry.createdAt(), entry.dueAt(), reason));
    dead.increment();
    if (options.fallback() != null) {
      notifier.fallback(entry.notification(), options.fallback());
    }
  }

  /** Stops the wake-up timer; queued entries stay in the outbox. */
  synchronized void close() {
    if (timer != null) {
      timer.cancel(false);
    }
    for (CompletableFuture<Void> test : tests.values()) {
      test.completeExceptionally(new IllegalStateException("the notifier is closed"));
    }
    tests.clear();
  }
}
