package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.Classification;
import dev.vigil.LogLevel;
import dev.vigil.Severity;
import dev.vigil.classifier.InvalidRulesException.Problem;
import dev.vigil.internal.doc.DocNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackLoadTest {

  @TempDir
  Path dir;

  static Path resource(String name) {
    try {
      return Path.of(RulePackLoadTest.class.getResource("/rules/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static InvalidRulesException invalid(String content, String name, boolean yaml) {
    return catchThrowableOfType(InvalidRulesException.class,
        () -> RulePack.parse(content, name, yaml));
  }

  static InvalidRulesException invalidJson(String content) {
    return invalid(content, "t.json", false);
  }

  /** Returns "ruleId/field" of each problem. */
  static List<String> where(InvalidRulesException e) {
    return e.problems().stream().map(p -> p.ruleId() + "/" + p.field()).collect(Collectors.toList());
  }

  /** A rule's every setting, to compare rules that have no equals. */
  static String settings(Rule r) {
    return String.join("|", r.id(), r.keywords().toString(), r.regex().orElse("-"),
        r.factors().toString(), String.valueOf(r.caseSensitive()), String.valueOf(r.wholeWord()),
        r.severity().name(), r.category(), String.valueOf(r.priority()),
        String.valueOf(r.levelAtLeast().orElse(null)), String.valueOf(r.levelAtMost().orElse(null)),
        r.loggerPrefix().orElse("-"), r.source().orElse("-"), r.description().orElse("-"));
  }

  // --- well-formed files ---

  @Test
  void loadsTheExampleJsonFile() throws IOException {
    RulePack pack = RulePack.load(resource("example.json"));

    assertThat(pack.name()).isEqualTo("example");
    assertThat(pack.rules()).extracting(Rule::id).containsExactly("app.payment-declined",
        "db.hikari-timeout", "memory.oom", "disk.full", "ssh.auth-failure",
        "net.connection-refused");
    Rule payment = pack.rules().get(0);
    assertThat(payment.keywords()).containsExactly("PaymentDeclined", "card declined");
    assertThat(payment.severity()).isEqualTo(Severity.ERROR);
    assertThat(payment.category()).isEqualTo("payments");
    assertThat(payment.wholeWord()).isTrue();
    assertThat(payment.caseSensitive()).isFalse();
    assertThat(payment.priority()).isEqualTo(10);
    assertThat(payment.levelAtLeast()).contains(LogLevel.WARN);
    assertThat(payment.loggerPrefix()).contains("com.acme.billing");
    assertThat(payment.description()).hasValueSatisfying(d -> assertThat(d).contains("declined"));
    Rule hikari = pack.rules().get(1);
    assertThat(hikari.regex()).contains("HikariPool-\\d+ - Connection is not available");
    assertThat(hikari.factors()).containsExactly("hikaripool");
    assertThat(pack.rules().get(3).keywords()).containsExactly("No space left on device");
    assertThat(pack.rules().get(4).source()).contains("sshd");
    assertThat(pack.rules().get(5).levelAtMost()).contains(LogLevel.FATAL);
  }

  @Test
  void theExampleYamlFileIsTheSameAsTheJsonOne() throws IOException {
    RulePack json = RulePack.load(resource("example.json"));
    RulePack yaml = RulePack.load(resource("example.yaml"));

    assertThat(yaml.name()).isEqualTo(json.name());
    assertThat(yaml.rules()).extracting(RulePackLoadTest::settings)
        .containsExactlyElementsOf(json.rules().stream().map(RulePackLoadTest::settings)
            .collect(Collectors.toList()));
  }

  @Test
  void loadedRulesClassify() throws IOException {
    RuleClassifier c = RuleClassifier.builder().add(RulePack.load(resource("example.yaml"))).build();

    assertThat(c.classify("HikariPool-1 - Connection is not available, request timed out"))
        .isEqualTo(Classification.of("db.hikari-timeout", Severity.CRITICAL, "database"));
    assertThat(c.classify("write failed: No space left on device").ruleId()).isEqualTo("disk.full");
    assertThat(c.classify("java.lang.outofmemoryerror").matched()).isFalse(); // case-sensitive
    assertThat(c.classify("Failed password for invalid user admin from 10.0.0.1", LogLevel.INFO,
        null, "sshd").ruleId()).isEqualTo("ssh.auth-failure");
    assertThat(c.classify("Failed password for root from 10.0.0.1", LogLevel.INFO, null, "web")
        .matched()).isFalse();
  }

  @Test
  void aTopLevelArrayIsAPackNamedAfterTheFile() throws IOException {
    Path file = dir.resolve("mine.JSON");
    Files.writeString(file, "[{\"id\": \"a\", \"keyword\": \"boom\", \"severity\": \"warning\","
        + " \"category\": \"app\"}]");

    RulePack pack = RulePack.load(file);

    assertThat(pack.name()).isEqualTo("mine.JSON");
    assertThat(pack.rules()).hasSize(1);
    assertThat(pack.rules().get(0).keywords()).containsExactly("boom");
    assertThat(pack.rules().get(0).severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void yamlWithBothExtensionsAndAnEmptyRuleList() throws IOException {
    Files.writeString(dir.resolve("a.yml"), "name: empty\nrules: []\n");
    Files.writeString(dir.resolve("b.yaml"), "- {id: x, regex: 'a+b', severity: INFO, category: c}");

    assertThat(RulePack.load(dir.resolve("a.yml")).rules()).isEmpty();
    assertThat(RulePack.load(dir.resolve("b.yaml")).rules().get(0).regex()).contains("a+b");
  }

  @Test
  void aByteOrderMarkIsFine() throws IOException {
    Path file = dir.resolve("bom.json");
    byte[] body = "[{\"id\":\"a\",\"keyword\":\"k\",\"severity\":\"INFO\",\"category\":\"c\"}]"
        .getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Files.write(file, withBom);

    assertThat(RulePack.load(file).rules()).hasSize(1);
    assertThat(RulePack.parse("\uFEFF" + new String(body, StandardCharsets.UTF_8), "x", false)
        .rules()).hasSize(1);
  }

  // --- files that cannot be read ---

  @Test
  void anUnknownExtensionIsRejected() {
    assertThatThrownBy(() -> RulePack.load(dir.resolve("rules.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(InvalidRulesException.class)
        .hasMessageContaining("rules.txt")
        .hasMessageContaining(".json, .yaml or .yml");
  }

  @Test
  void aMissingFileIsAnIoException() {
    assertThatThrownBy(() -> RulePack.load(dir.resolve("absent.yaml")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> RulePack.load(null)).hasMessage("file");
    assertThatThrownBy(() -> RulePack.parse(null, "x", false)).hasMessage("content");
    assertThatThrownBy(() -> RulePack.parse("[]", null, false)).hasMessage("name");
  }

  // --- each kind of problem ---

  @Test
  void aSyntaxErrorIsOneProblemWithItsPlace() {
    InvalidRulesException e = invalidJson("{\"rules\": [\n  {\"id\": \"a\",, }\n]}");

    assertThat(e).hasMessage("1 problem in t.json:\n"
        + "  rule '(document)', field '(syntax)': Unexpected character (',' (code 44)): was"
        + " expecting double-quote to start property name at line 2, column 14");
  }

  @Test
  void textThatIsNotJsonAtAllIsOneProblem() {
    InvalidRulesException e = invalidJson("hello, world");

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).reason())
        .startsWith("Unrecognized token 'hello'").endsWith("at line 1, column 1");
  }

  @Test
  void yamlSyntaxErrorsLoseTheirSourceSnippets() {
    InvalidRulesException e = invalid("rules: [1, 2\nname: x\n", "t.yaml", true);

    assertThat(e.problems()).containsExactly(new Problem("(document)", "(syntax)",
        "while parsing a flow sequence; expected ',' or ']', but got : at line 2, column 5"));
  }

  @Test
  void emptyAndMultipleDocumentsAreRejected() {
    assertThat(invalidJson("  ").problems().get(0).reason())
        .isEqualTo("the document is empty at line 1, column 1");
    assertThat(invalid("", "t.yaml", true).problems().get(0).reason())
        .isEqualTo("the document is empty at line 1, column 1");
    assertThat(invalidJson("[] []").problems().get(0).reason())
        .isEqualTo("unexpected content after the end of the document at line 1, column 4");
    assertThat(invalid("- a\n---\n- b\n", "t.yaml", true).problems().get(0).reason())
        .startsWith("a rule file holds one YAML document, but another one follows");
  }

  @Test
  void theDocumentMustBeAnObjectOrAnArray() {
    assertThat(invalidJson("\"rules\"").problems()).containsExactly(new Problem("(document)",
        "(root)", "must be an object with 'name' and 'rules', or an array of rules but was the"
            + " string 'rules' at line 1, column 1"));
  }

  @Test
  void documentFieldsAreChecked() {
    InvalidRulesException e = invalidJson("{\"name\": 7, \"rule\": []}");

    assertThat(e.problems()).containsExactly(
        new Problem("(document)", "rules", "is missing (the array of rules)"),
        new Problem("(document)", "name", "must be a string but was the number 7 at line 1, column 10"),
        new Problem("(document)", "rule",
            "is not a field of a rule file (did you mean 'rules'?) at line 1, column 13"));
    assertThat(where(invalidJson("{\"name\": \" \", \"rules\": {}}")))
        .containsExactly("(document)/name", "(document)/rules");
  }

  @Test
  void aSingleRuleInsteadOfAFileIsExplained() {
    InvalidRulesException e = invalidJson(
        "{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\", \"category\": \"c\"}");

    assertThat(e.problems().get(0).reason())
        .isEqualTo("is missing: a rule file holds {name, rules: [...]} or an array of rules,"
            + " not a single rule");
  }

  @Test
  void wrongTypesAreReported() {
    InvalidRulesException e = invalidJson("[{\"id\": 5, \"keywords\": [\"a\", null, true],"
        + " \"severity\": [\"ERROR\"], \"category\": {}, \"priority\": \"high\","
        + " \"caseSensitive\": 1, \"wholeWord\": \"true\", \"levelAtLeast\": false,"
        + " \"source\": null, \"description\": 2.5}]");

    assertThat(e.problems()).extracting(Problem::field, Problem::reason).containsExactly(
        tuple("id", "must be a string but was the number 5 at line 1, column 9"),
        tuple("keywords", "element [1] must be a string but was null at line 1, column 30"),
        tuple("keywords", "element [2] must be a string but was true at line 1, column 36"),
        tuple("severity", "must be a string but was an array at line 1, column 55"),
        tuple("category", "must be a string but was an object at line 1, column 78"),
        tuple("priority", "must be an integer but was the string 'high' at line 1, column 94"),
        tuple("caseSensitive", "must be true or false but was the number 1 at line 1, column 119"),
        tuple("wholeWord", "must be true or false but was the string 'true' at line 1, column 135"),
        tuple("levelAtLeast", "must be a string but was false at line 1, column 159"),
        tuple("source", "must be a string but was null at line 1, column 176"),
        tuple("description", "must be a string but was the number 2.5 at line 1, column 197"));
    assertThat(e.problems()).extracting(Problem::ruleId).containsOnly("rules[0]");
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  @Test
  void priorityMustFitAnInt() {
    assertThat(invalidJson("[{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\","
        + " \"category\": \"c\", \"priority\": 2147483648}]").problems().get(0).reason())
        .isEqualTo("must be an integer from -2147483648 to 2147483647 but was the number"
            + " 2147483648 at line 1, column 79");
    assertThat(RulePack.parse("[{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\","
        + " \"category\": \"c\", \"priority\": -2147483648}]", "x", false).rules().get(0).priority())
        .isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void unknownFieldsGetASuggestionWhenCloseToAKnownOne() {
    InvalidRulesException e = invalid("- id: a\n  keyword: k\n  severty: ERROR\n  category: c\n"
        + "  level_at_least: WARN\n  Description: d\n  colour: red\n", "t.yaml", true);

    assertThat(e.problems()).extracting(Problem::field, Problem::reason).containsExactly(
        tuple("severity", "is missing in the rule at line 1, column 3"),
        tuple("severty", "is not a rule field (did you mean 'severity'?) at line 3, column 3"),
        tuple("level_at_least",
            "is not a rule field (did you mean 'levelAtLeast'?) at line 5, column 3"),
        tuple("Description",
            "is not a rule field (did you mean 'description'?) at line 6, column 3"),
        tuple("colour", "is not a rule field (expected id, keyword, keywords, regex, factors,"
            + " severity, category, priority, caseSensitive, wholeWord, levelAtLeast, levelAtMost,"
            + " loggerPrefix, source, description) at line 7, column 3"));
    assertThat(e.problems()).extracting(Problem::ruleId).containsOnly("a");
  }

  @Test
  void suggestionsAreForTyposOnly() {
    assertThat(DocNode.suggestion("severity", RulePackReader.RULE_FIELDS))
        .isEqualTo("did you mean 'severity'?");
    assertThat(DocNode.suggestion("keywrds", RulePackReader.RULE_FIELDS))
        .isEqualTo("did you mean 'keywords'?");
    assertThat(DocNode.suggestion("ids", RulePackReader.RULE_FIELDS))
        .isEqualTo("did you mean 'id'?");
    assertThat(DocNode.suggestion("pattern", RulePackReader.RULE_FIELDS)).isNull();
    assertThat(DocNode.suggestion("x".repeat(10_000), RulePackReader.RULE_FIELDS)).isNull();
    assertThat(DocNode.editDistance("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(DocNode.editDistance("kitten", "sitting", 2)).isEqualTo(3);
  }

  @Test
  void missingRequiredFieldsAreReported() {
    InvalidRulesException e = invalidJson("[{\"description\": \"nothing else\"}]");

    assertThat(e.problems()).containsExactly(
        new Problem("rules[0]", "keywords",
            "is missing: a rule needs 'keywords' (or 'keyword') or 'regex' in the rule at line 1,"
                + " column 2"),
        new Problem("rules[0]", "id", "is missing in the rule at line 1, column 2"),
        new Problem("rules[0]", "severity", "is missing in the rule at line 1, column 2"),
        new Problem("rules[0]", "category", "is missing in the rule at line 1, column 2"));
  }

  @Test
  void exactlyOnePatternFieldIsAllowed() {
    InvalidRulesException e = invalidJson("[{\"id\": \"a\", \"keyword\": \"k\", \"regex\": \"r\","
        + " \"keywords\": [\"x\"], \"factors\": [\"f\"], \"severity\": \"INFO\", \"category\": \"c\"}]");

    assertThat(e.problems()).containsExactly(
        new Problem("a", "regex", "cannot be combined with 'keyword': give exactly one of"
            + " 'keyword', 'keywords' or 'regex' at line 1, column 30"),
        new Problem("a", "keywords", "cannot be combined with 'keyword': give exactly one of"
            + " 'keyword', 'keywords' or 'regex' at line 1, column 44"));
  }

  @Test
  void badEnumValuesUseTheParsersMessages() {
    InvalidRulesException e = invalidJson("[{\"id\": \"a\", \"keyword\": \"k\", \"severity\":"
        + " \"SEVERE\", \"category\": \"c\", \"levelAtLeast\": \"LOUD\", \"levelAtMost\": \"err\"}]");

    assertThat(e.problems()).extracting(Problem::field, Problem::reason).containsExactly(
        tuple("severity", "unknown severity 'SEVERE' (expected INFO, WARN, ERROR or CRITICAL) at"
            + " line 1, column 42"),
        tuple("levelAtLeast", "unknown log level 'LOUD' (expected TRACE, DEBUG, INFO, WARN, ERROR"
            + " or FATAL, or a common alias) at line 1, column 85"));
  }

  @Test
  void duplicateIdsWithinAFileAreReported() {
    InvalidRulesException e = invalidJson("[\n"
        + "{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\", \"category\": \"c\"},\n"
        + "{\"id\": \"b\", \"keyword\": \"k\", \"severity\": \"INFO\", \"category\": \"c\"},\n"
        + "{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\", \"category\": \"c\"},\n"
        + "{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\", \"category\": \"c\"}]");

    assertThat(e.problems()).containsExactly(
        new Problem("a", "id", "is used by more than one rule: rules[0] and rules[2] at line 4,"
            + " column 8"),
        new Problem("a", "id", "is used by more than one rule: rules[0] and rules[3] at line 5,"
            + " column 8"));
  }

  @Test
  void duplicateFieldsInARuleAreReported() {
    InvalidRulesException e = invalid("- id: a\n  keyword: k\n  severity: INFO\n  category: c\n"
        + "  severity: ERROR\n", "t.yaml", true);

    assertThat(e.problems()).containsExactly(new Problem("a", "severity",
        "is given more than once (first at line 3, column 3) at line 5, column 3"));
  }

  @Test
  void theRulesOwnChecksAreReportedInTheFilesTerms() {
    InvalidRulesException e = invalid("rules:\n"
        + "  - id: bad id\n    regex: 'a(b'\n    severity: INFO\n    category: Database\n"
        + "    levelAtLeast: ERROR\n    levelAtMost: WARN\n    loggerPrefix: ''\n"
        + "  - id: ok\n    keyword: ''\n    factors: [x]\n    severity: INFO\n    category: c\n",
        "t.yaml", true);

    assertThat(e.problems()).extracting(Problem::ruleId, Problem::field).containsExactly(
        tuple("rules[0]", "id"), tuple("rules[0]", "regex"), tuple("rules[0]", "category"),
        tuple("rules[0]", "levelAtMost"), tuple("rules[0]", "loggerPrefix"),
        tuple("ok", "keyword"), tuple("ok", "factors"));
    assertThat(e.problems().get(0).reason()).isEqualTo("'bad id' must be 1 to 128 letters,"
        + " digits, '.', '_', ':' or '-', starting with a letter or digit at line 2, column 9");
    assertThat(e.problems().get(1).reason()).startsWith("unclosed group at index 1: '(' has no matching ')'")
        .endsWith("at line 3, column 12");
    assertThat(e.problems().get(3).reason())
        .isEqualTo("'WARN' is below levelAtLeast 'ERROR': no event could match at line 7,"
            + " column 18");
    assertThat(e.problems().get(5).reason()).isEqualTo("a keyword is empty at line 10, column 14");
    assertThat(e.problems().get(6).reason())
        .isEqualTo("only a regex rule can declare factors at line 11, column 14");
  }

  @Test
  void aRuleThatIsNotAnObjectIsNamedByPosition() {
    InvalidRulesException e = invalidJson("[\"a\", 1, []]");

    assertThat(where(e)).containsExactly("rules[0]/(rule)", "rules[1]/(rule)", "rules[2]/(rule)");
    assertThat(e.problems().get(2).reason()).isEqualTo("must be an object but was an array at"
        + " line 1, column 10");
  }

  @Test
  void everyProblemOfTheFileIsReportedTogether() {
    InvalidRulesException e = invalidJson("{\"name\": \"t\", \"rules\": [\n"
        + "  {\"id\": \"a.one\", \"keywords\": [\"x\"], \"severity\": \"SEVER\", \"category\": \"db\"},\n"
        + "  {\"keyword\": \"y\", \"severity\": \"ERROR\", \"category\": \"db\", \"prority\": 3},\n"
        + "  {\"id\": \"b\", \"regex\": \"(\", \"severity\": \"ERROR\", \"category\": \"db\"},\n"
        + "  {\"id\": \"a.one\", \"keyword\": \"z\", \"severity\": \"ERROR\", \"category\": \"DB\"}\n"
        + "], \"extra\": true}");

    assertThat(e).hasMessage("7 problems in t.json:\n"
        + "  rule '(document)', field 'extra': is not a field of a rule file (expected name, rules)"
        + " at line 6, column 4\n"
        + "  rule 'a.one', field 'severity': unknown severity 'SEVER' (expected INFO, WARN, ERROR or"
        + " CRITICAL) at line 2, column 50\n"
        + "  rule 'rules[1]', field 'id': is missing in the rule at line 3, column 3\n"
        + "  rule 'rules[1]', field 'prority': is not a rule field (did you mean 'priority'?) at"
        + " line 3, column 59\n"
        + "  rule 'b', field 'regex': unclosed group at index 0: '(' has no matching ')' at line 4, column 24\n"
        + "  rule 'a.one', field 'id': is used by more than one rule: rules[0] and rules[3] at line"
        + " 5, column 10\n"
        + "  rule 'a.one', field 'category': 'DB' must be 1 to 64 lowercase letters, digits, '.',"
        + " '_' or '-' at line 5, column 68");
  }

  @Test
  void jsonAndYamlReportTheSameProblems() {
    String json = "{\"name\": \"t\", \"rules\": [{\"id\": \"a\", \"keywords\": [], \"severity\":"
        + " \"bad\", \"category\": \"c\", \"wholeWord\": \"no\", \"sorce\": \"x\"}, {\"id\": \"a\","
        + " \"regex\": \"[\", \"severity\": \"INFO\"}]}";
    String yaml = "name: t\nrules:\n"
        + "  - id: a\n    keywords: []\n    severity: bad\n    category: c\n    wholeWord: 'no'\n"
        + "    sorce: x\n"
        + "  - id: a\n    regex: '['\n    severity: INFO\n";

    InvalidRulesException fromJson = invalid(json, "t", false);
    InvalidRulesException fromYaml = invalid(yaml, "t", true);

    assertThat(where(fromYaml)).isEqualTo(where(fromJson)).containsExactly("a/keywords",
        "a/severity", "a/wholeWord", "a/sorce", "a/category", "a/id", "a/regex");
    assertThat(fromYaml.problems()).extracting(p -> p.reason().replaceAll(" (in the rule )?at line.*", ""))
        .isEqualTo(fromJson.problems().stream()
            .map(p -> p.reason().replaceAll(" (in the rule )?at line.*", ""))
            .collect(Collectors.toList()));
  }

  @Test
  void longValuesAreNotEchoedWhole() {
    String huge = "x".repeat(10_000);
    InvalidRulesException e = invalidJson("[{\"id\": \"" + huge + "\", \"keyword\": \"k\","
        + " \"severity\": \"" + huge + "\", \"category\": \"" + huge + "\", \"" + huge + "\": 1,"
        + " \"wholeWord\": \"" + huge + "\"}]");

    assertThat(e.problems()).hasSize(5);
    assertThat(e.getMessage().length()).isLessThan(2_000);
    assertThat(e.problems().get(0).reason()).startsWith("'" + "x".repeat(60) + "...' must be");
    assertThat(invalidJson("[" + huge + "]").getMessage().length()).isLessThan(500);
  }

  // --- YAML safety ---

  @Test
  void yamlAliasesAreRejectedNotExpanded() {
    InvalidRulesException e = invalid("rules:\n"
        + "  - &base {id: a, keyword: k, severity: INFO, category: c}\n"
        + "  - *base\n"
        + "  - id: b\n    keywords: &kw [a, b]\n    severity: INFO\n    category: c\n"
        + "  - id: c\n    keywords: *kw\n    severity: INFO\n    category: c\n", "t.yaml", true);

    assertThat(e.problems()).containsExactly(
        new Problem("rules[1]", "(rule)", "must be an object but was the YAML alias *base (aliases"
            + " are not supported) at line 3, column 5"),
        new Problem("c", "keywords", "must be an array of strings but was the YAML alias *kw"
            + " (aliases are not supported) at line 9, column 15"));
  }

  @Test
  void aBillionLaughsDocumentIsRejectedCheaply() {
    StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    InvalidRulesException e = invalid(y.toString(), "lol.yaml", true);

    assertThat(where(e)).contains("(document)/a0", "(document)/a9", "(document)/rules");
  }

  @Test
  void yamlTagsConstructNothing() {
    RulePack pack = RulePack.parse("- id: a\n  keyword: !!java.net.URL http://example.com\n"
        + "  severity: !<tag:yaml.org,2002:javax.script.ScriptEngineManager> INFO\n"
        + "  category: c\n", "t.yaml", true);

    assertThat(pack.rules().get(0).keywords()).containsExactly("http://example.com");
    assertThat(pack.rules().get(0).severity()).isEqualTo(Severity.INFO);
    assertThat(invalid("- id: a\n  keyword: !!java.lang.ProcessBuilder [calc]\n  severity: INFO\n"
        + "  category: c\n", "t.yaml", true).problems()).extracting(Problem::reason)
        .containsExactly("must be a string but was an array at line 2, column 12");
  }

  @Test
  void yamlFilesLargerThanSnakeYamlsDefaultLimitLoad() throws IOException {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, "- id: a\n  keyword: k\n  severity: INFO\n  category: c\n"
        + "  description: " + "words and ".repeat(400_000) + "\n");

    assertThat(RulePack.load(file).rules().get(0).description().orElseThrow()).hasSize(3_999_999);
  }

  @Test
  void yamlMayNotHaveLongRunsWithoutSpacesWhichSnakeYamlParsesSlowly() throws IOException {
    Path file = dir.resolve("run.yaml");
    String run = "d".repeat(RulePackReader.MAX_YAML_RUN);
    Files.writeString(file, "- id: a\n  keyword: k\n  severity: INFO\n  category: c\n"
        + "  description: '" + run.substring(2) + "'\n");
    Path tooLong = dir.resolve("long.yaml");
    Files.writeString(tooLong, "- id: a\n  keyword: k\n  severity: INFO\n  category: c\n"
        + "  description: " + run + "d\n");

    assertThat(RulePack.load(file).rules()).hasSize(1);
    assertThatThrownBy(() -> RulePack.load(tooLong)).hasMessage("1 problem in long.yaml:\n"
        + "  rule '(document)', field '(size)': has more than 100000 characters without a space or"
        + " line break at line 5, which YAML files may not have");
    assertThat(invalid("x: " + run + "d", "t", true).problems().get(0).field()).isEqualTo("(size)");
    assertThat(RulePack.parse("[{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\","
        + " \"category\": \"c\", \"description\": \"" + run + run + "\"}]", "t.json", false)
        .rules()).hasSize(1);
  }

  // --- limits ---

  @Test
  void filesLargerThanTenMebibytesAreRejectedUnread() throws IOException {
    Path file = dir.resolve("huge.json");
    byte[] spaces = new byte[RulePackReader.MAX_FILE_SIZE + 1];
    java.util.Arrays.fill(spaces, (byte) ' ');
    Files.write(file, spaces);

    assertThatThrownBy(() -> RulePack.load(file)).isInstanceOf(InvalidRulesException.class)
        .hasMessage("1 problem in huge.json:\n  rule '(document)', field '(size)': is larger than"
            + " the limit of 10485760 bytes");
    assertThat(invalid(new String(spaces, StandardCharsets.US_ASCII), "s", false).problems())
        .containsExactly(new Problem("(document)", "(size)",
            "is larger than the limit of 10485760 characters"));
  }

  @Test
  void atMostOneHundredThousandRules() {
    String rules = "[" + "{},".repeat(RulePackReader.MAX_RULES) + "{}]";

    assertThat(invalidJson(rules).problems()).containsExactly(new Problem("(document)", "rules",
        "holds 100001 rules, more than the limit of 100000"));
  }

  @Test
  void atMostTwoMillionValues() {
    String values = "{\"rules\": [], \"x\": [" + "0,".repeat(RulePackReader.MAX_VALUES) + "0]}";

    assertThat(invalidJson(values).problems()).extracting(Problem::reason).singleElement()
        .asString().startsWith("the document holds more than 2000000 values at line 1, column ");
  }

  @Test
  void nestingIsLimited() {
    String deep = "[".repeat(17) + "]".repeat(17);

    assertThat(invalidJson(deep).problems()).containsExactly(new Problem("(document)", "(syntax)",
        "the document nests deeper than 16 levels at line 1, column 17"));
    assertThat(invalid("- ".repeat(100) + "x", "t.yaml", true).problems().get(0).reason())
        .startsWith("the document nests deeper than 16 levels");
  }

  @Test
  void listingStopsAfterAThousandProblems() {
    InvalidRulesException e = invalidJson("[" + "{},".repeat(400) + "{}]");

    assertThat(e.problems()).hasSize(RulePackReader.MAX_PROBLEMS + 1);
    assertThat(e.problems().get(RulePackReader.MAX_PROBLEMS)).isEqualTo(new Problem("(document)",
        "(problems)", "stopped checking after 1000 problems; fix these and load the file again"));
  }

  @Test
  void invalidUtf8IsASyntaxProblem() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.write(file, new byte[] {'[', '"', (byte) 0xFF, '"', ']'});

    assertThatThrownBy(() -> RulePack.load(file)).isInstanceOf(InvalidRulesException.class)
        .hasMessageContaining("field '(syntax)': Invalid UTF-8 start byte 0xff at line 1");
  }
}
