package dev.vigil;

/**
 * A live registration of an {@link EventListener}, returned by {@link Monitor#subscribe}.
 * Closing it stops delivery: events still buffered are discarded. Thread-safe.
 */
public interface Subscription extends AutoCloseable {

  /** Returns how many events were handed to the listener. */
  long delivered();

  /** Returns how many events this listener lost because its buffer was full. */
  long dropped();

  /** Returns how many times the listener threw. */
  long failures();

  /** Stops delivery and releases the subscription's thread; idempotent. */
  @Override
  void close();
}
