package dev.vigil.classifier.internal.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Generates random patterns over a small alphabet, each in our syntax and as the equivalent
 * java.util.regex pattern (where the two differ by design: {@code $}, {@code \b}, whole words),
 * together with a sampler of strings likely to match.
 */
final class RandomPatterns {
  /** Letters in both cases, digits, '_', space, '-', punctuation and tricky case-folding chars. */
  static final String ALPHABET = "aAbBkKsS01_ -.:=\nébÉß\u212A\u017F";

  private final Random random;
  private final boolean caseInsensitive;

  RandomPatterns(Random random, boolean caseInsensitive) {
    this.random = random;
    this.caseInsensitive = caseInsensitive;
  }

  /** A pattern in both syntaxes, a sampler of strings it (roughly) matches, whether it has assertions. */
  record Pat(String ours, String java, Function<Random, String> sample, boolean asserts) {
    Pat(String ours, String java, Function<Random, String> sample) {
      this(ours, java, sample, false);
    }
  }

  int javaFlags() {
    return caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
  }

  Pat pattern() {
    return alternation(0);
  }

  /** The Java pattern equivalent to our {@code wholeWord} option around {@code java}. */
  static String wholeWord(String java) {
    return "(?<!\\w)(?:" + java + ")(?!\\w)";
  }

  String text(Pat p) {
    StringBuilder sb = new StringBuilder();
    if (random.nextBoolean()) {
      sb.append(randomString(random.nextInt(4)));
      sb.append(p.sample().apply(random));
      sb.append(randomString(random.nextInt(4)));
    } else {
      sb.append(randomString(random.nextInt(14)));
    }
    return sb.toString();
  }

  private String randomString(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private Pat alternation(int depth) {
    int n = depth < 3 && random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
    if (n == 1) {
      return concatenation(depth);
    }
    List<Pat> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(concatenation(depth));
    }
    StringBuilder ours = new StringBuilder();
    StringBuilder java = new StringBuilder();
    for (int i = 0; i < n; i++) {
      ours.append(i > 0 ? "|" : "").append(items.get(i).ours());
      java.append(i > 0 ? "|" : "").append(items.get(i).java());
    }
    return new Pat(ours.toString(), java.toString(),
        r -> items.get(r.nextInt(items.size())).sample().apply(r), items.stream().anyMatch(Pat::asserts));
  }

