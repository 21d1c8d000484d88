package dev.vigil.health.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops processes: politely first, then by force. */
public final class Processes {

  private Processes() {}

  /**
   * Stops {@code process} and its descendants: asks them to end (SIGTERM on Unix), waits up to
   * {@code grace} for the process, then kills what is left. Returns whether it ended by force;
   * the process has exited when this returns normally.
   *
   * @throws IllegalStateException if the process is still alive 10 seconds after being killed
   *     (such as a process of another user)
   */
  public static boolean stop(ProcessHandle process, Duration grace) throws InterruptedException {
    // descendants first listed: once the parent is gone they are re-parented and lost to us
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process);
    all.forEach(ProcessHandle::destroy);
    if (awaitExit(process, grace)) {
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      return false;
    }
    all.forEach(ProcessHandle::destroyForcibly);
    if (!awaitExit(process, Duration.ofSeconds(10))) {
      throw new IllegalStateException("pid " + process.pid() + " still alive after being killed");
    }
    return true;
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout)
      throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    try {
      process.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }
}
