package dev.vigil.classifier.internal.regex;

import dev.vigil.classifier.internal.regex.Node.Assertion;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the DFA-friendly subset of java.util.regex syntax into a {@link Node} tree, rejecting
 * everything else with a {@link RegexSyntaxException} that says what is wrong and at which index
 * of the original pattern.
 *
 * <p>Case-insensitive folding is applied here, to literal chars and to the chars and ranges of
 * classes, but not to predefined classes ({@code \w}, {@code \d}...) nor to {@code .}, as in
 * java.util.regex. A parser is used once, by one thread.
 */
final class Parser {
  /** Largest count allowed in {@code {n}}, {@code {n,}} and {@code {n,m}}. */
  static final int MAX_REPEAT = 1000;
  /** Deepest nesting of groups and classes (it bounds the recursion of every AST walk). */
  static final int MAX_NESTING = 100;

  private final String src; // the pattern with \Q...\E quoting replaced by escapes
  private final int[] at; // at[i] = index in the original pattern of src.charAt(i)
  private final boolean caseInsensitive;
  private int pos;
  private int depth;
  private int[] escapeSet; // set by parseEscape when it returns SET
  private Assertion escapeAssertion; // set by parseEscape when it returns ASSERTION

  private static final int SET = -1;
  private static final int ASSERTION = -2;

  private Parser(String pattern, boolean caseInsensitive) {
    StringBuilder sb = new StringBuilder(pattern.length());
    int[] index = new int[pattern.length() * 9 + 1];
    unquote(pattern, sb, index);
    this.src = sb.toString();
    this.at = index;
    this.caseInsensitive = caseInsensitive;
  }

  static Node parse(String pattern, boolean caseInsensitive) {
    Parser p = new Parser(pattern, caseInsensitive);
    Node node = p.parseAlternation();
    if (p.pos < p.src.length()) { // only a ')' stops the top-level alternation early
      throw p.error(p.pos, "unmatched ')'", "");
    }
    return node;
  }

