package dev.vigil.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesOptions;
import dev.vigil.metrics.SeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The store on the real clock: writers read the shared coarse clock, held while it is open. */
class SystemClockStoreTest {

  @Test
  void recognizesTheSystemClockInItsForms() {
    assertThat(BucketLayout.isSystem(InstantSource.system())).isTrue();
    assertThat(BucketLayout.isSystem(Clock.systemUTC())).isTrue();
    assertThat(BucketLayout.isSystem(Clock.system(ZoneId.of("Europe/Paris")))).isTrue();
    assertThat(BucketLayout.isSystem(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))))
        .isFalse();
  }

  @Test
  void countsWithTheSystemClockAndStopsTheTickerWhenTheLastStoreCloses() {
    int before = CoarseClock.users(); // other tests in this JVM may hold it
    SeriesStore a = SeriesStore.inMemory();
    SeriesStore b = SeriesStore.inMemory(SeriesOptions.builder().clock(Clock.systemUTC()).build());
    assertThat(CoarseClock.users()).isEqualTo(before + 2);
    assertThat(CoarseClock.running()).isTrue();
    assertThat(Math.abs(CoarseClock.millis() - System.currentTimeMillis())).isLessThan(1_000);

    SeriesKey key = SeriesKey.of("orders");
    for (int i = 0; i < 1_000; i++) {
      a.add(key, 1);
      a.record(SeriesKey.of("latency"), i);
    }
    assertThat(a.window(key, Duration.ofMinutes(1)).sum()).isEqualTo(1_000);
    assertThat(a.window(SeriesKey.of("latency"), Duration.ofMinutes(1)).max()).isEqualTo(999);

    a.close();
    a.close(); // once only
    assertThat(CoarseClock.users()).isEqualTo(before + 1);
    assertThat(CoarseClock.running()).isTrue();
    b.close();
    assertThat(CoarseClock.users()).isEqualTo(before);
    assertThat(CoarseClock.running()).isEqualTo(before > 0);
    a.add(key, 1); // a closed store still counts
    assertThat(a.window(key, Duration.ofMinutes(1)).sum()).isEqualTo(1_001);
  }
}
