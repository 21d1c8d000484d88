package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The default pack's table in the module README is generated from the pack itself. */
class DefaultPackDocTest {

  private static final Path README = Path.of("README.md");
  private static final String START = "<!-- default-pack:start -->\n";
  private static final String END = "<!-- default-pack:end -->";

  @Test
  void readmeTableMatchesThePack() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int from = readme.indexOf(START);
    int to = readme.indexOf(END);
    assertThat(from).as("markers in README.md").isNotNegative();
    String updated = readme.substring(0, from + START.length()) + table() + readme.substring(to);
    if (Boolean.getBoolean("vigil.updateSnapshots")) {
      Files.writeString(README, updated, StandardCharsets.UTF_8);
    }
    assertThat(readme).as("README.md is out of date; regenerate it with "
        + "mvn test -pl monitor-classifier -Dtest=DefaultPackDocTest -Dvigil.updateSnapshots=true")
        .isEqualTo(updated);
  }

  static String table() {
    StringBuilder sb = new StringBuilder("| rule | severity | category | matches | conditions |\n"
        + "|---|---|---|---|---|\n");
    for (Rule r : RulePack.defaults().rules()) {
      String matches = r.regex().map(re -> "regex `" + re.replace("|", "\\|") + "`")
          .orElseGet(() -> String.join(", ", r.keywords().stream().map(k -> "`" + k + "`").toList()));
      List<String> when = new ArrayList<>();
      if (r.wholeWord()) {
        when.add("whole word");
      }
      if (r.caseSensitive()) {
        when.add("case-sensitive");
      }
      r.levelAtLeast().ifPresent(l -> when.add("level ≥ " + l));
      r.levelAtMost().ifPresent(l -> when.add("level ≤ " + l));
      if (r.priority() != 0) {
        when.add("priority " + r.priority());
      }
      sb.append("| `").append(r.id()).append("` | ").append(r.severity()).append(" | ")
          .append(r.category()).append(" | ").append(matches).append(" | ")
          .append(String.join(", ", when)).append(" |\n");
    }
    return sb.toString();
  }
}
