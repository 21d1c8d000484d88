package dev.vigil.health;

import dev.vigil.health.internal.InMemoryHealthLogStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Keeps the {@link HealthRecord}s of a {@link HealthMonitor}: the SPI the JDBC store implements
 * too. Implementations are thread-safe; appends come from the monitor's threads.
 *
 * <p>Instances of a cluster may share one store (the JDBC store's): given the cluster's {@link
 * dev.vigil.cluster.Leadership}, only the leader's monitor appends its scheduled runs and purges
 * the store, so the shared history holds one series of records per check; manual runs are
 * appended by whichever instance ran them. {@link #deleteBefore} may then run while others
 * append: a database store deletes in small batches so as not to hold locks long.
 */
public interface HealthLogStore {

  /**
   * Returns an in-memory store keeping at most 20,000 records per check (about two weeks of a
   * check every minute; the oldest dropped first).
   */
  static HealthLogStore inMemory() {
    return new InMemoryHealthLogStore(20_000);
  }

  /** Stores {@code record}. */
  void append(HealthRecord record);

  /** Returns the records of {@code check} in {@code [from, to)}, oldest first. */
  List<HealthRecord> find(String check, Instant from, Instant to);

  /** Deletes the records older than {@code cutoff}; returns how many. */
  long deleteBefore(Instant cutoff);

  /**
   * Returns the statistics of {@code check} over {@code [from, to)}, days in {@code zone}. The
   * default computes them from {@link #find}; a database store may compute them in SQL.
   */
  default HealthStats stats(String check, Instant from, Instant to, ZoneId zone) {
    return HealthStats.of(check, from, to, find(check, from, to), zone);
  }
}
