package dev.vigil.metrics.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The system time in milliseconds as a volatile field, refreshed about every millisecond by one
 * daemon thread ({@value #THREAD_NAME}) shared by every store that uses the system clock, so that
 * writers read the time with one load instead of a system call.
 *
 * <p>Threading: {@link #millis()} is a plain volatile read. The thread runs while at least one
 * store holds the clock ({@link #acquire()} without {@link #release()}), and stops when the last
 * one releases it; the value then stays where it was until the next {@link #acquire()} refreshes
 * it. The value may lag the system clock by about a tick, and follows it when it is set back.
 */
final class CoarseClock {

  static final String THREAD_NAME = "vigil-series-clock";
  private static final long TICK_NANOS = 1_000_000;

  private static volatile long millis = System.currentTimeMillis();
  private static volatile Thread ticker;
  private static int users;

  private CoarseClock() {}

  /** Returns the system time in milliseconds, as of the last tick. */
  static long millis() {
    return millis;
  }

  /** Registers a user, starting the ticking thread if it is not running. */
  static synchronized void acquire() {
    millis = System.currentTimeMillis();
    if (users++ == 0) {
      Thread t = new Thread(CoarseClock::tick, THREAD_NAME);
      t.setDaemon(true);
      t.setContextClassLoader(null);
      ticker = t;
      t.start();
    }
  }

  /** Unregisters a user, stopping the ticking thread when it was the last. */
  static synchronized void release() {
    if (users > 0 && --users == 0) {
      Thread t = ticker;
      ticker = null;
      LockSupport.unpark(t);
    }
  }

  /** Returns how many stores hold the clock (for tests). */
  static synchronized int users() {
    return users;
  }

  /** Returns whether the ticking thread is meant to be running (for tests). */
  static synchronized boolean running() {
    return ticker != null;
  }

  private static void tick() {
    Thread self = Thread.currentThread();
    while (ticker == self) {
      millis = System.currentTimeMillis();
      LockSupport.parkNanos(TICK_NANOS);
    }
  }
}
