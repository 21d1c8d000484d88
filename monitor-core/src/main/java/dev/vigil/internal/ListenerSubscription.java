package dev.vigil.internal;

import dev.vigil.EventListener;
import dev.vigil.MonitorEvent;
import dev.vigil.Subscription;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One listener with its own bounded buffer and delivery thread: the pipeline only offers to the
 * buffer, so a slow or failing listener loses its own events and nobody else's.
 */
final class ListenerSubscription implements Subscription {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final EventListener listener;
  private final BlockingQueue<MonitorEvent> buffer;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Consumer<ListenerSubscription> onClose;
  private final Thread thread;

  ListenerSubscription(EventListener listener, int bufferSize,
      Consumer<ListenerSubscription> onClose) {
    this.listener = listener;
    this.buffer = new ArrayBlockingQueue<>(bufferSize);
    this.onClose = onClose;
    this.thread = VigilThread.start("vigil-listener-" + SEQUENCE.incrementAndGet(), this::run);
  }

  /** Called by the pipeline thread; never blocks. */
  void offer(MonitorEvent event) {
    if (!buffer.offer(event)) {
      dropped.increment();
    }
  }

  private void run() {
    while (!closed.get()) {
      MonitorEvent event;
      try {
        event = buffer.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return; // closed
      }
      if (event == null || closed.get()) {
        continue;
      }
      try {
        listener.onEvent(event);
        delivered.increment();
      } catch (Throwable t) { // a listener must not kill its thread, whatever it throws
        failures.increment();
      }
    }
  }

  /** Waits until the buffer is empty or the deadline passes; used when the monitor closes. */
  void awaitDrained(long deadlineNanos) {
    while (!buffer.isEmpty() && System.nanoTime() < deadlineNanos && thread.isAlive()) {
      Thread.onSpinWait();
      Thread.yield();
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
    if (closed.compareAndSet(false, true)) {
      thread.interrupt();
      buffer.clear();
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + thread.getName() + ", delivered=" + delivered() + ", dropped="
        + dropped() + ", failures=" + failures() + "]";
  }
}
