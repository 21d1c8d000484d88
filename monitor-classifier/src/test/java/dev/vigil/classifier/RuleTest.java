package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.LogLevel;
import dev.vigil.Severity;
import org.junit.jupiter.api.Test;

class RuleTest {

  @Test
  void reportsEveryProblemOfARuleAtOnce() {
    assertThatThrownBy(() -> Rule.keywords("bad id!", "", "ok").category("Not Lower")
            .levelAtLeast(LogLevel.ERROR).levelAtMost(LogLevel.INFO).build())
        .isInstanceOf(InvalidRulesException.class)
        .hasMessage("""
            5 problems:
              rule 'bad id!', field 'id': 'bad id!' must be 1 to 128 letters, digits, '.', '_', ':' \
            or '-', starting with a letter or digit
              rule 'bad id!', field 'keywords': a keyword is empty
              rule 'bad id!', field 'severity': is missing
              rule 'bad id!', field 'category': 'Not Lower' must be 1 to 64 lowercase letters, \
            digits, '.', '_' or '-'
              rule 'bad id!', field 'levelAtMost': 'INFO' is below levelAtLeast 'ERROR': no event \
            could match""");
  }

  @Test
  void namesTheFieldOfEachProblem() {
    InvalidRulesException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidRulesException.class, () -> Rule.keywords("k").build());
    assertThat(e.problems()).extracting(InvalidRulesException.Problem::field)
        .containsExactly("keywords", "severity", "category");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.ruleId()).isEqualTo("k"));
  }

  @Test
  void rejectsMalformedRegularExpressions() {
    assertThatThrownBy(() -> Rule.regex("re", "(unclosed").classify(Severity.ERROR, "x").build())
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageStartingWith("1 problem:\n  rule 're', field 'regex': ");
  }

  @Test
  void rejectsFactorsOnKeywordRules() {
    assertThatThrownBy(() -> Rule.keywords("k", "a").factors("a").classify(Severity.ERROR, "x")
            .build())
        .hasMessageContaining("field 'factors': only a regex rule can declare factors");
  }

  @Test
  void rejectsOversizedKeywords() {
    assertThatThrownBy(() -> Rule.keywords("k", "x".repeat(257)).classify(Severity.ERROR, "x")
            .build())
        .hasMessageContaining("is longer than 256 characters");
  }

  @Test
  void duplicateIdsFailWhenTheClassifierIsBuilt() {
    Rule a = Rule.keywords("same", "a").classify(Severity.ERROR, "x").build();
    Rule b = Rule.keywords("same", "b").classify(Severity.WARN, "x").build();
    assertThatThrownBy(() -> RuleClassifier.builder().add(a).add(b).build())
        .isInstanceOf(InvalidRulesException.class)
        .hasMessage("1 problem:\n  rule 'same', field 'id': is used by more than one rule");
  }

  @Test
  void toBuilderCopiesEverySetting() {
    Rule rule = Rule.keywords("k", "a", "b").classify(Severity.WARN, "db").priority(3)
        .caseSensitive(true).wholeWord(true).levelAtLeast(LogLevel.WARN)
        .levelAtMost(LogLevel.ERROR).loggerPrefix("com.acme").source("api")
        .description("d").build();
    Rule copy = rule.toBuilder().build();
    assertThat(copy).usingRecursiveComparison().isEqualTo(rule);
    assertThat(rule.toBuilder().priority(4).build().priority()).isEqualTo(4);
  }

  @Test
  void precedenceIsSeverityThenPriorityThenDeclarationOrder() {
    RuleClassifier c = RuleClassifier.builder()
        .add(Rule.keywords("first-warn", "disk").classify(Severity.WARN, "x").build())
        .add(Rule.keywords("second-warn", "disk").classify(Severity.WARN, "x").build())
        .add(Rule.keywords("prio-warn", "disk").priority(1).classify(Severity.WARN, "x").build())
        .add(Rule.keywords("error", "full").classify(Severity.ERROR, "x").build())
        .build();
    assertThat(c.classify("disk").ruleId()).isEqualTo("prio-warn");
    assertThat(c.classify("full disk").ruleId()).isEqualTo("error");
    assertThat(c.explain("full disk").matches()).extracting(m -> m.rule().id())
        .containsExactly("error", "prio-warn", "first-warn", "second-warn");
  }

  @Test
  void conditionsOnUnknownFactsAreNotMet() {
    RuleClassifier c = RuleClassifier.builder()
        .add(Rule.keywords("lvl", "x").levelAtMost(LogLevel.FATAL).classify(Severity.WARN, "a").build())
        .add(Rule.keywords("log", "x").loggerPrefix("com.acme").classify(Severity.WARN, "a").build())
        .add(Rule.keywords("src", "x").source("api").classify(Severity.WARN, "a").build())
        .build();
    assertThat(c.classify("x").matched()).isFalse();
    assertThat(c.classify("x", LogLevel.TRACE, null, null).ruleId()).isEqualTo("lvl");
    assertThat(c.classify("x", null, "com.acme.Foo", null).ruleId()).isEqualTo("log");
    assertThat(c.classify("x", null, "org.Foo", "api").ruleId()).isEqualTo("src");
    assertThat(c.explain("x").matches()).extracting(Explanation.Match::rejectedBecause)
        .containsExactly("level unknown, needs at most FATAL", "logger unknown, needs com.acme*",
            "source unknown, needs api");
  }

  @Test
  void infersTheLevelFromTheLine() {
    RuleClassifier c = RuleClassifier.builder()
        .add(Rule.keywords("db", "database").levelAtLeast(LogLevel.ERROR)
            .classify(Severity.CRITICAL, "database").build())
        .build();
    assertThat(c.classify("10:00 ERROR lost database").ruleId()).isEqualTo("db");
    assertThat(c.classify("10:00 INFO database ERROR").matched()).isFalse();
    assertThat(c.classify("database down [error]").ruleId()).isEqualTo("db");
    assertThat(c.classify("{\"level\":\"Error\",\"msg\":\"database\"}").ruleId()).isEqualTo("db");
    assertThat(c.classify("level=fatal database").ruleId()).isEqualTo("db");
    assertThat(c.classify("error in database").matched()).isFalse();
    Explanation e = c.explain("database down [crit]");
    assertThat(e.level()).isEqualTo(LogLevel.FATAL);
    assertThat(e.levelInferred()).isTrue();
  }
}
