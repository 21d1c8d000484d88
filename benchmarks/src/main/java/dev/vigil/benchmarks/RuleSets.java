package dev.vigil.benchmarks;

import static dev.vigil.Severity.CRITICAL;
import static dev.vigil.Severity.ERROR;
import static dev.vigil.Severity.INFO;
import static dev.vigil.Severity.WARN;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import dev.vigil.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark rule sets, built deterministically.
 *
 * <ul>
 *   <li>{@code seed}: the 7-row default table of the mission's seed document 000, as literal
 *       keywords, case-insensitive; whole-word where a bare substring would misfire.
 *   <li>{@code kw1000}: 1,000 keywords in rules of 1 to 5 keywords: 150 real tokens drawn (with a
 *       fixed seed) from the corpus vocabulary among tokens found on 3 to 150 lines, 10 prefixes of
 *       them (overlapping matches), and 840 synthetic word-like keywords of 5 to 14 letters,
 *       digits, {@code _} and {@code -}; random severities and priorities, about 40% whole-word and
 *       10% case-sensitive. It depends on the corpus, so it is built from the corpus lines.
 * </ul>
 */
public final class RuleSets {

  /** The rule set names, as the benchmarks' {@code ruleSet} parameter takes them. */
  public static final List<String> NAMES = List.of("seed", "kw1000");

