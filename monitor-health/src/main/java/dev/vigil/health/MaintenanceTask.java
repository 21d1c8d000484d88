package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A maintenance action run on a {@link Schedule} by a {@link MaintenanceScheduler}: a name, the
 * action, a dedup window (no second start of the action within it, default 2 minutes) and a
 * timeout (default 30 minutes) after which a run still going is interrupted and failed.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * MaintenanceTask reboot = MaintenanceTask.builder("nightly-reboot")
 *     .schedule(Schedule.dailyAt(LocalTime.of(3, 0), ZoneId.of("Europe/Paris")))
 *     .action(() -> instances.rebootAll())
 *     .build();
 * }</pre>
 */
public final class MaintenanceTask {

  /** The default dedup window: 2 minutes. */
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(2);
  /** The default timeout: 30 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private final String name;
  private final Action action;
  private final Schedule schedule;
  private final Duration dedupWindow;
  private final Duration timeout;
  private final boolean enabled;

  private MaintenanceTask(Builder b) {
    this.name = b.name;
    this.action = b.action;
    this.schedule = b.schedule;
    this.dedupWindow = b.dedupWindow;
    this.timeout = b.timeout;
    this.enabled = b.enabled;
  }

  /** Returns a builder of a task named {@code name}, unique within a scheduler. */
  public static Builder builder(String name) {
    return new Builder(requireNonNull(name, "name"));
  }

  /** Returns the task's name. */
  public String name() {
    return name;
  }

  /** Returns what the task does. */
  public Action action() {
    return action;
  }

  /** Returns when the task runs. */
  public Schedule schedule() {
    return schedule;
  }

  /** Returns the window after a run starts in which no other run of the task starts. */
  public Duration dedupWindow() {
    return dedupWindow;
  }

  /** Returns how long a run may take before it is interrupted and failed. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns whether the task's schedule is on when the scheduler starts. */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public String toString() {
    return "MaintenanceTask{" + name + ", " + schedule + "}";
  }

  /**
   * The body of a maintenance task. It may block; it should stop when its thread is interrupted
   * (the scheduler interrupts it at the task's timeout). Anything it throws fails the run.
   */
  @FunctionalInterface
  public interface Action {
    /** Does the maintenance once. */
    void run() throws Exception;
  }

  /** Builds a {@link MaintenanceTask}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private Action action;
    private Schedule schedule;
    private Duration dedupWindow = DEFAULT_DEDUP_WINDOW;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean enabled = true;

    private Builder(String name) {
      this.name = name;
    }

    /** Sets what the task does (required). */
    public Builder action(Action action) {
      this.action = requireNonNull(action, "action");
      return this;
    }

    /** Sets when the task runs (required). */
    public Builder schedule(Schedule schedule) {
      this.schedule = requireNonNull(schedule, "schedule");
      return this;
    }

    /** Sets the dedup window, zero or more; default 2 minutes. */
    public Builder dedupWindow(Duration dedupWindow) {
      this.dedupWindow = requireNonNull(dedupWindow, "dedupWindow");
      return this;
    }

    /** Sets the timeout, positive; default 30 minutes. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets whether the schedule is on when the scheduler starts; default true. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Builds the task.
     *
     * @throws IllegalArgumentException listing every problem: a blank name, no action, no
     *     schedule, a negative dedup window, a timeout not positive
     */
    public MaintenanceTask build() {
      List<String> problems = new ArrayList<>();
      if (name.isBlank()) {
        problems.add("name is blank");
      }
      if (action == null) {
        problems.add("no action (call action)");
      }
      if (schedule == null) {
        problems.add("no schedule (call schedule)");
      }
      if (dedupWindow.isNegative()) {
        problems.add("dedupWindow must be zero or more but was " + dedupWindow);
      }
      if (timeout.isZero() || timeout.isNegative()) {
        problems.add("timeout must be positive but was " + timeout);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid maintenance task '" + name + "': "
            + String.join("; ", problems));
      }
      return new MaintenanceTask(this);
    }
  }
}
