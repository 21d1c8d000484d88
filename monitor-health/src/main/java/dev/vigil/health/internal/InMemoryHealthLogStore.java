package dev.vigil.health.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.HealthLogStore;
import dev.vigil.health.HealthRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The in-memory {@link HealthLogStore}: a bounded deque per check. Thread-safe (its monitor). */
public final class InMemoryHealthLogStore implements HealthLogStore {

  private final int maxPerCheck;
  private final Map<String, Deque<HealthRecord>> byCheck = new HashMap<>();

  /** Creates a store keeping at most {@code maxPerCheck} records per check. */
  public InMemoryHealthLogStore(int maxPerCheck) {
    if (maxPerCheck < 1) {
      throw new IllegalArgumentException("maxPerCheck must be positive but was " + maxPerCheck);
    }
    this.maxPerCheck = maxPerCheck;
  }

  @Override
  public synchronized void append(HealthRecord record) {
    requireNonNull(record, "record");
    Deque<HealthRecord> records = byCheck.computeIfAbsent(record.check(), c -> new ArrayDeque<>());
    records.addLast(record);
    if (records.size() > maxPerCheck) {
      records.removeFirst();
    }
  }

  @Override
  public synchronized List<HealthRecord> find(String check, Instant from, Instant to) {
    requireNonNull(check, "check");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    Deque<HealthRecord> records = byCheck.get(check);
    if (records == null) {
      return List.of();
    }
    List<HealthRecord> found = new ArrayList<>();
    for (HealthRecord r : records) {
      if (!r.checkedAt().isBefore(from) && r.checkedAt().isBefore(to)) {
        found.add(r);
      }
    }
    return Collections.unmodifiableList(found);
  }

  @Override
  public synchronized long deleteBefore(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    long deleted = 0;
    for (Deque<HealthRecord> records : byCheck.values()) {
      for (Iterator<HealthRecord> it = records.iterator(); it.hasNext(); ) {
        if (it.next().checkedAt().isBefore(cutoff)) {
          it.remove();
          deleted++;
        } else {
          break; // appended in time order
        }
      }
    }
    return deleted;
  }
}
