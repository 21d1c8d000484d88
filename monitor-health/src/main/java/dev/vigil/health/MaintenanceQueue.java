package dev.vigil.health;

import dev.vigil.health.internal.InMemoryMaintenanceQueue;
import java.time.Instant;
import java.util.List;

/**
 * Where a {@link MaintenanceScheduler} writes each run before executing it, and its history: the
 * SPI for keeping runs across restarts (a database table, say). The scheduler calls it under
 * its own lock, from its thread and its workers; implementations must be thread-safe, and
 * durable if runs must survive the process.
 */
public interface MaintenanceQueue {

  /** The default capacity of {@link #inMemory()}. */
  int DEFAULT_CAPACITY = 1_000;

  /**
   * Adds a new run.
   *
   * @throws IllegalStateException if the queue is full
   */
  void add(MaintenanceRun run);

  /** Replaces the run with the same id; does nothing if it is no longer there (purged). */
  void update(MaintenanceRun run);

  /** Returns every run, in the order they were added. */
  List<MaintenanceRun> runs();

  /** Removes the finished runs that finished before {@code cutoff}; returns how many. */
  int purge(Instant cutoff);

  /** Returns an in-memory queue of {@link #DEFAULT_CAPACITY} runs. */
  static MaintenanceQueue inMemory() {
    return inMemory(DEFAULT_CAPACITY);
  }

  /**
   * Returns an in-memory queue holding at most {@code capacity} runs: when full, adding drops the
   * oldest finished run, or fails if none is finished.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  static MaintenanceQueue inMemory(int capacity) {
    return new InMemoryMaintenanceQueue(capacity);
  }
}
