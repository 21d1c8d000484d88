package dev.vigil.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpRetryAfterTest {

  @Test
  void wholeSeconds() {
    assertThat(Http.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(Http.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
  }

  @Test
  void fractionalSecondsAreRoundedUpToTheMillisecond() {
    assertThat(Http.retryAfter("0.35")).isEqualTo(Duration.ofMillis(350));
    assertThat(Http.retryAfter("1.2345")).isEqualTo(Duration.ofMillis(1235));
    assertThat(Http.retryAfter("2.0")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void cappedAtADay() {
    assertThat(Http.retryAfter("999999999999")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void badValuesAreIgnored() {
    assertThat(Http.retryAfter(null)).isNull();
    assertThat(Http.retryAfter("")).isNull();
    assertThat(Http.retryAfter("-1")).isNull();
    assertThat(Http.retryAfter("1.")).isNull();
    assertThat(Http.retryAfter("soon")).isNull();
  }

  @Test
  void httpDateInThePastIsZero() {
    assertThat(Http.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
  }
}
