package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class SeriesOptionsTest {

  @Test
  void defaultsServeAnHourFineAndThreeDaysCoarse() {
    SeriesOptions o = SeriesOptions.ofDefaults();
    assertThat(o.clock()).isEqualTo(InstantSource.system());
    assertThat(o.maxSeries()).isEqualTo(1_000);
    assertThat(o.fineStep().multipliedBy(o.fineCount())).isEqualTo(Duration.ofHours(1));
    assertThat(o.fineStep()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.coarseStep()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.coarseStep().multipliedBy(o.coarseCount())).isEqualTo(Duration.ofDays(3));
    assertThat(o.sampleCapacity()).isEqualTo(1_024);
  }

  @Test
  void toBuilderKeepsEverySetting() {
    ManualClock clock = new ManualClock();
    SeriesOptions o = SeriesOptions.builder().clock(clock).maxSeries(7)
        .fineBuckets(Duration.ofSeconds(1), 60).coarseBuckets(Duration.ofMinutes(1), 120)
        .sampleCapacity(16).build();
    SeriesOptions copy = o.toBuilder().build();
    assertThat(copy.clock()).isSameAs(clock);
    assertThat(copy.maxSeries()).isEqualTo(7);
    assertThat(copy.fineStep()).isEqualTo(Duration.ofSeconds(1));
    assertThat(copy.fineCount()).isEqualTo(60);
    assertThat(copy.coarseStep()).isEqualTo(Duration.ofMinutes(1));
    assertThat(copy.coarseCount()).isEqualTo(120);
    assertThat(copy.sampleCapacity()).isEqualTo(16);
    assertThat(copy).hasToString(o.toString());
  }

  @Test
  void eachSetterNamesTheSettingAndTheValue() {
    SeriesOptions.Builder b = SeriesOptions.builder();
    assertThatThrownBy(() -> b.maxSeries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSeries must be positive but was -1");
    assertThatThrownBy(() -> b.fineBuckets(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fineStep must be a positive whole number of milliseconds up to 366 days"
            + " but was PT0S");
    assertThatThrownBy(() -> b.fineBuckets(Duration.ofNanos(1_500_000), 10))
        .hasMessageContaining("but was PT0.0015S");
    assertThatThrownBy(() -> b.coarseBuckets(Duration.ofMinutes(5), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coarseCount must be from 1 to 1048576 but was 0");
    assertThatThrownBy(() -> b.sampleCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampleCapacity must be from 1 to 1048576 but was 0");
    assertThatThrownBy(() -> b.clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> b.fineBuckets(null, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("fineStep");
  }

  @Test
  void buildChecksTheRulesBetweenSettings() {
    assertThatThrownBy(() -> SeriesOptions.builder()
        .fineBuckets(Duration.ofSeconds(7), 10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coarseStep (PT5M) must be a multiple of fineStep (PT7S)");
    assertThatThrownBy(() -> SeriesOptions.builder()
        .coarseBuckets(Duration.ofMinutes(5), 6).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the coarse retention (6 x PT5M) must not be shorter than the fine retention"
            + " (360 x PT10S)");
  }
}
