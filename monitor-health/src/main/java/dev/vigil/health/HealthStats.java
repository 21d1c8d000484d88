package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics of one check over a time range, from its records (seed 003's queries as an API):
 * how many runs, the share that found it working (UP or DEGRADED), the average and p95 latency,
 * the uptime of each day, the recoveries and the alerts.
 *
 * @param check the check's name
 * @param from the start of the range, inclusive
 * @param to the end of the range, exclusive
 * @param runs how many runs the range holds
 * @param successRate the share of runs UP or DEGRADED, 0 to 1; {@code NaN} without runs
 * @param averageLatency the mean latency; zero without runs
 * @param p95Latency the 95th percentile latency (nearest rank); zero without runs
 * @param uptimeByDay for each local day of the range with runs, its success rate; sorted
 * @param recoveries how many runs triggered a recovery action
 * @param recoveriesSucceeded how many of those brought the check back
 * @param alerts how many runs raised or escalated an alert
 */
public record HealthStats(String check, Instant from, Instant to, long runs, double successRate,
    Duration averageLatency, Duration p95Latency, Map<LocalDate, Double> uptimeByDay,
    long recoveries, long recoveriesSucceeded, long alerts) {

  /** Copies the map, unmodifiable and sorted by day. */
  public HealthStats {
    requireNonNull(check, "check");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(averageLatency, "averageLatency");
    requireNonNull(p95Latency, "p95Latency");
    uptimeByDay = Collections.unmodifiableMap(new TreeMap<>(uptimeByDay));
  }

  /** Returns the statistics of {@code records} (of one check, in the range), days in {@code zone}. */
  public static HealthStats of(String check, Instant from, Instant to, List<HealthRecord> records,
      ZoneId zone) {
    requireNonNull(records, "records");
    requireNonNull(zone, "zone");
    long ok = 0;
    long recoveries = 0;
    long recovered = 0;
    long alerts = 0;
    long totalNanos = 0;
    List<Long> latencies = new ArrayList<>(records.size());
    Map<LocalDate, long[]> days = new TreeMap<>();
    for (HealthRecord r : records) {
      long[] day = days.computeIfAbsent(LocalDate.ofInstant(r.checkedAt(), zone),
          d -> new long[2]);
      day[1]++;
      if (r.isSuccess()) {
        ok++;
        day[0]++;
      }
      if (r.recoveryTriggered()) {
        recoveries++;
        if (Boolean.TRUE.equals(r.recoverySucceeded())) {
          recovered++;
        }
      }
      if (r.supportNotified()) {
        alerts++;
      }
      long nanos = r.latency().toNanos();
      totalNanos += nanos;
      latencies.add(nanos);
    }
    int n = records.size();
    Duration mean = n == 0 ? Duration.ZERO : Duration.ofNanos(totalNanos / n);
    Duration p95 = Duration.ZERO;
    if (n > 0) {
      Collections.sort(latencies);
      p95 = Duration.ofNanos(latencies.get((int) Math.ceil(0.95 * n) - 1));
    }
    Map<LocalDate, Double> uptime = new TreeMap<>();
    days.forEach((d, c) -> uptime.put(d, (double) c[0] / c[1]));
    return new HealthStats(check, from, to, n, n == 0 ? Double.NaN : (double) ok / n, mean, p95,
        uptime, recoveries, recovered, alerts);
  }
}
