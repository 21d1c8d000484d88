package dev.vigil.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread of Vigil's own. What such a thread logs is never captured, so that the pipeline,
 * listeners and schedulers cannot feed back into themselves.
 */
public final class VigilThread extends Thread {

  /** Every Vigil thread's name starts with this; nothing logged under such a name is captured. */
  public static final String NAME_PREFIX = "vigil-";

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
    VigilThread thread = new VigilThread(task, checked(name));
    thread.start();
    return thread;
  }

  /** Returns a factory of daemon threads named {@code prefix-N}. */
  public static ThreadFactory factory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    checked(prefix);
    return task -> new VigilThread(task, prefix + "-" + n.incrementAndGet());
  }

  private static String checked(String name) {
    if (!name.startsWith(NAME_PREFIX)) {
      throw new IllegalArgumentException("Vigil thread names start with " + NAME_PREFIX);
    }
    return name;
  }
}
