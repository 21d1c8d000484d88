package dev.vigil.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread of Vigil's own. What such a thread logs is never captured, so that the pipeline,
 * listeners and schedulers cannot feed back into themselves.
 */
public final class VigilThread extends Thread {

  private VigilThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }

  /** Returns whether the calling thread is one of Vigil's. */
  public static boolean isCurrent() {
    return Thread.currentThread() instanceof VigilThread;
  }

  /** Starts a daemon thread with the given name. */
  public static VigilThread start(String name, Runnable task) {
    VigilThread thread = new VigilThread(task, name);
    thread.start();
    return thread;
  }

  /** Returns a factory of daemon threads named {@code prefix-N}. */
  public static ThreadFactory factory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return task -> new VigilThread(task, prefix + "-" + n.incrementAndGet());
  }
}