  static final long KW1000_SEED = 0x5EED_1000L;
  static final int KW1000_KEYWORDS = 1000;
  static final int KW1000_REAL_TOKENS = 150;
  static final int KW1000_PREFIXES = 10;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,15}(?![A-Za-z0-9_])");
  private static final List<String> CATEGORIES = List.of("system", "memory", "connection", "api",
      "database", "security", "storage", "network", "auth", "scheduler");

  private RuleSets() {}

  /** Returns the rule set {@code name} ({@code seed} or {@code kw1000}) for {@code corpus}. */
  public static RuleTable table(String name, String[] corpus) {
    switch (name) {
      case "seed":
        return RuleTable.of(name, seed());
      case "kw1000":
        return RuleTable.of(name, kw1000(corpus));
      default:
        throw new IllegalArgumentException("unknown rule set '" + name + "', expected one of " + NAMES);
    }
  }

  /** Returns the seed table of MISSION.md (000). */
  public static List<RuleSpec> seed() {
    return List.of(
        new RuleSpec("seed.system", List.of("FATAL", "unhandledException"), CRITICAL, "system", 0,
            true, true),
        new RuleSpec("seed.memory", List.of("heap out of memory"), CRITICAL, "memory", 0, false,
            true),
        new RuleSpec("seed.connection", List.of("ECONNREFUSED"), CRITICAL, "connection", 0, true,
            true),
        new RuleSpec("seed.api.5xx", List.of("500", "502", "503"), ERROR, "api", 0, true, true),
        new RuleSpec("seed.api.timeout", List.of("timeout", "ETIMEDOUT"), ERROR, "api", 0, false,
            true),
        new RuleSpec("seed.database", List.of("prisma", "database"), CRITICAL, "database", 0, false,
            true),
        new RuleSpec("seed.database.slow", List.of("slow query"), WARN, "database", 0, false,
            true));
  }

  /** Returns the kw1000 rule set drawn from {@code corpus}. */
  public static List<RuleSpec> kw1000(String[] corpus) {
    Random rnd = new Random(KW1000_SEED);
    List<String> keywords = realTokens(corpus, rnd);
    Set<String> taken = new HashSet<>();
    for (String t : keywords) {
      taken.add(Text.fold(t));
    }
    while (keywords.size() < KW1000_KEYWORDS) {
      String s = synthetic(rnd);
      if (taken.add(Text.fold(s))) {
        keywords.add(s);
      }
    }
    Collections.shuffle(keywords, rnd);

    List<RuleSpec> rules = new ArrayList<>();
    int next = 0;
    while (next < keywords.size()) {
      int size = Math.min(1 + rnd.nextInt(5), keywords.size() - next);
      List<String> kws = keywords.subList(next, next + size);
      next += size;
      rules.add(new RuleSpec(String.format(Locale.ROOT, "kw1000.r%03d", rules.size()), kws,
          severity(rnd), CATEGORIES.get(rnd.nextInt(CATEGORIES.size())), rnd.nextInt(10),
          rnd.nextInt(100) < 40, rnd.nextInt(100) >= 10));
    }
    return rules;
  }

  /**
   * Draws {@value #KW1000_REAL_TOKENS} tokens of the corpus vocabulary and
   * {@value #KW1000_PREFIXES} prefixes of them, each occurring (folded, as a substring, so whatever
   * its rule's flags) on a bounded number of lines: tokens on 3 to 150, prefixes on at most 200.
   * Candidates are sorted before being shuffled with {@code rnd}, so the draw is deterministic.
   */
  private static List<String> realTokens(String[] corpus, Random rnd) {
    Set<String> vocabulary = new TreeSet<>();
    Matcher m = TOKEN.matcher("");
    for (String line : corpus) {
      m.reset(line);
      while (m.find()) {
        // a token starts at a letter that does not continue a word
        if (m.start() == 0 || !Text.isWordChar(line.charAt(m.start() - 1))) {
          vocabulary.add(m.group());
        }
      }
    }
    // One case variant per folded token (the first in sorted order), plus its 5+ char prefixes.
    Map<String, String> byFold = new TreeMap<>();
    for (String t : vocabulary) {
      byFold.putIfAbsent(Text.fold(t), t);
      for (int len = 5; len < t.length() - 1; len++) {
        byFold.putIfAbsent(Text.fold(t.substring(0, len)), t.substring(0, len));
      }
    }
    Map<String, Integer> lines = substringLineCounts(byFold.keySet(), corpus);
    List<String> tokens = new ArrayList<>();
    for (Map.Entry<String, String> e : byFold.entrySet()) {
      int n = lines.getOrDefault(e.getKey(), 0);
      if (n >= 3 && n <= 150 && vocabulary.contains(e.getValue())) {
        tokens.add(e.getValue());
      }
    }
    if (tokens.size() < KW1000_REAL_TOKENS) {
      throw new IllegalStateException("the corpus has only " + tokens.size()
          + " tokens found on 3 to 150 lines; kw1000 needs " + KW1000_REAL_TOKENS);
    }
    Collections.shuffle(tokens, rnd);
    List<String> chosen = new ArrayList<>(tokens.subList(0, KW1000_REAL_TOKENS));
    Set<String> chosenFolded = new HashSet<>();
    for (String t : chosen) {
      chosenFolded.add(Text.fold(t));
    }
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < chosen.size() && prefixes.size() < KW1000_PREFIXES; i++) {
      String t = chosen.get(i);
      if (t.length() < 7) {
        continue;
      }
      String prefix = t.substring(0, 5 + rnd.nextInt(t.length() - 6));
      if (lines.getOrDefault(Text.fold(prefix), 0) <= 200 && chosenFolded.add(Text.fold(prefix))) {
        prefixes.add(prefix);
      }
    }
    if (prefixes.size() < KW1000_PREFIXES) {
      throw new IllegalStateException("found only " + prefixes.size() + " usable prefixes");
    }
    chosen.addAll(prefixes);
    return chosen;
  }

  /** For each folded needle, the number of corpus lines whose folded form contains it. */
  private static Map<String, Integer> substringLineCounts(Set<String> needles, String[] corpus) {
    Map<String, Integer> ids = new TreeMap<>();
    for (String n : needles) {
      ids.put(n, ids.size());
    }
    AhoCorasickDoubleArrayTrie<Integer> trie = new AhoCorasickDoubleArrayTrie<>();
    trie.build(ids);
    int[] count = new int[ids.size()];
    int[] lastLine = new int[ids.size()];
    Arrays.fill(lastLine, -1);
    for (int i = 0; i < corpus.length; i++) {
      int line = i;
      trie.parseText(Text.fold(corpus[i]), (begin, end, id) -> {
        if (lastLine[id] != line) {
          lastLine[id] = line;
          count[id]++;
        }
      });
    }
    Map<String, Integer> out = new HashMap<>();
    ids.forEach((n, id) -> out.put(n, count[id]));
    return out;
  }

  private static final String CONSONANTS = "bcdfghjklmnprstvwxz";
  private static final String VOWELS = "aeiouy";

  /** A random word-like keyword of 5 to 14 chars, sometimes with digits, _ or -. */
  private static String synthetic(Random rnd) {
    int length = 5 + rnd.nextInt(10);
    int dash = rnd.nextInt(100) < 3 ? 1 + rnd.nextInt(2) : 0; // 1: leading '-', 2: trailing '-'
    StringBuilder sb = new StringBuilder(length);
    if (dash == 1) {
      sb.append('-');
    }
    int body = dash == 2 ? length - 1 : length;
    while (sb.length() < body) {
      int kind = rnd.nextInt(100);
      if (kind < 8 && sb.length() > 0 && sb.length() < body - 1) {
        sb.append(rnd.nextBoolean() ? '_' : '-');
      } else if (kind < 16) {
        sb.append((char) ('0' + rnd.nextInt(10)));
      } else if (kind % 2 == 0) {
        sb.append(CONSONANTS.charAt(rnd.nextInt(CONSONANTS.length())));
      } else {
        sb.append(VOWELS.charAt(rnd.nextInt(VOWELS.length())));
      }
    }
    if (dash == 2) {
      sb.append('-');
    }
    String s = sb.toString();
    int style = rnd.nextInt(100);
    if (style < 15) {
      return s.toUpperCase(Locale.ROOT);
    } else if (style < 35) {
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    } else if (style < 40) {
      StringBuilder mixed = new StringBuilder(s);
      for (int i = 0; i < mixed.length(); i++) {
        if (rnd.nextBoolean()) {
          mixed.setCharAt(i, Character.toUpperCase(mixed.charAt(i)));
        }
      }
      return mixed.toString();
    }
    return s;
  }

  private static Severity severity(Random rnd) {
    int r = rnd.nextInt(100);
    return r < 20 ? INFO : r < 55 ? WARN : r < 85 ? ERROR : CRITICAL;
  }
}
