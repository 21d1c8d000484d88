package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One run of a {@link MaintenanceTask}, as written to the {@link MaintenanceQueue} before it is
 * executed and updated as it goes: {@link State#PENDING} then {@link State#PROCESSING} then
 * {@link State#COMPLETED} or {@link State#FAILED} (with the error). Immutable; each change is a
 * new value with the same id.
 *
 * @param id unique id of the run
 * @param task the task's name
 * @param trigger what asked for the run
 * @param scheduledFor when it was due: the schedule's instant, or the request's for a manual run
 * @param queuedAt when it was written to the queue
 * @param state where it is
 * @param startedAt when the action started, or {@code null} before
 * @param finishedAt when it completed or failed, or {@code null} before
 * @param error why it failed, or {@code null} unless FAILED
 */
public record MaintenanceRun(String id, String task, Trigger trigger, Instant scheduledFor,
    Instant queuedAt, State state, Instant startedAt, Instant finishedAt, String error) {

  /** Checks the components: an error exactly on a FAILED run. */
  public MaintenanceRun {
    requireNonNull(id, "id");
    requireNonNull(task, "task");
    requireNonNull(trigger, "trigger");
    requireNonNull(scheduledFor, "scheduledFor");
    requireNonNull(queuedAt, "queuedAt");
    requireNonNull(state, "state");
    if ((state == State.FAILED) != (error != null)) {
      throw new IllegalArgumentException("error must be set exactly on a FAILED run, but state is "
          + state + " and error " + error);
    }
  }

  /** What asked for a run. */
  public enum Trigger {
    /** The task's schedule. */
    AUTOMATIC,
    /** {@link MaintenanceScheduler#runNow(String)}. */
    MANUAL
  }

  /** Where a run is. */
  public enum State {
    /** Queued, not started. */
    PENDING,
    /** The action is running. */
    PROCESSING,
    /** The action returned. */
    COMPLETED,
    /** The action threw or timed out, or the run was interrupted or expired; see the error. */
    FAILED
  }

  /** Returns whether the run is over (COMPLETED or FAILED). */
  public boolean isFinished() {
    return state == State.COMPLETED || state == State.FAILED;
  }

  MaintenanceRun processing(Instant at) {
    return new MaintenanceRun(id, task, trigger, scheduledFor, queuedAt, State.PROCESSING, at,
        null, null);
  }

  MaintenanceRun completed(Instant at) {
    return new MaintenanceRun(id, task, trigger, scheduledFor, queuedAt, State.COMPLETED,
        startedAt, at, null);
  }

  MaintenanceRun failed(Instant at, String why) {
    return new MaintenanceRun(id, task, trigger, scheduledFor, queuedAt, State.FAILED, startedAt,
        at, why);
  }
}
