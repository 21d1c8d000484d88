package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateTest {

  private static final Map<String, Object> VARIABLES = variables();

  private static Map<String, Object> variables() {
    Map<String, Object> v = new HashMap<>();
    v.put("value", 0.0734);
    v.put("threshold", 0.05);
    v.put("count", 42);
    v.put("long", Long.MAX_VALUE);
    v.put("five", 5.0);
    v.put("sum", 0.1 + 0.2);
    v.put("big", 1e20);
    v.put("small", 0.000012345678);
    v.put("tiny", 1e-300);
    v.put("nan", Double.NaN);
    v.put("inf", Double.POSITIVE_INFINITY);
    v.put("ninf", Double.NEGATIVE_INFINITY);
    v.put("pi", Math.PI);
    v.put("neg", -2.5);
    v.put("float", 0.1f);
    v.put("decimal", new BigDecimal("1.500"));
    v.put("name", "Upload");
    v.put("empty", "");
    v.put("nothing", null);
    v.put("secs", 3903);
    v.put("negsecs", -90);
    v.put("zero", 0);
    v.put("ms", 0.25);
    v.put("dur", Duration.ofDays(2).plusMinutes(1));
    v.put("half", "0.5");
    v.put("letters", "abcdefghij");
    v.put("runbook", "https://runbooks.example/upload");
    v.put("list", List.of(1, 2));
    v.put("labels", Map.of("platform", "ios", "env", Map.of("name", "prod")));
    return v;
  }

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of("plain text", "plain text"),
        Arguments.of("", ""),
        Arguments.of("Runbook: {{runbook}}", "Runbook: https://runbooks.example/upload"),
        Arguments.of("{{ labels.platform }}", "ios"),
        Arguments.of("{{labels.env.name}}", "prod"),
        Arguments.of("{{labels.platform.deeper}}", ""),
        Arguments.of(
            "Upload error rate {{value | percent}} on {{labels.platform}} (threshold {{threshold}})",
            "Upload error rate 7.34% on ios (threshold 0.05)"),
        Arguments.of("{{five}}", "5"),
        Arguments.of("{{sum}}", "0.3"),
        Arguments.of("{{big}}", "100000000000000000000"),
        Arguments.of("{{small}}", "0.0000123457"),
        Arguments.of("{{tiny}}", "0"),
        Arguments.of("{{nan}} {{inf}} {{ninf}}", "NaN +Inf -Inf"),
        Arguments.of("{{count}} {{long}}", "42 9223372036854775807"),
        Arguments.of("{{float}} {{decimal}}", "0.1 1.5"),
        Arguments.of("{{pi}}", "3.141593"),
        Arguments.of("{{pi | round}} {{pi | round(2)}} {{ pi|round( 4 ) }}", "3 3.14 3.1416"),
        Arguments.of("{{neg | round}}", "-3"),
        Arguments.of("{{value | round(3)}}", "0.073"),
        Arguments.of("{{half | percent}} {{nan | percent}}", "50% NaN%"),
        Arguments.of("{{name | percent}} {{name | round}}", "Upload Upload"),
        Arguments.of("{{name | upper}} {{name|lower}}", "UPLOAD upload"),
        Arguments.of("{{ name\n  | upper\n}}", "UPLOAD"),
        Arguments.of("{{secs | duration}}", "1h 5m 3s"),
        Arguments.of("{{negsecs | duration}} {{zero | duration}}", "-1m 30s 0s"),
        Arguments.of("{{dur | duration}} {{ms | duration}}", "2d 1m 250ms"),
        Arguments.of("[{{missing}}] [{{nothing}}] [{{missing | upper}}]", "[] [] []"),
        Arguments.of("{{missing | default(\"n/a\")}}", "n/a"),
        Arguments.of("{{empty | default(\"none\")}} {{nothing | default(\"x\")}}", "none x"),
        Arguments.of("{{ missing | default(\"say \\\"hi\\\" \\\\o/\") }}", "say \"hi\" \\o/"),
        Arguments.of("{{ missing | default(\"}} {{\") }}", "}} {{"),
        Arguments.of("{{ name | default(\"x\") }}", "Upload"),
        Arguments.of("{{letters | truncate(5)}} {{letters | truncate(10)}}", "abcd… abcdefghij"),
        Arguments.of("{{name | upper | truncate(3)}}", "UP…"),
        Arguments.of("\\{{literal}} and \\\\{{", "{{literal}} and \\{{"),
        Arguments.of("a } b }} c { d \\ e", "a } b }} c { d \\ e"),
        Arguments.of("{{list}}", "[1, 2]"),
        Arguments.of("{{secs | round(2)}}", "3903"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("renderings")
  void renders(String source, String expected) {
    assertThat(Template.parse(source).render(VARIABLES)).isEqualTo(expected);
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("Hello {{ name", "column 7: unclosed '{{' (no matching '}}')"),
        Arguments.of("{{ a | upper", "column 1: unclosed '{{' (no matching '}}')"),
        Arguments.of("{{ a | round(2", "column 1: unclosed '{{' (no matching '}}')"),
        Arguments.of("line one\nline {{ two", "line 2, column 6: unclosed '{{' (no matching '}}')"),
        Arguments.of("{{}}", "column 1: empty expression"),
        Arguments.of("a {{ \t }}", "column 3: empty expression"),
        Arguments.of(
            "{{ a | precent }}",
            "column 8: unknown filter 'precent' (expected percent, round, upper, lower, duration,"
                + " default or truncate)"),
        Arguments.of(
            "{{ labels.plat-form }}",
            "column 4: bad variable name 'labels.plat-form' (expected names of letters, digits and"
                + " '_', not starting with a digit, joined by '.')"),
        Arguments.of(
            "{{ 1abc }}",
            "column 4: bad variable name '1abc' (expected names of letters, digits and '_', not"
                + " starting with a digit, joined by '.')"),
        Arguments.of(
            "{{ a..b }}",
            "column 4: bad variable name 'a..b' (expected names of letters, digits and '_', not"
                + " starting with a digit, joined by '.')"),
        Arguments.of(
            "{{ a.getClass() }}",
            "column 4: bad variable name 'a.getClass()' (expected names of letters, digits and"
                + " '_', not starting with a digit, joined by '.')"),
        Arguments.of(
            "{{a.b.c.d.e.f.g.h.i}}", "column 3: variable path nested deeper than 8 levels (9)"),
        Arguments.of(
            "{{ a {{ b }} }}", "column 6: '{{' inside an expression (expressions do not nest)"),
        Arguments.of("{{{{ b }}", "column 3: '{{' inside an expression (expressions do not nest)"),
        Arguments.of("{{ | upper }}", "column 4: unexpected '|' (expected a variable name)"),
        Arguments.of("{{ a b }}", "column 6: unexpected 'b' (expected '|' or '}}')"),
        Arguments.of("{{ a }x }}", "column 6: unexpected '}' (expected '|' or '}}')"),
        Arguments.of("{{ a | upper x }}", "column 14: unexpected 'x' (expected '|' or '}}')"),
        Arguments.of("{{ a | }}", "column 8: missing filter name after '|'"),
        Arguments.of("{{ a | upper(1) }}", "column 13: filter 'upper' takes no argument"),
        Arguments.of("{{ a | round(7) }}", "column 14: filter 'round' takes 0 to 6 decimals (7)"),
        Arguments.of("{{ a | round(x) }}", "column 14: filter 'round' takes 0 to 6 decimals"),
        Arguments.of(
            "{{ a | round(12345678) }}", "column 8: filter 'round' takes 0 to 6 decimals"),
        Arguments.of(
            "{{ a | round(2 }}", "column 16: expected ')' after the argument of filter 'round'"),
        Arguments.of(
            "{{ a | truncate(0) }}",
            "column 17: filter 'truncate' takes a length from 1 to 16384 (0)"),
        Arguments.of(
            "{{ a | truncate }}", "column 8: filter 'truncate' needs a length, e.g. truncate(80)"),
        Arguments.of(
            "{{ a | default }}",
            "column 8: filter 'default' needs a quoted string, e.g. default(\"n/a\")"),
        Arguments.of(
            "{{ a | default(x) }}",
            "column 8: filter 'default' needs a quoted string, e.g. default(\"n/a\")"),
        Arguments.of("{{ a | default(\"x) }}", "column 16: unclosed string"),
        Arguments.of(
            "{{ a | default(\"\\x\") }}",
            "column 17: bad escape in string (only \\\" and \\\\ are allowed)"),
        Arguments.of(
            "{{ a" + " | upper".repeat(9) + " }}",
            "column 70: more than 8 filters in one expression"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("parseErrors")
  void rejectsBadTemplatesNamingThePositionAndTheReason(String source, String message) {
    assertThatThrownBy(() -> Template.parse(source))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> Template.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
    assertThatThrownBy(() -> Template.parse("x").render(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("variables");
  }

  @Test
  void keepsItsSource() {
    Template t = Template.parse("Runbook: {{ runbook }}");
    assertThat(t.source()).isEqualTo("Runbook: {{ runbook }}");
    assertThat(t).hasToString("Runbook: {{ runbook }}");
  }

  @Test
  void acceptsTemplatesUpToTheLengthLimit() {
    String longest = "x".repeat(Template.MAX_LENGTH - 5) + "{{a}}";
    assertThat(Template.parse(longest).render(Map.of("a", "!")))
        .hasSize(Template.MAX_LENGTH - 4)
        .endsWith("x!");
    assertThatThrownBy(() -> Template.parse(longest + " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 4097: template is longer than 4096 characters (4097)");
  }

  @Test
  void rejectsAHundredThousandOpeningsByLengthAlone() {
    String hostile = "{{".repeat(100_000);
    assertThatThrownBy(() -> Template.parse(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 4097: template is longer than 4096 characters (200000)");
    String withinLimit = "{{".repeat(Template.MAX_LENGTH / 2);
    assertThatThrownBy(() -> Template.parse(withinLimit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 3: '{{' inside an expression (expressions do not nest)");
    String unclosed = "{{" + " ".repeat(Template.MAX_LENGTH - 2);
    assertThatThrownBy(() -> Template.parse(unclosed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 1: unclosed '{{' (no matching '}}')");
  }

  @Test
  void followsDottedPathsUpToTheDepthLimit() {
    Map<String, Object> inner = Map.of("h", "deep");
    for (String name : new String[] {"g", "f", "e", "d", "c", "b"}) {
      inner = Map.of(name, inner);
    }
    Map<String, Object> variables = Map.of("a", inner);
    assertThat(Template.parse("{{a.b.c.d.e.f.g.h}}").render(variables)).isEqualTo("deep");
    assertThat(Template.parse("{{a.b.c.x.e.f.g.h}}").render(variables)).isEmpty();
  }

  @Test
  void capsHugeValuesAndTheOutput() {
    String huge = "x".repeat(1_000_000);
    String one = Template.parse("{{v}}").render(Map.of("v", huge));
    assertThat(one).hasSize(Template.MAX_OUTPUT).endsWith("x…");
    assertThat(Template.parse("{{v | upper | truncate(80)}}").render(Map.of("v", huge)))
        .isEqualTo("X".repeat(79) + "…");

    String many = Template.parse("<{{v}}>".repeat(500)).render(Map.of("v", huge));
    assertThat(many).hasSize(Template.MAX_OUTPUT).startsWith("<xxx").endsWith("x…");

    // Exactly at the limit nothing is cut; one more character is.
    String exact = "y".repeat(Template.MAX_OUTPUT);
    assertThat(Template.parse("{{v}}").render(Map.of("v", exact))).isEqualTo(exact);
    assertThat(Template.parse("{{v}}!").render(Map.of("v", exact)))
        .isEqualTo("y".repeat(Template.MAX_OUTPUT - 1) + "…");
    assertThat(Template.parse("{{v}}").render(Map.of("v", exact + "z")))
        .isEqualTo("y".repeat(Template.MAX_OUTPUT - 1) + "…");
  }

  @Test
  void neverCutsASurrogatePairInHalf() {
    String face = "\uD83D\uDE00";
    String value = "a".repeat(Template.MAX_OUTPUT - 2) + face + "tail";
    assertThat(Template.parse("{{v}}").render(Map.of("v", value)))
        .isEqualTo("a".repeat(Template.MAX_OUTPUT - 2) + "…");
    assertThat(Template.parse("{{v | truncate(3)}}").render(Map.of("v", "a" + face + "b")))
        .isEqualTo("a…");
  }

  @Test
  void hostileValuesRenderAsMissingInsteadOfThrowing() {
    Object throwing = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("boom");
      }
    };
    List<Object> a = new ArrayList<>();
    List<Object> b = new ArrayList<>();
    a.add(b);
    b.add(a);
    Map<Object, Object> integerKeys = new TreeMap<>();
    integerKeys.put(1, "one");
    Map<String, Object> variables = new HashMap<>();
    variables.put("throwing", throwing);
    variables.put("cycle", a);
    variables.put("ints", integerKeys);

    Template t = Template.parse(
        "[{{throwing | default(\"?\")}}] [{{cycle}}] [{{ints.x | default(\"none\")}}]");
    assertThat(t.render(variables)).isEqualTo("[?] [] [none]");
  }

  @Test
  void numbersBeyondAnySensibleSizeStayBounded() {
    Map<String, Object> variables = Map.of(
        "huge", new BigDecimal("1e999999999"),
        "max", Double.MAX_VALUE,
        "text", "1e999");
    String out =
        Template.parse("{{huge}}|{{max | duration}}|{{text | percent}}").render(variables);
    assertThat(out).hasSizeLessThan(700).startsWith("+Inf|1797693134862315").endsWith("|+Inf%");
  }

  @Test
  void oneInstanceRendersConsistentlyFromEightThreads() throws Exception {
    Template t = Template.parse(
        "thread {{ id }} at {{ rate | percent }} on {{ labels.host | upper }} for {{ s | duration }}");
    int threads = 8;
    int rounds = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int id = i;
        results.add(pool.submit(() -> {
          Map<String, Object> variables = Map.of(
              "id", id, "rate", id / 100.0, "labels", Map.of("host", "h" + id), "s", 60 * id + 1);
          String expected = "thread " + id + " at " + id + "% on H" + id + " for "
              + (id == 0 ? "1s" : id + "m 1s");
          start.await();
          int matching = 0;
          for (int r = 0; r < rounds; r++) {
            if (t.render(variables).equals(expected)) {
              matching++;
            }
          }
          return matching;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(threads * rounds);
    } finally {
      pool.shutdownNow();
    }
  }
}
