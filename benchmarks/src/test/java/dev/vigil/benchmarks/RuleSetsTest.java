package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleSetsTest {

  @Test
  void seedIsTheMissionTable() {
    List<RuleSpec> seed = RuleSets.seed();
    assertThat(seed).hasSize(7);
    assertThat(seed).allMatch(RuleSpec::caseInsensitive);
    assertThat(seed.get(0).keywords()).containsExactly("FATAL", "unhandledException");
    assertThat(seed.get(0).wholeWord()).isTrue();
    assertThat(seed.get(3).keywords()).containsExactly("500", "502", "503");
    assertThat(seed.get(3).wholeWord()).isTrue();
    RuleTable t = RuleTable.of("seed", seed);
    ReferenceClassifier ref = ReferenceClassifier.of(t);
    assertThat(t.ruleId(ref.classify("GET /x 1500ms"))).isEqualTo("-");
    assertThat(t.ruleId(ref.classify("GET /x 500 after timeout"))).isEqualTo("seed.api.5xx");
    assertThat(t.ruleId(ref.classify("timeout talking to the database")))
        .isEqualTo("seed.database");
    assertThat(t.ruleId(ref.classify("Fatal: slow query"))).isEqualTo("seed.system");
    assertThat(t.ruleId(ref.classify("nonfatal slow query"))).isEqualTo("seed.database.slow");
  }

  @Test
  void kw1000IsDeterministicAndMixed() {
    String[] corpus = Corpus.lines();
    List<RuleSpec> rules = RuleSets.kw1000(corpus);
    assertThat(RuleSets.kw1000(corpus)).isEqualTo(rules);

    Set<String> folded = new HashSet<>();
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    int keywords = 0;
    int wholeWord = 0;
    int caseSensitive = 0;
    int dashEnds = 0;
    for (RuleSpec r : rules) {
      assertThat(r.keywords()).hasSizeBetween(1, 5);
      severities.add(r.severity());
      wholeWord += r.wholeWord() ? 1 : 0;
      caseSensitive += r.caseInsensitive() ? 0 : 1;
      for (String k : r.keywords()) {
        keywords++;
        assertThat(folded.add(Text.fold(k))).as(k).isTrue();
        assertThat(k).matches("[A-Za-z0-9_-]{4,16}");
        if (k.startsWith("-") || k.endsWith("-")) {
          dashEnds++;
        }
      }
    }
    assertThat(keywords).isEqualTo(1000);
    assertThat(severities).containsExactlyInAnyOrder(Severity.values());
    assertThat(wholeWord).isBetween(rules.size() / 4, rules.size() / 2);
    assertThat(caseSensitive).isBetween(rules.size() / 20, rules.size() / 5);
    assertThat(dashEnds).isPositive();
  }

  @Test
  void kw1000MatchesAMinorityOfTheCorpus() {
    String[] corpus = Corpus.lines();
    RuleTable t = BenchmarkInput.table("kw1000");
    int matched = Verification.matchedLines(
        Verification.classifyAll(ReferenceClassifier.of(t), corpus));
    double rate = (double) matched / corpus.length;
    System.out.printf("kw1000 matches %d of %d corpus lines (%.2f%%)%n", matched, corpus.length,
        100 * rate);
    assertThat(rate).isBetween(0.05, 0.30);
  }
}
