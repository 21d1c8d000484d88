package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesKeyTest {

  @Test
  void tagValuesOneCharacterApartHashApart() {
    java.util.Set<Integer> hashes = new java.util.HashSet<>();
    for (int p = 0; p < 10; p++) {
      for (int r = 0; r < 50; r++) {
        hashes.add(SeriesKey.of("request.latency", "platform", "p" + p, "region", "r" + r)
            .hashCode());
      }
    }
    // Map.hashCode() (a sum of key ^ value) gave these 500 keys 133 distinct hashes
    assertThat(hashes).hasSize(500);
    assertThat(SeriesKey.of("x", "b", "2", "a", "1").hashCode())
        .isEqualTo(SeriesKey.of("x", "a", "1", "b", "2").hashCode());
  }

  @Test
  void tagsAreSortedSoTheirOrderDoesNotMatter() {
    SeriesKey a = SeriesKey.of("orders", "region", "eu", "platform", "tiktok");
    SeriesKey b = SeriesKey.of("orders", "platform", "tiktok", "region", "eu");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.tags().keySet()).containsExactly("platform", "region");
    assertThat(a).hasToString("orders{platform=tiktok,region=eu}");
    assertThat(a.name()).isEqualTo("orders");
    assertThat(a.tag("platform")).isEqualTo("tiktok");
    assertThat(a.tag("missing")).isNull();
  }

  @Test
  void differsByNameAndByTagValues() {
    SeriesKey a = SeriesKey.of("orders", "platform", "tiktok");
    assertThat(a).isNotEqualTo(SeriesKey.of("orders", "platform", "shopify"))
        .isNotEqualTo(SeriesKey.of("refunds", "platform", "tiktok"))
        .isNotEqualTo(SeriesKey.of("orders"));
    assertThat(SeriesKey.of("orders")).hasToString("orders");
    assertThat(SeriesKey.of("orders").tags()).isEmpty();
  }

  @Test
  void theLastValueOfARepeatedKeyWinsAsInMicrometer() {
    assertThat(SeriesKey.of("x", "k", "1", "k", "2")).isEqualTo(SeriesKey.of("x", "k", "2"));
  }

  @Test
  void tagsAreUnmodifiable() {
    SeriesKey key = SeriesKey.of("x", "k", "v");
    assertThatThrownBy(() -> key.tags().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsAnOddNumberOfTagStrings() {
    assertThatThrownBy(() -> SeriesKey.of("orders", "platform", "tiktok", "region"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tags must be key/value pairs, but 3 strings were given:"
            + " [platform, tiktok, region]");
  }

  @Test
  void rejectsNullsAndAnEmptyName() {
    assertThatThrownBy(() -> SeriesKey.of("orders", "platform", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value of tag 'platform' of series 'orders' is null");
    assertThatThrownBy(() -> SeriesKey.of("orders", null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tag key at index 0 of series 'orders' is null");
    assertThatThrownBy(() -> SeriesKey.of(null))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> SeriesKey.of(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be empty");
  }
}
