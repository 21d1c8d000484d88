package dev.vigil.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonReaderTest {

  static Object parse(String text) throws JsonException {
    return JsonReader.parse(text, 64);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    assertThat(value).isInstanceOf(LinkedHashMap.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> array(Object value) {
    assertThat(value).isInstanceOf(ArrayList.class);
    return (List<Object>) value;
  }

  @Test
  void readsObjectsInDocumentOrderWithEveryKindOfValue() throws JsonException {
    Object v = parse(" {\"z\":1, \"a\" : [true,false,null,\"s\",-2.5,{}], \"m\":{\"k\":[]}}\r\n\t");
    Map<String, Object> map = object(v);
    assertThat(map.keySet()).containsExactly("z", "a", "m");
    assertThat(map.get("z")).isEqualTo(1L);
    assertThat(array(map.get("a"))).containsExactly(
        Boolean.TRUE, Boolean.FALSE, JsonReader.NULL, "s", -2.5, Map.of());
    assertThat(map.get("m")).isEqualTo(Map.of("k", List.of()));
    assertThat(parse("[]")).isInstanceOf(ArrayList.class).isEqualTo(List.of());
  }

  @Test
  void nullIsASentinelSoAbsentAndNullKeysDiffer() throws JsonException {
    assertThat(parse("null")).isSameAs(JsonReader.NULL).hasToString("null");
    Map<?, ?> map = (Map<?, ?>) parse("{\"a\":null}");
    assertThat(map.get("a")).isSameAs(JsonReader.NULL);
    assertThat(map.get("b")).isNull();
  }

  @Test
  void theLastDuplicateKeyWinsAtTheFirstPosition() throws JsonException {
    Map<String, Object> map = object(parse("{\"a\":1,\"b\":2,\"a\":3}"));
    assertThat(map.keySet()).containsExactly("a", "b");
    assertThat(map.get("a")).isEqualTo(3L);
  }

  @Test
  void acceptsAnyCharSequence() throws JsonException {
    assertThat(JsonReader.parse(new StringBuilder("[\"x\"]"), 1)).isEqualTo(List.of("x"));
  }

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("0", 0L),
        Arguments.of("-0", 0L),
        Arguments.of("-0.0", -0.0),
        Arguments.of("42", 42L),
        Arguments.of("-17", -17L),
        Arguments.of("9223372036854775807", Long.MAX_VALUE),
        Arguments.of("-9223372036854775808", Long.MIN_VALUE),
        Arguments.of("9223372036854775808", 9.223372036854775808E18),
        Arguments.of("-9223372036854775809", -9.223372036854775809E18),
        Arguments.of("12345678901234567890123", 1.2345678901234567890123E22),
        Arguments.of("1.5", 1.5),
        Arguments.of("1E2", 100.0),
        Arguments.of("1e+2", 100.0),
        Arguments.of("25e-1", 2.5),
        Arguments.of("0.000001", 1e-6),
        Arguments.of("1e308", 1e308),
        Arguments.of("-1.7976931348623157e308", -Double.MAX_VALUE),
        Arguments.of("1e-400", 0.0),
        Arguments.of("4.9e-324", Double.MIN_VALUE));
  }

  @ParameterizedTest
  @MethodSource
  void numbers(String text, Object expected) throws JsonException {
    Object v = parse(text);
    assertThat(v).isEqualTo(expected); // Double.equals tells -0.0 from 0.0
    assertThat(parse("[" + text + "]")).isEqualTo(List.of(expected));
  }

  static Stream<Arguments> strings() {
    return Stream.of(
        Arguments.of("\"\"", ""),
        Arguments.of("\"plain\"", "plain"),
        Arguments.of("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t"),
        Arguments.of("\"caf\\u00e9 \\u00C9\"", "café É"),
        Arguments.of("\"\\u0000\"", "\u0000"),
        Arguments.of("\"a\\ud83d\\ude00b\"", "a😀b"), // escaped pair: one code point
        Arguments.of("\"\\ud83d\"", "\ud83d"), // lone high surrogate kept
        Arguments.of("\"x\\ude00\"", "x\ude00"), // lone low surrogate kept
        Arguments.of("\"\\ude00\\ud83d\"", "\ude00\ud83d"), // reversed pair kept as two units
        Arguments.of("\"raw 😀 é \ud83d\"", "raw 😀 é \ud83d"), // unescaped text as it is
        Arguments.of("\"\u007f\u2028\"", "\u007f\u2028")); // only U+0000..U+001F must be escaped
  }

  @ParameterizedTest
  @MethodSource
  void strings(String text, String expected) throws JsonException {
    assertThat(parse(text)).isEqualTo(expected);
    assertThat(parse("{" + text + ":1}")).isEqualTo(Map.of(expected, 1L));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        // empty and truncated input
        Arguments.of("", "expected a value but the input ended at column 1"),
        Arguments.of("  \n ", "expected a value but the input ended at line 2, column 2"),
        Arguments.of("[", "expected a value but the input ended at column 2"),
        Arguments.of("{", "expected a string key in double quotes but the input ended at column 2"),
        Arguments.of("{\"a\"", "expected ':' after object key but the input ended at column 5"),
        Arguments.of("{\"a\":", "expected a value but the input ended at column 6"),
        Arguments.of("[1",
            "expected ',' or ']' after an array element but the input ended at column 3"),
        Arguments.of("{\"a\":1",
            "expected ',' or '}' after an object member but the input ended at column 7"),
        Arguments.of("\"abc", "unterminated string starting at column 1"),
        Arguments.of("[\"a\\\"]", "unterminated string starting at column 2"),
        Arguments.of("\"ab\\", "unterminated string starting at column 1"),
        // structure
        Arguments.of("{\"a\" 1}", "expected ':' after object key but found '1' at column 6"),
        Arguments.of("{\"level\":\"info\",\"msg\"=\"x\"}",
            "expected ':' after object key but found '=' at column 22"),
        Arguments.of("[1 2]",
            "expected ',' or ']' after an array element but found '2' at column 4"),
        Arguments.of("{\"a\":1 \"b\":2}",
            "expected ',' or '}' after an object member but found '\"' at column 8"),
        Arguments.of("[1}", "expected ',' or ']' after an array element but found '}' at column 3"),
        Arguments.of("{\"a\":1]",
            "expected ',' or '}' after an object member but found ']' at column 7"),
        Arguments.of("[1,,2]", "expected a value but found ',' at column 4"),
        Arguments.of("[,]", "expected a value but found ',' at column 2"),
        Arguments.of("{,}", "expected a string key in double quotes but found ',' at column 2"),
        Arguments.of("{a:1}", "expected a string key in double quotes but found 'a' at column 2"),
        Arguments.of("{1:1}", "expected a string key in double quotes but found '1' at column 2"),
        Arguments.of("]", "expected a value but found ']' at column 1"),
        Arguments.of("[1]]", "unexpected ']' after the JSON value at column 4"),
        Arguments.of("1 2", "unexpected '2' after the JSON value at column 3"),
        Arguments.of("{}x", "unexpected 'x' after the JSON value at column 3"),
        Arguments.of("{\n  \"a\" 1\n}",
            "expected ':' after object key but found '1' at line 2, column 7"),
        // trailing commas
        Arguments.of("[1,]", "trailing comma before ']' at column 4"),
        Arguments.of("[1, \n ]", "trailing comma before ']' at line 2, column 2"),
        Arguments.of("{\"a\":1,}", "trailing comma before '}' at column 8"),
        // comments
        Arguments.of("// c\n1", "comments are not allowed at column 1"),
        Arguments.of("[1 /* c */]", "comments are not allowed at column 4"),
        Arguments.of("{/* c */}", "comments are not allowed at column 2"),
        Arguments.of("1 // c", "comments are not allowed at column 3"),
        Arguments.of("/", "expected a value but found '/' at column 1"),
        // quotes and literals
        Arguments.of("{'a':1}",
            "single quotes are not allowed, expected a key in double quotes at column 2"),
        Arguments.of("['a']",
            "single quotes are not allowed, strings use double quotes at column 2"),
        Arguments.of("tru", "invalid literal, expected 'true' at column 1"),
        Arguments.of("[fals]", "invalid literal, expected 'false' at column 2"),
        Arguments.of("nul", "invalid literal, expected 'null' at column 1"),
        Arguments.of("True", "expected a value but found 'T' at column 1"),
        Arguments.of("None", "expected a value but found 'N' at column 1"),
        Arguments.of("undefined", "expected a value but found 'u' at column 1"),
        Arguments.of("truex", "unexpected 'x' after the JSON value at column 5"),
        // numbers
        Arguments.of("NaN", "NaN is not allowed in JSON at column 1"),
        Arguments.of("[Infinity]", "Infinity is not allowed in JSON at column 2"),
        Arguments.of("-Infinity", "Infinity is not allowed in JSON at column 1"),
        Arguments.of("01", "leading zeros are not allowed in numbers at column 1"),
        Arguments.of("[-012]", "leading zeros are not allowed in numbers at column 3"),
        Arguments.of("00", "leading zeros are not allowed in numbers at column 1"),
        Arguments.of("+1", "a number must not start with '+' at column 1"),
        Arguments.of("-", "expected a digit after '-' but the input ended at column 2"),
        Arguments.of("-a", "expected a digit after '-' but found 'a' at column 2"),
        Arguments.of("1.",
            "expected a digit after the decimal point but the input ended at column 3"),
        Arguments.of("1.e5", "expected a digit after the decimal point but found 'e' at column 3"),
        Arguments.of(".5", "expected a value but found '.' at column 1"),
        Arguments.of("1e", "expected a digit in the exponent but the input ended at column 3"),
        Arguments.of("1e+x", "expected a digit in the exponent but found 'x' at column 4"),
        Arguments.of("0x1F", "unexpected 'x' after the JSON value at column 2"),
        Arguments.of("1e309", "number out of range, beyond ±1.7976931348623157E308 at column 1"),
        Arguments.of("[-1e309]", "number out of range, beyond ±1.7976931348623157E308 at column 2"),
        // strings
        Arguments.of("\"a\tb\"",
            "control character U+0009 must be escaped in a string at column 3"),
        Arguments.of("\"a\nb\"",
            "control character U+000A must be escaped in a string at column 3"),
        Arguments.of("\"\\n\u0000\"",
            "control character U+0000 must be escaped in a string at column 4"),
        Arguments.of("\"\\x\"", "invalid escape '\\x' in a string at column 2"),
        Arguments.of("\"\\'\"", "invalid escape '\\'' in a string at column 2"),
        Arguments.of("\"\\\u00e9\"", "invalid escape '\\U+00E9' in a string at column 2"),
        Arguments.of("\"ab\\u12G4\"", "invalid \\u escape, expected four hex digits at column 4"),
        Arguments.of("\"\\u12\"", "invalid \\u escape, expected four hex digits at column 2"),
        Arguments.of("\"\\u12", "invalid \\u escape, expected four hex digits at column 2"),
        Arguments.of("\"\\u\uff11\uff12\uff13\uff14\"", // fullwidth digits are not hex digits
            "invalid \\u escape, expected four hex digits at column 2"),
        // what is not whitespace
        Arguments.of("\uFEFF{}", "expected a value but found U+FEFF at column 1"),
        Arguments.of("[\u00a01]", "expected a value but found U+00A0 at column 2"),
        Arguments.of("\f1", "expected a value but found U+000C at column 1"));
  }

  @ParameterizedTest
  @MethodSource
  void errors(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(JsonException.class)
        .hasMessage(message)
        .hasNoCause();
  }

  @Test
  void errorsKnowTheirOffsetAndCarryNoStackTrace() {
    JsonException e = catchThrowableOfType(JsonException.class, () -> parse("{\"a\":1,}"));
    assertThat(e.offset()).isEqualTo(7);
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void nestingDeeperThanTheLimitIsRejectedNamingIt() throws JsonException {
    assertThat(JsonReader.parse("\"scalar\"", 0)).isEqualTo("scalar");
    assertThatThrownBy(() -> JsonReader.parse("[]", 0))
        .hasMessage("nesting deeper than the limit of 0 arrays and objects at column 1");
    assertThat(JsonReader.parse("[{\"a\":[]}]", 3)).isEqualTo(List.of(Map.of("a", List.of())));
    assertThatThrownBy(() -> JsonReader.parse("[{\"a\":[[]]}]", 3))
        .hasMessage("nesting deeper than the limit of 3 arrays and objects at column 8");

    String deep = "[".repeat(10_000);
    assertThatThrownBy(() -> JsonReader.parse(deep, 64))
        .isInstanceOf(JsonException.class)
        .hasMessage("nesting deeper than the limit of 64 arrays and objects at column 65");
    assertThat(JsonReader.parse("[".repeat(64) + "]".repeat(64), 64)).isInstanceOf(List.class);
  }

  @Test
  void anyDepthIsSafeBecauseTheParserUsesNoStack() throws JsonException {
    int n = 100_000;
    Object v = JsonReader.parse("[".repeat(n) + "]".repeat(n), Integer.MAX_VALUE);
    int depth = 0;
    while (v instanceof List && !((List<?>) v).isEmpty()) {
      v = ((List<?>) v).get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(n - 1);
    String objects = "{\"a\":".repeat(n) + "1" + "}".repeat(n);
    assertThat(JsonReader.parse(objects, Integer.MAX_VALUE)).isInstanceOf(Map.class);
    assertThatThrownBy(() -> JsonReader.parse("[".repeat(n), Integer.MAX_VALUE))
        .hasMessage("expected a value but the input ended at column " + (n + 1));
  }

  @Test
  void rejectsANegativeDepthLimit() {
    assertThatThrownBy(() -> JsonReader.parse("1", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be at least 0, was -1");
    assertThatThrownBy(() -> JsonReader.parse(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @Test
  void hugeInputsTakeLinearTime() {
    int mb10 = 10 << 20;
    int mb2 = 2 << 20;
    // a quadratic step anywhere would take hours on these, not a second; the timeout only stops
    // such a run, generously, as the machine may be busy
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      String plain = "\"" + "a".repeat(mb10) + "\"";
      assertThat((String) parse(plain)).hasSize(mb10);
      String escaped = "\"" + "\\n\\u00e9".repeat(mb10 / 8) + "\"";
      assertThat((String) parse(escaped)).hasSize(mb10 / 8 * 2);
      String array = "[" + "1,".repeat(mb10 / 2) + "1]";
      assertThat(array(parse(array))).hasSize(mb10 / 2 + 1);
      String object = "{" + "\"k\":1,".repeat(mb2 / 6) + "\"k\":2}";
      assertThat(object(parse(object))).containsExactly(Map.entry("k", 2L));
      assertThat(parse("0." + "3".repeat(mb2))).isEqualTo(0.3333333333333333);
      assertThat(parse("1" + "0".repeat(100) + "e-100")).isEqualTo(1.0);
      assertThatThrownBy(() -> parse("9".repeat(mb2))).hasMessageStartingWith("number out of");
      assertThatThrownBy(() -> parse("[" + "1,".repeat(mb2 / 2) + "\n,"))
          .hasMessage("expected a value but found ',' at line 2, column 1");
    });
  }

  /** Valid JSON of random shapes, written by a simple writer, reads back as the same values. */
  @Test
  void randomValuesRoundTrip() throws JsonException {
    Random random = new Random(20261121);
    for (int i = 0; i < 2_000; i++) {
      Object value = randomValue(random, 0);
      String text = write(value, random);
      assertThat(parse(text)).as(text).isEqualTo(value);
    }
  }

  /** Corrupted JSON either parses or fails with a JsonException, never anything else. */
  @Test
  void corruptedInputFailsOnlyWithJsonException() {
    Random random = new Random(8259);
    String alphabet = "{}[]:,\"\\/ \n0123456789-+.eEtrufalsn\u0000\ud83d";
    int failures = 0;
    for (int i = 0; i < 5_000; i++) {
      StringBuilder sb = new StringBuilder(write(randomValue(random, 0), random));
      for (int k = random.nextInt(3) + 1; k > 0 && sb.length() > 0; k--) {
        int at = random.nextInt(sb.length());
        switch (random.nextInt(3)) {
          case 0:
            sb.deleteCharAt(at);
            break;
          case 1:
            sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            break;
          default:
            sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try {
        JsonReader.parse(sb, 64);
      } catch (JsonException e) {
        assertThat(e.offset()).isBetween(0, sb.length());
        assertThat(e.getMessage()).containsPattern(" at (line \\d+, )?column \\d+$");
        failures++;
      }
    }
    assertThat(failures).isGreaterThan(2_500);
  }

  private static Object randomValue(Random random, int depth) {
    switch (random.nextInt(depth < 4 ? 8 : 6)) {
      case 0:
        return JsonReader.NULL;
      case 1:
        return random.nextBoolean();
      case 2:
        return random.nextBoolean() ? (long) random.nextInt() : random.nextLong();
      case 3:
        double d = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        return d == Math.rint(d) ? d + 0.5 : d; // a Double must not look like an integer
      case 4:
      case 5:
        return randomString(random);
      case 6:
        List<Object> list = new ArrayList<>();
        for (int n = random.nextInt(5); n > 0; n--) {
          list.add(randomValue(random, depth + 1));
        }
        return list;
      default:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int n = random.nextInt(5); n > 0; n--) {
          map.put(randomString(random), randomValue(random, depth + 1));
        }
        return map;
    }
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int n = random.nextInt(8); n > 0; n--) {
      sb.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x10000)));
    }
    return sb.toString();
  }

  /** A JSON writer independent of the reader, with random whitespace and escapes. */
  private static String write(Object value, Random random) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, random);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value, Random random) {
    String ws = random.nextInt(4) == 0 ? " \t\r\n".substring(random.nextInt(4)) : "";
    sb.append(ws);
    if (value instanceof String) {
      sb.append('"');
      for (char c : ((String) value).toCharArray()) {
        if (c < 0x20 || c == '"' || c == '\\' || random.nextInt(10) == 0) {
          sb.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    } else if (value instanceof List) {
      sb.append('[');
      String sep = "";
      for (Object e : (List<?>) value) {
        sb.append(sep);
        write(sb, e, random);
        sep = ",";
      }
      sb.append(ws).append(']');
    } else if (value instanceof Map) {
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        sb.append(sep);
        write(sb, e.getKey(), random);
        sb.append(ws).append(':');
        write(sb, e.getValue(), random);
        sep = ",";
      }
      sb.append('}');
    } else {
      sb.append(value); // Long, Double (Java's toString is valid JSON), Boolean, NULL
    }
    sb.append(ws);
  }
}
