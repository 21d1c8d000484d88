package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HealthLogStore} does, the in-memory one and the JDBC store's alike: each
 * implementation's test extends this class. Records are appended in time order per check, as a
 * {@link HealthMonitor} does; times are whole milliseconds, which every store keeps exactly.
 */
public abstract class HealthLogStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-28T22:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** Returns a new, empty store. */
  protected abstract HealthLogStore newStore();

  static HealthRecord up(String check, Instant at, long latencyMillis) {
    return new HealthRecord(check, at, HealthStatus.UP, null, "ok",
        Duration.ofMillis(latencyMillis), null, HealthRecord.Trigger.AUTOMATIC, false, null,
        false);
  }

  @Test
  void findsEveryFieldOfTheRecordsOfACheckInTheRangeOldestFirst() {
    HealthLogStore store = newStore();
    HealthRecord down = new HealthRecord("green-api", T0, HealthStatus.DOWN,
        FailureKind.CONNECTION_REFUSED, "refused: 'é' \"quoted\"", Duration.ofNanos(1_234_567_891),
        "java.net.ConnectException: Connection refused", HealthRecord.Trigger.MANUAL, true,
        Boolean.FALSE, true);
    HealthRecord recovered = new HealthRecord("green-api", T0.plusMillis(60_001),
        HealthStatus.DEGRADED, FailureKind.RESOURCE, "slow", Duration.ZERO, null,
        HealthRecord.Trigger.AUTOMATIC, true, Boolean.TRUE, false);
    HealthRecord unknown = new HealthRecord("green-api", T0.plusSeconds(120),
        HealthStatus.UNKNOWN, null, "no result", Duration.ofMillis(5), null,
        HealthRecord.Trigger.AUTOMATIC, false, null, false);
    store.append(down);
    store.append(up("postgres", T0.plusSeconds(30), 3));
    store.append(recovered);
    store.append(unknown);

    assertThat(store.find("green-api", T0, T0.plusSeconds(121)))
        .containsExactly(down, recovered, unknown);
    // from inclusive, to exclusive
    assertThat(store.find("green-api", T0.plusMillis(1), T0.plusSeconds(120)))
        .containsExactly(recovered);
    assertThat(store.find("postgres", T0, T0.plusSeconds(121)))
        .containsExactly(up("postgres", T0.plusSeconds(30), 3));
    assertThat(store.find("nothing", T0, T0.plusSeconds(121))).isEmpty();
    assertThat(store.find("green-api", T0.plusSeconds(121), T0.plusSeconds(999))).isEmpty();
  }

  @Test
  void deleteBeforeDeletesTheOlderRecordsOfEveryCheck() {
    HealthLogStore store = newStore();
    for (int day = 0; day < 10; day++) {
      store.append(up("a", T0.plus(Duration.ofDays(day)), 1));
      store.append(up("b", T0.plus(Duration.ofDays(day)).plusSeconds(1), 1));
    }

    assertThat(store.deleteBefore(T0.plus(Duration.ofDays(4)))).isEqualTo(8);

    Instant end = T0.plus(Duration.ofDays(30));
    assertThat(store.find("a", T0, end)).extracting(HealthRecord::checkedAt).first()
        .isEqualTo(T0.plus(Duration.ofDays(4)));
    assertThat(store.find("b", T0, end)).hasSize(6);
    assertThat(store.deleteBefore(T0.plus(Duration.ofDays(4)))).isZero();
  }

  @Test
  void deleteBeforeDeletesManyRecords() {
    HealthLogStore store = newStore();
    for (int i = 0; i < 1_200; i++) { // more than a store may delete at once
      store.append(up("every-minute", T0.plus(Duration.ofMinutes(i)), 1));
    }

    assertThat(store.deleteBefore(T0.plus(Duration.ofMinutes(1_100)))).isEqualTo(1_100);

    assertThat(store.find("every-minute", T0, T0.plus(Duration.ofDays(30)))).hasSize(100);
  }

  @Test
  void statisticsAreThoseOfTheRecordsInTheRange() {
    HealthLogStore store = newStore();
    // 28 March 23:00 Paris (CET) to 29 March (CEST from 02:00): two local days
    int[] latencies = {10, 20, 30, 40, 500, 7};
    List<HealthRecord> all = new ArrayList<>();
    for (int i = 0; i < latencies.length; i++) {
      Instant at = T0.plus(Duration.ofHours(i));
      HealthRecord r = i % 3 == 1
          ? new HealthRecord("api", at, HealthStatus.DOWN, FailureKind.TIMEOUT, "t",
              Duration.ofMillis(latencies[i]), null, HealthRecord.Trigger.AUTOMATIC, true,
              i == 1 ? Boolean.TRUE : Boolean.FALSE, i == 4)
          : up("api", at, latencies[i]);
      all.add(r);
      store.append(r);
    }
    store.append(up("other", T0, 999));
    Instant from = T0;
    Instant to = T0.plus(Duration.ofHours(5)); // the last record is out

    HealthStats stats = store.stats("api", from, to, PARIS);

    assertThat(stats).isEqualTo(HealthStats.of("api", from, to, all.subList(0, 5), PARIS));
    assertThat(stats.runs()).isEqualTo(5);
    assertThat(stats.successRate()).isEqualTo(0.6);
    assertThat(stats.averageLatency()).isEqualTo(Duration.ofMillis(120));
    assertThat(stats.p95Latency()).isEqualTo(Duration.ofMillis(500));
    assertThat(stats.uptimeByDay()).containsExactly(
        Map.entry(LocalDate.of(2026, 3, 28), 1.0),
        Map.entry(LocalDate.of(2026, 3, 29), 0.5));
    assertThat(stats.recoveries()).isEqualTo(2);
    assertThat(stats.recoveriesSucceeded()).isEqualTo(1);
    assertThat(stats.alerts()).isEqualTo(1);
    HealthStats none = store.stats("nothing", from, to, PARIS);
    assertThat(none.runs()).isZero();
    assertThat(none.uptimeByDay()).isEmpty();
  }
}
