package dev.vigil.health.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.MaintenanceQueue;
import dev.vigil.health.MaintenanceRun;
import dev.vigil.health.MaintenanceRun.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link MaintenanceQueue}: bounded, in memory; thread-safe by its own lock, which
 * makes {@link #addIfAbsent}, {@link #claim} and {@link #update(MaintenanceRun, State)} atomic
 * (schedulers of one process may share it as instances share the JDBC store's).
 */
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
  public synchronized boolean addIfAbsent(MaintenanceRun run) {
    return MaintenanceQueue.super.addIfAbsent(run);
  }

  @Override
  public synchronized boolean update(MaintenanceRun run, State expected) {
    requireNonNull(run, "run");
    requireNonNull(expected, "expected");
    MaintenanceRun stored = runs.get(run.id());
    if (stored == null || stored.state() != expected) {
      return false;
    }
    runs.put(run.id(), run);
    return true;
  }

  @Override
  public synchronized Optional<MaintenanceRun> claim(MaintenanceRun run, Instant at) {
    return MaintenanceQueue.super.claim(run, at);
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
