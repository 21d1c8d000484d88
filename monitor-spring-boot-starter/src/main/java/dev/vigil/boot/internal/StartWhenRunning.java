package dev.vigil.boot.internal;

import static java.util.Objects.requireNonNull;

import org.springframework.context.SmartLifecycle;

/**
 * Starts a Vigil component once the application context is running — after the embedded web
 * server listens — so that a health check of the application's own URLs does not fail while it
 * starts. Stopping is left to the component's {@code close()} at destruction.
 */
public final class StartWhenRunning implements SmartLifecycle {

  private final Runnable start;
  private volatile boolean running;

  public StartWhenRunning(Runnable start) {
    this.start = requireNonNull(start, "start");
  }

  @Override
  public void start() {
    start.run();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The last phase: after the web server has started (Spring Boot's is lower). */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE;
  }
}
