package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import dev.vigil.health.internal.InMemoryMaintenanceQueue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link MaintenanceScheduler} writes each run before executing it, and its history: the
 * SPI for keeping runs across restarts (a database table, say). The scheduler calls it under
 * its own lock, from its thread and its workers; implementations must be thread-safe, and
 * durable if runs must survive the process.
 *
 * <p><b>Shared by a cluster.</b> Several instances of an application may share one queue (the
 * JDBC store's): each instance's scheduler reads the runs the others wrote, so that a slot one
 * instance queued or ran is not run again by another. Three methods then make the changes that
 * two instances may attempt at once atomic: {@link #addIfAbsent} (one run per task and schedule
 * slot), {@link #claim} (a run is executed by the one instance that moved it from PENDING to
 * PROCESSING) and {@link #update(MaintenanceRun, State)} (a change applied only from the state
 * the caller saw). Their defaults build on the other methods and are atomic only while one
 * scheduler alone writes the queue (the scheduler calls them under its lock); a queue that
 * instances share must override all three.
 */
public interface MaintenanceQueue {

  /** The default capacity of {@link #inMemory()}. */
  int DEFAULT_CAPACITY = 1_000;

  /**
   * Adds a new run.
   *
   * @throws IllegalArgumentException if a run with its id is already in the queue
   * @throws IllegalStateException if the queue is full
   */
  void add(MaintenanceRun run);

  /**
   * Adds {@code run} unless it is an {@link Trigger#AUTOMATIC AUTOMATIC} run and the queue already
   * holds an AUTOMATIC run of the same task {@link MaintenanceRun#scheduledFor() scheduled for}
   * the same instant: that slot of the schedule was queued already, perhaps by another instance.
   * A MANUAL run is always added. Atomic in a queue shared by instances: of two instances adding
   * the same slot at once, one adds it and the other gets {@code false}.
   *
   * <p>The default looks through {@link #runs()} and then calls {@link #add}.
   *
   * @return whether {@code run} was added
   * @throws IllegalArgumentException if a run with its id is already in the queue
   * @throws IllegalStateException if the queue is full
   */
  default boolean addIfAbsent(MaintenanceRun run) {
    requireNonNull(run, "run");
    if (run.trigger() == Trigger.AUTOMATIC) {
      for (MaintenanceRun r : runs()) {
        if (r.trigger() == Trigger.AUTOMATIC && r.task().equals(run.task())
            && r.scheduledFor().equals(run.scheduledFor())) {
          return false;
        }
      }
    }
    add(run);
    return true;
  }

  /** Replaces the run with the same id; does nothing if it is no longer there (purged). */
  void update(MaintenanceRun run);

  /**
   * Replaces the run with the same id by {@code run} if the stored one is still in state {@code
   * expected}: a change made from what the caller saw, lost if another instance changed the run
   * first (a run that one instance fails as timed out while its owner completes it ends in one of
   * the two states, not in a mix). Atomic in a queue shared by instances.
   *
   * <p>The default looks the run up in {@link #runs()} and then calls {@link #update}.
   *
   * @return whether the run was replaced; {@code false} if it is in another state or gone
   */
  default boolean update(MaintenanceRun run, State expected) {
    requireNonNull(run, "run");
    requireNonNull(expected, "expected");
    for (MaintenanceRun r : runs()) {
      if (r.id().equals(run.id())) {
        if (r.state() != expected) {
          return false;
        }
        update(run);
        return true;
      }
    }
    return false;
  }

  /**
   * Claims {@code run} for this instance: moves it from PENDING to PROCESSING, started at {@code
   * at}, unless it is no longer PENDING (another instance claimed it first, or it was failed or
   * purged). The scheduler executes a run only after claiming it, so a run is executed by one
   * instance at most. Atomic in a queue shared by instances, and it should not wait for another
   * instance's claim: a row locked by a claim under way is skipped ({@code FOR UPDATE SKIP
   * LOCKED} in the JDBC store). A shared queue may record which instance claimed the run.
   *
   * <p>The default is {@link #update(MaintenanceRun, State) update(processing, PENDING)}.
   *
   * @return the run as it is now, PROCESSING since {@code at}; empty if it was not claimed
   */
  default Optional<MaintenanceRun> claim(MaintenanceRun run, Instant at) {
    requireNonNull(run, "run");
    requireNonNull(at, "at");
    MaintenanceRun processing = run.processing(at);
    return update(processing, State.PENDING) ? Optional.of(processing) : Optional.empty();
  }

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