  private Pat concatenation(int depth) {
    int n = random.nextInt(depth == 0 ? 5 : 3) + (depth == 0 ? 1 : 0);
    List<Pat> items = new ArrayList<>();
    StringBuilder ours = new StringBuilder();
    StringBuilder java = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Pat p = quantified(depth);
      items.add(p);
      ours.append(p.ours());
      java.append(p.java());
    }
    return new Pat(ours.toString(), java.toString(), r -> {
      StringBuilder sb = new StringBuilder();
      for (Pat p : items) {
        sb.append(p.sample().apply(r));
      }
      return sb.toString();
    }, items.stream().anyMatch(Pat::asserts));
  }

  private Pat quantified(int depth) {
    Pat atom = atom(depth);
    if (atom.ours().startsWith("\\b") || atom.ours().startsWith("\\B") || random.nextInt(3) != 0) {
      return atom;
    }
    // java.util.regex ends a counted loop at its first empty iteration, even below the minimum:
    // with assertions inside, (?:\\b.?){2} then misses matches. Keep the minimum at 1 there.
    int maxMin = atom.asserts() ? 2 : 3;
    int min;
    int max;
    String q;
    switch (random.nextInt(6)) {
      case 0: q = "*"; min = 0; max = 3; break;
      case 1: q = "+"; min = 1; max = 3; break;
      case 2: q = "?"; min = 0; max = 1; break;
      case 3: min = random.nextInt(maxMin); max = min; q = "{" + min + "}"; break;
      case 4: min = random.nextInt(maxMin); max = min + 2; q = "{" + min + ",}"; break;
      default: min = random.nextInt(maxMin); max = min + random.nextInt(3); q = "{" + min + "," + max + "}";
    }
    if (random.nextInt(5) == 0) {
      q += "?";
    }
    String suffix = q;
    int lo = min;
    int hi = max;
    return new Pat(atom.ours() + suffix, atom.java() + suffix, r -> {
      StringBuilder sb = new StringBuilder();
      for (int i = lo + r.nextInt(hi - lo + 1); i > 0; i--) {
        sb.append(atom.sample().apply(r));
      }
      return sb.toString();
    }, atom.asserts());
  }

  private Pat atom(int depth) {
    int choice = random.nextInt(depth < 3 ? 12 : 10);
    switch (choice) {
      case 0: case 1: case 2: {
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        String s = literal(c);
        return new Pat(s, s, r -> String.valueOf(caseVariant(c, r)));
      }
      case 3:
        return charClass();
      case 4: {
        String[] escapes = {"\\d", "\\w", "\\s", "\\D", "\\W", "\\S"};
        String e = escapes[random.nextInt(escapes.length)];
        return withMembers(e, e);
      }
      case 5:
        return withMembers(".", ".");
      case 6: {
        String[][] anchors = {
            {"^", "^"}, {"$", "\\z"}, {"\\A", "\\A"}, {"\\z", "\\z"}, {"\\Z", "\\z"},
            {"\\b", "(?:(?<=\\w)(?!\\w)|(?<!\\w)(?=\\w))"},
            {"\\B", "(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))"}};
        String[] a = anchors[random.nextInt(anchors.length)];
        return new Pat(a[0], a[1], r -> "", true);
      }
      case 7: {
        char c = "abkséK".charAt(random.nextInt(6));
        String s = random.nextBoolean() ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
        return new Pat(s, s, r -> String.valueOf(caseVariant(c, r)));
      }
      case 8: case 9: {
        String word = randomWord();
        String ours = random.nextInt(4) == 0 ? "\\Q" + word + "\\E" : word;
        return new Pat(ours, Pattern.quote(word), r -> {
          StringBuilder sb = new StringBuilder();
          for (char c : word.toCharArray()) {
            sb.append(caseVariant(c, r));
          }
          return sb.toString();
        });
      }
      default: {
        Pat inner = alternation(depth + 1);
        String[] open = {"(", "(?:", "(?<g>"};
        String o = open[random.nextInt(open.length)];
        return new Pat(o + inner.ours() + ")", "(?:" + inner.java() + ")", inner.sample(), inner.asserts());
      }
    }
  }

  private String randomWord() {
    StringBuilder sb = new StringBuilder();
    for (int n = 2 + random.nextInt(3); n > 0; n--) {
      sb.append("abkKsSé_-".charAt(random.nextInt(9)));
    }
    return sb.toString();
  }

  private char caseVariant(char c, Random r) {
    if (!caseInsensitive) {
      return c;
    }
    switch (r.nextInt(3)) {
      case 0: return Character.toUpperCase(c);
      case 1: return Character.toLowerCase(c);
      default: return c;
    }
  }

  private static String literal(char c) {
    if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
      return "\\" + c;
    }
    if (c == '\n') {
      return "\\n";
    }
    return String.valueOf(c);
  }

  private static String classLiteral(char c) {
    if ("\\^-[]&".indexOf(c) >= 0) {
      return "\\" + c;
    }
    if (c == '\n') {
      return "\\n";
    }
    return String.valueOf(c);
  }

  private Pat charClass() {
    StringBuilder sb = new StringBuilder("[");
    if (random.nextInt(3) == 0) {
      sb.append('^');
    }
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      switch (random.nextInt(4)) {
        case 0: {
          char a = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
          char b = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
          char lo = (char) Math.min(a, b);
          char hi = (char) Math.max(a, b);
          if (!caseInsensitive || javaRangeAgreesWithFolding(lo, hi)) {
            sb.append(classLiteral(lo)).append('-').append(classLiteral(hi));
            break;
          }
          sb.append(classLiteral(lo));
          break;
        }
        case 1:
          sb.append(new String[] {"\\d", "\\w", "\\s", "\\W"}[random.nextInt(4)]);
          break;
        default:
          sb.append(classLiteral(ALPHABET.charAt(random.nextInt(ALPHABET.length()))));
      }
    }
    String s = sb.append(']').toString();
    return withMembers(s, s);
  }

  /** A single-char pattern whose sampler picks an alphabet char that Java says matches it. */
  private Pat withMembers(String ours, String java) {
    Pattern p = Pattern.compile(java, javaFlags());
    StringBuilder members = new StringBuilder();
    for (char c : ALPHABET.toCharArray()) {
      if (p.matcher(String.valueOf(c)).matches()) {
        members.append(c);
      }
    }
    String m = members.toString();
    return new Pat(ours, java, r -> m.isEmpty() ? "" : String.valueOf(m.charAt(r.nextInt(m.length()))));
  }

  /**
   * Java tests a case-insensitive range by the char, its upper case and its fold, which misses
   * some fold equivalents (a documented difference): keep only ranges where that does not matter.
   */
  private boolean javaRangeAgreesWithFolding(char lo, char hi) {
    Pattern p = Pattern.compile("[\\x{" + Integer.toHexString(lo) + "}-\\x{" + Integer.toHexString(hi) + "}]", javaFlags());
    for (char c : ALPHABET.toCharArray()) {
      boolean folded = false;
      for (int x = lo; x <= hi && !folded; x++) {
        folded = CaseFolding.fold((char) x) == CaseFolding.fold(c);
      }
      if (folded != p.matcher(String.valueOf(c)).matches()) {
        return false;
      }
    }
    return true;
  }
}
