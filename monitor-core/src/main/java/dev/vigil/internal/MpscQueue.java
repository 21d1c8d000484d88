package dev.vigil.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded multi-producer, single-consumer queue that never blocks a producer.
 *
 * <p>Dmitry Vyukov's bounded queue: each cell carries a sequence number saying whose turn it is,
 * so a producer claims a cell with one CAS on the tail and publishes it with a volatile store; a
 * full queue is seen at once and the offer fails.
 *
 * <p>Waiting: an empty queue first makes the consumer nap (short timed parks nobody has to end),
 * so that under steady traffic producers never pay for a wake-up; only after
 * {@link #NAPS} naps in a row does it fall into a deep sleep that the next producer ends with one
 * {@code unpark}. An idle queue therefore costs a few wake-ups a second, and a busy one costs its
 * producers one CAS, one store and one volatile read per offer.
 *
 * @param <E> the element type
 */
public final class MpscQueue<E> {

  private final int mask;
  private final AtomicLongArray sequences;
  private final AtomicReferenceArray<E> elements;
  private final AtomicLong tail = new AtomicLong();
  private final AtomicLong head = new AtomicLong(); // written by the consumer only
  private volatile Thread parkedConsumer;
  private int naps; // consumer only

  /** Naps before a deep sleep, and their length. */
  static final int NAPS = 20;

  static final long NAP_NANOS = 500_000;

  /** Creates a queue holding at least {@code capacity} elements (rounded up to a power of 2). */
  public MpscQueue(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    this.mask = size - 1;
    this.sequences = new AtomicLongArray(size);
    this.elements = new AtomicReferenceArray<>(size);
    for (int i = 0; i < size; i++) {
      sequences.set(i, i);
    }
  }

  /** Returns how many elements the queue holds at most. */
  public int capacity() {
    return mask + 1;
  }

  /** Adds an element if there is room; never blocks. Any thread. */
  public boolean offer(E element) {
    long pos = tail.get();
    while (true) {
      int index = (int) pos & mask;
      long diff = sequences.getAcquire(index) - pos;
      if (diff == 0) {
        if (tail.weakCompareAndSetVolatile(pos, pos + 1)) {
          elements.setPlain(index, element);
          // A volatile store, so that the read of parkedConsumer below cannot move before it.
          sequences.set(index, pos + 1);
          Thread consumer = parkedConsumer;
          if (consumer != null) {
            parkedConsumer = null; // one wake-up per sleep is enough
            LockSupport.unpark(consumer);
          }
          return true;
        }
        pos = tail.get();
      } else if (diff < 0) {
        return false;
      } else {
        pos = tail.get();
      }
    }
  }

  /** Removes the oldest element, or returns {@code null} if none is ready. Consumer only. */
  public E poll() {
    long h = head.getPlain();
    int index = (int) h & mask;
    if (sequences.getAcquire(index) != h + 1) {
      return null;
    }
    E element = elements.getPlain(index);
    elements.setPlain(index, null);
    sequences.setRelease(index, h + mask + 1);
    head.setRelease(h + 1);
    return element;
  }

  /**
   * Removes the oldest element like {@link #poll()}, but leaves its cell taken, as if the element
   * were still queued, until {@link #release(long)} frees it: a consumer that hands elements on
   * to another thread can thus keep them within the queue's bound. Consumer only.
   */
  public E pollHeld() {
    long h = head.getPlain();
    int index = (int) h & mask;
    if (sequences.getAcquire(index) != h + 1) {
      return null;
    }
    E element = elements.getPlain(index);
    elements.setPlain(index, null);
    head.setRelease(h + 1);
    return element;
  }

  /** Returns how many elements were offered (successfully) since the queue was made. Any thread. */
  public long offered() {
    return tail.get();
  }

  /** Returns how many elements were polled since the queue was made. Any thread. */
  public long polled() {
    return head.getAcquire();
  }

  /**
   * Frees the cell of the element {@link #pollHeld()} took at {@code position} (the value of
   * {@link #polled()} before it). Any thread, exactly once per such position.
   */
  public void release(long position) {
    sequences.setRelease((int) position & mask, position + mask + 1);
  }

  /**
   * Waits until an element may be ready or {@code nanos} passed. Consumer only; may return
   * early, so callers poll again. Call {@link #awake()} after each element taken.
   */
  public void await(long nanos) {
    if (naps < NAPS) {
      naps++;
      LockSupport.parkNanos(this, Math.min(nanos, NAP_NANOS));
      return;
    }
    parkedConsumer = Thread.currentThread();
    try {
      long h = head.getPlain();
      if (sequences.get((int) h & mask) != h + 1) { // a volatile read, paired with offer's store
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parkedConsumer = null;
    }
  }

  /** Tells the queue the consumer found work, so that its next wait starts with naps again. */
  public void awake() {
    naps = 0;
  }

  /** Returns whether the queue looks empty; exact only on the consumer thread. */
  public boolean isEmpty() {
    long h = head.getAcquire();
    return sequences.getAcquire((int) h & mask) != h + 1;
  }

  /** Returns an estimate of the number of queued elements. Any thread. */
  public int size() {
    return (int) Math.max(0, Math.min(capacity(), tail.get() - head.getAcquire()));
  }
}
