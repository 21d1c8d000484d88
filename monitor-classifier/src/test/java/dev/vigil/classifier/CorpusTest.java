package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Classification;
import dev.vigil.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The default pack on the 32,000 real lines of LogHub: no failure, the oracle's answers, counts
 * that only change on purpose, and how much of BGL's labelled alerts it catches.
 */
class CorpusTest {

  private static final Path SNAPSHOT = Path.of("src/test/resources/corpus-counts.txt");

  private final RuleClassifier classifier = RuleClassifier.withDefaults();

  @Test
  void defaultPackAgreesWithOracleAndKeepsItsCounts() throws IOException {
    OracleClassifier oracle = OracleClassifier.of(RulePack.defaults().rules(),
        RuleClassifier.DEFAULT_MAX_SCAN_LENGTH);
    Map<String, Integer> counts = new TreeMap<>();
    int lines = 0;
    for (Path file : Corpus.logFiles()) {
      String system = file.getFileName().toString().replace("_2k.log", "");
      for (String line : Corpus.lines(file)) {
        Classification c = classifier.classify(line);
        assertThat(c).as("%s: %s", system, line).isEqualTo(oracle.classify(line));
        assertThat(classifier.explain(line).classification()).as(line).isEqualTo(c);
        counts.merge(system + " " + (c.matched() ? c.ruleId() : "-"), 1, Integer::sum);
        lines++;
      }
    }
    assertThat(lines).isEqualTo(32_000);
    StringBuilder actual = new StringBuilder(
        "# LogHub lines per system and default-pack rule ('-' = no rule). Regenerate on purpose:\n"
        + "# mvn test -pl monitor-classifier -Dtest=CorpusTest -Dvigil.updateSnapshots=true\n");
    counts.forEach((key, n) -> actual.append(key).append(' ').append(n).append('\n'));
    if (Boolean.getBoolean("vigil.updateSnapshots")) {
      Files.writeString(SNAPSHOT, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual.toString()).isEqualTo(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
  }

  @Test
  void catchesTheLabelledAlertsOfBgl() {
    Path bgl = Corpus.dir().resolve("BGL_2k.log");
    int alerts = 0;
    int caught = 0;
    int flagged = 0;
    for (String line : Corpus.lines(bgl)) {
      boolean alert = !line.startsWith("- ");
      Classification c = classifier.classify(line);
      boolean flaggedLine = c.matched() && c.severity().isAtLeast(Severity.ERROR);
      alerts += alert ? 1 : 0;
      flagged += flaggedLine ? 1 : 0;
      caught += alert && flaggedLine ? 1 : 0;
    }
    double recall = caught / (double) alerts;
    double precision = caught / (double) flagged;
    System.out.printf("BGL: %d labelled alerts, %d caught at ERROR or above (recall %.1f%%); "
        + "%d lines flagged (precision %.1f%%)%n", alerts, caught, 100 * recall, flagged,
        100 * precision);
    assertThat(alerts).isEqualTo(143);
    assertThat(recall).isGreaterThanOrEqualTo(0.95);
  }
}
