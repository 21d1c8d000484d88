package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

  @Test
  void loadsTheWholeLogHubSample() {
    String[] lines = Corpus.lines();
    assertThat(lines).hasSize(Corpus.LINES);
    long chars = 0;
    for (String line : lines) {
      assertThat(line).doesNotContain("\r", "\n");
      chars += line.length();
    }
    // the corpus README: 32,000 lines and 4,396,900 bytes in all, line terminators excluded, ASCII
    assertThat(chars).isEqualTo(4_396_900L);
  }

  @Test
  void splitsCrLfAndLfLinesAndIgnoresOnlyAFinalEmptyLine() {
    List<String> out = new ArrayList<>();
    Corpus.splitLines("a\r\nb\n\r\n\nc\r", out);
    assertThat(out).containsExactly("a", "b", "", "", "c");
    out.clear();
    Corpus.splitLines("a\n", out);
    assertThat(out).containsExactly("a");
  }

  @Test
  void explainsAMissingCorpus(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> Corpus.lines(missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("-D" + Corpus.PROPERTY + "=");
  }

  @Test
  void rejectsACorpusOfAnotherSize(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.log"), "one\r\ntwo\r\n");
    assertThatThrownBy(() -> Corpus.lines(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 lines, expected 32000");
  }
}
