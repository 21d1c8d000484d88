package dev.vigil.internal;

import dev.vigil.EventListener;
import dev.vigil.MonitorEvent;
import dev.vigil.Subscription;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One listener with its own bounded buffer and delivery thread: the pipeline only offers to the
 * buffer, so a slow or failing listener loses its own events and nobody else's.
 *
 * <p>Closing never interrupts a callback: the thread sees the flag within its poll timeout and
 * ends; what is left in the buffer is counted as dropped.
 */
final class ListenerSubscription implements Subscription {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final long POLL_MILLIS = 50;

  private final EventListener listener;
  private final BlockingQueue<MonitorEvent> buffer;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder monitorDropped;
  private final LongAdder failures = new LongAdder();
  private final Consumer<ListenerSubscription> onClose;
  private final Thread thread;
  private volatile boolean closed;

  ListenerSubscription(EventListener listener, int bufferSize, LongAdder monitorDropped,
      Consumer<ListenerSubscription> onClose) {
    this.listener = listener;
    this.buffer = new ArrayBlockingQueue<>(bufferSize);
    this.monitorDropped = monitorDropped;
    this.onClose = onClose;
    this.thread = VigilThread.start("vigil-listener-" + SEQUENCE.incrementAndGet(), this::run);
  }

  /** Called by the pipeline thread; never blocks. */
  void offer(MonitorEvent event) {
    if (closed || !buffer.offer(event)) {
      drop(1);
    }
  }

  private void drop(int n) {
    dropped.add(n);
    monitorDropped.add(n);
  }

  private void run() {
    while (!closed) {
      MonitorEvent event;
      try {
        event = buffer.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue; // only closed ends the thread
      }
      if (event == null) {
        continue;
      }
      try {
        listener.onEvent(event);
        delivered.increment();
      } catch (Throwable t) { // a listener must not kill its thread, whatever it throws
        failures.increment();
      }
    }
    drop(drainAndCount());
  }

  private int drainAndCount() {
    int n = 0;
    while (buffer.poll() != null) {
      n++;
    }
    return n;
  }

  /** Waits until the buffer is empty or the deadline passes; used when the monitor closes. */
  void awaitDrained(long deadlineNanos) {
    while (!buffer.isEmpty() && System.nanoTime() < deadlineNanos && thread.isAlive()) {
      LockSupport.parkNanos(100_000);
    }
  }

  @Override
  public long delivered() {
    return delivered.sum();
  }

  @Override
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public long failures() {
    return failures.sum();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.accept(this);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(1) + POLL_MILLIS); // a stuck listener is left
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + thread.getName() + ", delivered=" + delivered() + ", dropped="
        + dropped() + ", failures=" + failures() + "]";
  }
}
