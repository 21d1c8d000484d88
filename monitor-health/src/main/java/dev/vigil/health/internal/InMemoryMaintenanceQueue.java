package dev.vigil.health.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.MaintenanceQueue;
import dev.vigil.health.MaintenanceRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The default {@link MaintenanceQueue}: bounded, in memory; thread-safe by its own lock. */
public final class InMemoryMaintenanceQueue implements MaintenanceQueue {

  private final int capacity;
  private final Map<String, MaintenanceRun> runs = new LinkedHashMap<>();

  /** Makes a queue of at most {@code capacity} runs. */
  public InMemoryMaintenanceQueue(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive but was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void add(MaintenanceRun run) {
    requireNonNull(run, "run");
    if (runs.containsKey(run.id())) {
      throw new IllegalArgumentException("run " + run.id() + " is already queued");
    }
    if (runs.size() >= capacity) {
      Iterator<MaintenanceRun> it = runs.values().iterator();
      boolean dropped = false;
      while (it.hasNext() && !dropped) {
        if (it.next().isFinished()) {
          it.remove();
          dropped = true;
        }
      }
      if (!dropped) {
        throw new IllegalStateException("maintenance queue full: " + capacity
            + " runs, none finished");
      }
    }
    runs.put(run.id(), run);
  }

  @Override
  public synchronized void update(MaintenanceRun run) {
    requireNonNull(run, "run");
    runs.computeIfPresent(run.id(), (id, old) -> run);
  }

  @Override
  public synchronized List<MaintenanceRun> runs() {
    return List.copyOf(new ArrayList<>(runs.values()));
  }

  @Override
  public synchronized int purge(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    int before = runs.size();
    runs.values().removeIf(r -> r.isFinished() && r.finishedAt().isBefore(cutoff));
    return before - runs.size();
  }

  @Override
  public synchronized String toString() {
    return "InMemoryMaintenanceQueue{" + runs.size() + "/" + capacity + "}";
  }
}
