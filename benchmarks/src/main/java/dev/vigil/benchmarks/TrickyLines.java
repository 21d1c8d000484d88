package dev.vigil.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated lines that probe the semantics engines get wrong: case variants (including ſ, K, İ
 * and ı, which fold to ASCII letters), word boundaries ({@code 1500ms}, {@code _500_},
 * {@code 500.}, non-ASCII and surrogate neighbours), control chars that collide with encodings,
 * overlapping and adjacent keywords, partial keywords, and lines around the
 * {@value Text#MAX_SCAN_LENGTH}-char scan window. Deterministic for a given table and seed.
 */
public final class TrickyLines {

  private static final String[] FIXED = {
    "", " ", "500", "1500ms", "_500_", "500.", "(500)", "x500", "500x", "HTTP/1.1\" 500 1234",
    "error 5000", "-502-", "503-", "status=503,", "a500b", "5O0", "FATAL", "fatal:", "nonfatal",
    "FATALITY", "Fatal error", "[FATAL]", "\u017Flow query", "SLOW QUERY", "slow  query",
    "slow\tquery", "timeOUT", "TimeoutException", "ETIMEDOUT", "ECONNREFUSED", "econnrefused",
    "heap out of memory", "HEAP OUT OF MEMORY", "Heap Out Of Memory", "heap out of memor",
    "prisma", "PRISMA", "pri\u017Fma", "datab\u0430se", "unhandledException", "unhandledexceptions",
    "\u017F500", "\u212A500", "\u0131500", "\u0130500", "500\u017F", "\u00E9500", "500\u00E9",
    "\u00A0500\u00A0", "\uD83D\uDE00500\uD83D\uDE00", "\u0000500\u0000", "\u0001500\u0002",
    "\u0003fatal\u0001", "500\n", "\n500", "fa\u0000tal", "FA\u0130L", "t\u0131meout",
    "t\u0130meout", "\u212Aeep 503 \u212A", "\u0130\u0131\u017F\u212A",
  };

  private static final String[] NEIGHBOURS = {
    "", "", " ", " ", "_", "a", "Z", "9", ".", "-", ":", "\t", "/", "=", "\"", "\u00E9", "\u017F",
    "\u212A", "\u0131", "\u0130", "\u00A0", "\uD83D\uDE00", "\u0000", "\u0001", "\u0002", "\u0003",
    "\n", "\r", "\u00DF", "\u03C3", "\u03C2",
  };

  private TrickyLines() {}

  /** Returns the fixed lines and {@code count} random ones built from {@code table}'s keywords. */
  public static String[] generate(RuleTable table, long seed, int count) {
    Random rnd = new Random(seed);
    List<String> out = new ArrayList<>(List.of(FIXED));
    for (int i = 0; i < count; i++) {
      int kind = rnd.nextInt(100);
      if (kind < 1) {
        out.add(longLine(table, rnd));
      } else {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + rnd.nextInt(4);
        for (int p = 0; p < parts; p++) {
          sb.append(NEIGHBOURS[rnd.nextInt(NEIGHBOURS.length)]);
          sb.append(mutate(keyword(table, rnd), rnd));
          if (rnd.nextInt(4) == 0) {
            sb.append(mutate(keyword(table, rnd), rnd)); // adjacent keywords
          }
          sb.append(NEIGHBOURS[rnd.nextInt(NEIGHBOURS.length)]);
        }
        out.add(sb.toString());
      }
    }
    return out.toArray(new String[0]);
  }

  private static String keyword(RuleTable table, Random rnd) {
    return table.keyword[rnd.nextInt(table.entryCount())];
  }

  /** A case variant of {@code k}, sometimes cut short or with one char changed. */
  private static String mutate(String k, Random rnd) {
    StringBuilder sb = new StringBuilder(k.length());
    int style = rnd.nextInt(4);
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      switch (style) {
        case 0:
          break;
        case 1:
          c = Character.toUpperCase(c);
          break;
        case 2:
          c = Character.toLowerCase(c);
          break;
        default:
          List<Character> variants = Text.caseVariants(c);
          c = variants.get(rnd.nextInt(variants.size()));
          break;
      }
      sb.append(c);
    }
    int damage = rnd.nextInt(10);
    if (damage == 0 && sb.length() > 1) {
      sb.setLength(sb.length() - 1);
    } else if (damage == 1 && sb.length() > 1) {
      sb.deleteCharAt(0);
    } else if (damage == 2) {
      sb.setCharAt(rnd.nextInt(sb.length()), (char) ('a' + rnd.nextInt(26)));
    }
    return sb.toString();
  }

  /** A line of about 4,000 to 4,200 chars with a keyword near the end of the scan window. */
  private static String longLine(RuleTable table, Random rnd) {
    String k = mutate(keyword(table, rnd), rnd);
    int start = Text.MAX_SCAN_LENGTH - k.length() - 2 + rnd.nextInt(k.length() + 4);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < start) {
      sb.append(rnd.nextBoolean() ? "lorem " : "ipsum_");
    }
    sb.setLength(start);
    sb.append(k);
    sb.append(NEIGHBOURS[rnd.nextInt(NEIGHBOURS.length)]).append(rnd.nextBoolean() ? "x" : " tail");
    return sb.toString();
  }
}