  /**
   * Replaces each char quoted by {@code \Q...\E} (or {@code \Q} to the end) with an escape for
   * it, as java.util.regex does before parsing, so quoting works the same inside classes.
   */
  private static void unquote(String p, StringBuilder out, int[] index) {
    boolean quoted = false;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < p.length() && p.charAt(i + 1) == 'E') {
          quoted = false;
          i++;
          continue;
        }
        String escape = "\\x{" + Integer.toHexString(c) + "}";
        for (int k = 0; k < escape.length(); k++) {
          index[out.length()] = i;
          out.append(escape.charAt(k));
        }
      } else if (c == '\\' && i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
        quoted = true;
        i++;
      } else {
        index[out.length()] = i;
        out.append(c);
        if (c == '\\' && i + 1 < p.length()) { // keep escapes whole, so "\\Q" is not a quote
          index[out.length()] = ++i;
          out.append(p.charAt(i));
        }
      }
    }
    index[out.length()] = p.length();
  }

  private Node parseAlternation() {
    List<Node> items = new ArrayList<>();
    items.add(parseConcatenation());
    while (pos < src.length() && src.charAt(pos) == '|') {
      pos++;
      items.add(parseConcatenation());
    }
    return items.size() == 1 ? items.get(0) : new Node.Alt(items);
  }

  private Node parseConcatenation() {
    List<Node> items = new ArrayList<>();
    while (pos < src.length() && src.charAt(pos) != '|' && src.charAt(pos) != ')') {
      items.add(parseQuantifiers(parseAtom()));
    }
    return items.isEmpty() ? new Node.Empty() : items.size() == 1 ? items.get(0) : new Node.Concat(items);
  }

  private Node parseAtom() {
    char c = src.charAt(pos);
    switch (c) {
      case '(':
        return parseGroup();
      case '[':
        return new Node.Chars(parseClass());
      case '.':
        pos++;
        return new Node.Chars(CharRanges.DOT);
      case '^':
        pos++;
        return new Node.Assert(Assertion.BEGIN_TEXT);
      case '$':
        pos++;
        return new Node.Assert(Assertion.END_TEXT);
      case '*': case '+': case '?': case '{':
        throw error(pos, "quantifier '" + c + "' has nothing to repeat", "");
      case '\\': {
        int start = pos;
        int e = parseEscape(false);
        if (e == SET) {
          return new Node.Chars(escapeSet);
        } else if (e == ASSERTION) {
          return new Node.Assert(escapeAssertion);
        }
        boolean escaped = src.charAt(start + 1) == 'u' || src.charAt(start + 1) == 'x';
        return literal(e, escaped);
      }
      default:
        pos++;
        return literal(c, false);
    }
  }

  /** A literal code point; a supplementary one, or a surrogate pair, becomes two UTF-16 units. */
  private Node literal(int c, boolean escaped) {
    if (c > Character.MAX_VALUE) {
      return pair(Character.highSurrogate(c), Character.lowSurrogate(c));
    }
    if (Character.isHighSurrogate((char) c)) {
      int save = pos;
      int low = -1;
      if (!escaped && pos < src.length() && Character.isLowSurrogate(src.charAt(pos))) {
        low = src.charAt(pos++);
      } else if (escaped && (src.startsWith("\\u", pos) || src.startsWith("\\x", pos))) {
        low = parseEscape(false);
      }
      if (low >= 0 && low <= Character.MAX_VALUE && Character.isLowSurrogate((char) low)) {
        return pair((char) c, (char) low);
      }
      pos = save;
    }
    int[] set = {c, c};
    return new Node.Chars(caseInsensitive ? CaseFolding.close(set) : set);
  }

  private static Node pair(char high, char low) {
    return new Node.Concat(List.of(new Node.Chars(new int[] {high, high}), new Node.Chars(new int[] {low, low})));
  }

  private Node parseGroup() {
    int open = pos++;
    if (src.startsWith("?", pos)) {
      if (src.startsWith("?:", pos)) {
        pos += 2;
      } else if (src.startsWith("?<=", pos) || src.startsWith("?<!", pos)) {
        throw error(open, "lookbehind groups (?<=...) and (?<!...) are not supported",
            ": they cannot run in linear time");
      } else if (src.startsWith("?<", pos)) {
        pos += 2;
        int nameStart = pos;
        while (pos < src.length() && isAsciiLetterOrDigit(src.charAt(pos))) {
          pos++;
        }
        if (pos == nameStart || !isAsciiLetter(src.charAt(nameStart)) || pos >= src.length() || src.charAt(pos) != '>') {
          throw error(open, "invalid group name", ": a named group is (?<name>...) with a name of "
              + "an ASCII letter followed by ASCII letters or digits");
        }
        pos++;
      } else if (src.startsWith("?=", pos) || src.startsWith("?!", pos)) {
        throw error(open, "lookahead groups (?=...) and (?!...) are not supported",
            ": they cannot run in linear time");
      } else if (src.startsWith("?>", pos)) {
        throw error(open, "atomic groups (?>...) are not supported", ": use a plain group (...)");
      } else if (pos + 1 < src.length() && "idmsuxUc-".indexOf(src.charAt(pos + 1)) >= 0) {
        throw error(open, "inline flags like (?i) are not supported",
            ": set the rule's case sensitivity instead");
      } else {
        throw error(open, "unknown group construct '(?'", ": use (...), (?:...) or (?<name>...)");
      }
    }
    if (++depth > MAX_NESTING) {
      throw error(open, "groups and classes are nested more than " + MAX_NESTING + " deep", "");
    }
    Node inner = parseAlternation();
    depth--;
    if (pos >= src.length()) {
      throw error(open, "unclosed group", ": '(' has no matching ')'");
    }
    pos++; // ')'
    return inner;
  }

  private Node parseQuantifiers(Node atom) {
    if (pos >= src.length()) {
      return atom;
    }
    int q = pos;
    int min;
    int max;
    switch (src.charAt(pos)) {
      case '*': min = 0; max = Node.Repeat.UNBOUNDED; pos++; break;
      case '+': min = 1; max = Node.Repeat.UNBOUNDED; pos++; break;
      case '?': min = 0; max = 1; pos++; break;
      case '{': {
        pos++;
        min = parseCount(q);
        if (pos < src.length() && src.charAt(pos) == '}') {
          max = min;
        } else if (pos < src.length() && src.charAt(pos) == ',') {
          pos++;
          max = pos < src.length() && src.charAt(pos) == '}' ? Node.Repeat.UNBOUNDED : parseCount(q);
          if (pos >= src.length() || src.charAt(pos) != '}') {
            throw malformedRepetition(q);
          }
          if (max != Node.Repeat.UNBOUNDED && max < min) {
            throw error(q, "repetition " + src.substring(q, pos + 1) + " has its maximum below its minimum", "");
          }
        } else {
          throw malformedRepetition(q);
        }
        pos++; // '}'
        break;
      }
      default:
        return atom;
    }
    if (pos < src.length() && src.charAt(pos) == '?') {
      pos++; // lazy: the same set of matches, and we only report leftmost-longest
    } else if (pos < src.length() && src.charAt(pos) == '+') {
      throw error(q, "possessive quantifiers (*+, ++, ?+, {n,m}+) are not supported",
          ": use the greedy form (*, +, ?, {n,m})");
    }
    if (pos < src.length() && "*+?{".indexOf(src.charAt(pos)) >= 0) {
      throw error(pos, "quantifier '" + src.charAt(pos) + "' follows another quantifier",
          ": put the repeated part in a group, e.g. (?:a{2}){3}");
    }
    return new Node.Repeat(atom, min, max);
  }

  /** Parses the decimal count of a {@code {n,m}} repetition starting at {@code q}. */
  private int parseCount(int q) {
    int start = pos;
    long n = 0;
    while (pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '9') {
      n = Math.min(n * 10 + src.charAt(pos++) - '0', Integer.MAX_VALUE);
    }
    if (pos == start) {
      throw malformedRepetition(q);
    }
    if (n > MAX_REPEAT) {
      throw error(start, "repetition count " + src.substring(start, pos)
          + " is larger than the maximum of " + MAX_REPEAT, "");
    }
    return (int) n;
  }

  private RegexSyntaxException malformedRepetition(int q) {
    return error(q, "malformed repetition '{'",
        ": expected {n}, {n,} or {n,m}, or \\{ to match a literal '{'");
  }

  /** Parses {@code [...]} at {@code pos} into a set, folded and negated as needed. */
  private int[] parseClass() {
    int open = pos++;
    if (++depth > MAX_NESTING) {
      throw error(open, "groups and classes are nested more than " + MAX_NESTING + " deep", "");
    }
    boolean negate = pos < src.length() && src.charAt(pos) == '^';
    if (negate) {
      pos++;
    }
    CharRanges.Builder members = new CharRanges.Builder();
    for (boolean first = true; ; first = false) {
      if (pos >= src.length()) {
        throw error(open, "unclosed character class", ": '[' has no matching ']'");
      }
      char c = src.charAt(pos);
      if (c == ']' && !first) {
        pos++;
        break;
      } else if (c == '[') {
        members.addAll(parseClass());
        continue;
      } else if (c == '&' && src.startsWith("&&", pos)) {
        throw error(pos, "class intersection '&&' is not supported", ": write the resulting class out");
      }
      int start = pos;
      int lo = parseClassChar();
      if (lo == SET) {
        members.addAll(escapeSet);
        continue;
      }
      int hi = lo;
      if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']'
          && src.charAt(pos + 1) != '[') {
        pos++;
        hi = parseClassChar();
        if (hi == SET) {
          throw error(start, "invalid character range", ": a range cannot end with a predefined class like \\d");
        } else if (hi < lo) {
          throw error(start, "invalid character range " + src.substring(start, pos),
              ": its end comes before its start");
        }
      }
      if (isSurrogateOrSupplementary(lo) || isSurrogateOrSupplementary(hi)) {
        throw error(start, "supplementary and surrogate characters are not supported in a character class",
            ": they are matched as two UTF-16 units");
      }
      int[] range = {lo, hi};
      members.addAll(caseInsensitive ? CaseFolding.close(range) : range);
    }
    depth--;
    int[] set = members.build();
    return negate ? CharRanges.complement(set) : set;
  }

  /** A class member char, or {@link #SET} for a predefined class (in {@link #escapeSet}). */
  private int parseClassChar() {
    return src.charAt(pos) == '\\' ? parseEscape(true) : src.charAt(pos++);
  }

  /**
   * Parses the escape at {@code pos}: returns its code point, or {@link #SET} (the set is left in
   * {@link #escapeSet}), or {@link #ASSERTION} (left in {@link #escapeAssertion}).
   */
  private int parseEscape(boolean inClass) {
    int start = pos++;
    if (pos >= src.length()) {
      throw error(start, "unfinished escape '\\' at the end of the pattern", "");
    }
    char c = src.charAt(pos++);
    switch (c) {
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'a': return 0x07;
      case 'e': return 0x1B;
      case '0': return parseOctal(start);
      case 'x': return parseHex(start);
      case 'u': {
        int v = parseHexDigits(4, 4);
        if (v < 0) {
          throw error(start, "invalid Unicode escape", ": expected \\u followed by 4 hex digits");
        }
        return v;
      }
      case 'c':
        if (pos >= src.length()) {
          throw error(start, "invalid control escape", ": expected \\c followed by a character");
        }
        return src.charAt(pos++) ^ 64;
      case 'd': return set(CharRanges.DIGIT);
      case 'D': return set(CharRanges.complement(CharRanges.DIGIT));
      case 'w': return set(CharRanges.WORD);
      case 'W': return set(CharRanges.complement(CharRanges.WORD));
      case 's': return set(CharRanges.SPACE);
      case 'S': return set(CharRanges.complement(CharRanges.SPACE));
      case 'h': return set(CharRanges.HORIZONTAL_SPACE);
      case 'H': return set(CharRanges.complement(CharRanges.HORIZONTAL_SPACE));
      case 'v': return set(CharRanges.VERTICAL_SPACE);
      case 'V': return set(CharRanges.complement(CharRanges.VERTICAL_SPACE));
      case 'b': case 'B': case 'A': case 'z': case 'Z':
        if (inClass) {
          throw error(start, "\\" + c + " is not allowed inside a character class", "");
        }
        escapeAssertion = c == 'b' ? Assertion.WORD_BOUNDARY
            : c == 'B' ? Assertion.NOT_WORD_BOUNDARY
            : c == 'A' ? Assertion.BEGIN_TEXT
            : Assertion.END_TEXT;
        return ASSERTION;
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        throw error(start, "backreferences (\\" + c + ") are not supported", ": they cannot run in linear time");
      case 'k':
        throw error(start, "backreferences (\\k<name>) are not supported", ": they cannot run in linear time");
      case 'p': case 'P':
        throw error(start, "Unicode and POSIX classes (\\" + c + "{...}) are not supported",
            ": use an explicit class like [a-z]");
      case 'G':
        throw error(start, "\\G (end of the previous match) is not supported", "");
      case 'R':
        throw error(start, "\\R (any line break) is not supported", ": use (?:\\r\\n|[\\n\\r])");
      case 'X':
        throw error(start, "\\X (grapheme cluster) is not supported", "");
      case 'N':
        throw error(start, "named characters (\\N{...}) are not supported", ": use \\uhhhh");
      default:
        if (isAsciiLetter(c)) {
          throw error(start, "unknown escape sequence \\" + c, "");
        }
        return c; // an escaped metacharacter, or any other non-letter
    }
  }

  private int set(int[] s) {
    escapeSet = s;
    return SET;
  }

  /** After {@code \0}: 1 to 3 octal digits, the 3-digit form starting with 0 to 3. */
  private int parseOctal(int start) {
    int v = 0;
    int n = 0;
    while (n < 3 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'
        && (n < 2 || v <= 037)) {
      v = v * 8 + src.charAt(pos++) - '0';
      n++;
    }
    if (n == 0) {
      throw error(start, "invalid octal escape", ": expected \\0 followed by 1 to 3 octal digits");
    }
    return v;
  }

  /** After {@code \x}: 2 hex digits, or 1 to 6 within braces for a code point up to U+10FFFF. */
  private int parseHex(int start) {
    int v;
    if (pos < src.length() && src.charAt(pos) == '{') {
      pos++;
      v = parseHexDigits(1, 6);
      if (v < 0 || pos >= src.length() || src.charAt(pos) != '}' || v > Character.MAX_CODE_POINT) {
        throw error(start, "invalid hexadecimal escape", ": expected \\x{h...h} with a code point up to 10FFFF");
      }
      pos++;
    } else {
      v = parseHexDigits(2, 2);
      if (v < 0) {
        throw error(start, "invalid hexadecimal escape", ": expected \\xhh or \\x{h...h}");
      }
    }
    return v;
  }

  /** Reads {@code min} to {@code max} hex digits; -1 if there are fewer than {@code min}. */
  private int parseHexDigits(int min, int max) {
    int v = 0;
    int n = 0;
    while (n < max && pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0
        && src.charAt(pos) < 128) {
      v = v * 16 + Character.digit(src.charAt(pos++), 16);
      n++;
    }
    return n < min ? -1 : v;
  }

  private static boolean isSurrogateOrSupplementary(int c) {
    return c > Character.MAX_VALUE || Character.isSurrogate((char) c);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
  }

  /** "{what} at index {i}{detail}", with {@code i} the index in the original pattern. */
  private RegexSyntaxException error(int srcIndex, String what, String detail) {
    return new RegexSyntaxException(what + " at index " + at[srcIndex] + detail);
  }
}
