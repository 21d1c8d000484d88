package dev.vigil.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsFitTest {

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }

  @Test
  void keepsWhatFits() {
    assertThat(Texts.fit("a<b", t -> escape(t).length() <= 6)).isEqualTo("a<b");
  }

  @Test
  void cutsTheRawTextSoNoEscapeIsCutInHalf() {
    String raw = "<<<<<<<<<<";
    String fitted = Texts.fit(raw, t -> escape(t).length() <= 20);
    // 4 × "&lt;" (16) + "…" = 17; a fifth would make 21
    assertThat(fitted).isEqualTo("<<<<…");
    assertThat(escape(fitted)).hasSizeLessThanOrEqualTo(20).endsWith("&lt;…");
  }

  @Test
  void emptyWhenNothingFits() {
    assertThat(Texts.fit("abc", t -> t.isEmpty())).isEmpty();
  }
}
