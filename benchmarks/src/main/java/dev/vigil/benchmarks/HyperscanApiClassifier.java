package dev.vigil.benchmarks;

import com.gliwka.hyperscan.wrapper.CompileErrorException;
import com.gliwka.hyperscan.wrapper.Database;
import com.gliwka.hyperscan.wrapper.Expression;
import com.gliwka.hyperscan.wrapper.ExpressionFlag;
import com.gliwka.hyperscan.wrapper.Match;
import com.gliwka.hyperscan.wrapper.Scanner;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Hyperscan through hyperscan-java's high-level API: {@code Database.compile(List<Expression>)},
 * one {@link Scanner} with its scratch space, {@code Scanner.scan(Database, String)} per line. That
 * API encodes the string to UTF-8, copies it to native memory and returns a list of
 * {@link Match}es, allocating per call, as any user of it would. Patterns and encoding are
 * {@link HyperscanPatterns}'s; a line that needs no recoding (pure ASCII, no control sentinel) is
 * passed as is. Not thread-safe (one scanner per thread); {@link #close()} frees native memory.
 */
public final class HyperscanApiClassifier implements LineClassifier, AutoCloseable {

  private final HyperscanPatterns patterns;
  private final Database database;
  private final Scanner scanner;
  private final char[] chars = new char[Text.MAX_SCAN_LENGTH];

  /** Compiles {@code table}'s keywords into a Hyperscan database. */
  public HyperscanApiClassifier(RuleTable table) {
    patterns = new HyperscanPatterns(table);
    List<Expression> expressions = new ArrayList<>();
    for (int e = 0; e < patterns.expressions.length; e++) {
      EnumSet<ExpressionFlag> flags = EnumSet.of(ExpressionFlag.SINGLEMATCH);
      if (patterns.caseless[e]) {
        flags.add(ExpressionFlag.CASELESS);
      }
      expressions.add(new Expression(patterns.expressions[e], flags, e));
    }
    try {
      database = Database.compile(expressions);
    } catch (CompileErrorException e) {
      throw new IllegalArgumentException("Hyperscan rejected " + e.getFailedExpression() + ": "
          + e.getMessage(), e);
    }
    scanner = new Scanner();
    scanner.allocScratch(database);
  }

  @Override
  public int classify(String line) {
    int limit = Text.scanLength(line);
    String text = limit == line.length() ? line : line.substring(0, limit);
    for (int i = 0; i < limit; i++) {
      if (HyperscanPatterns.isRecoded(line.charAt(i))) {
        text = recode(line, limit);
        break;
      }
    }
    int best = Integer.MAX_VALUE;
    for (Match m : scanner.scan(database, text)) {
      best = Math.min(best, patterns.rankOfId[m.getMatchedExpression().getId()]);
    }
    return best == Integer.MAX_VALUE ? -1 : patterns.ruleOfRank[best];
  }

  private String recode(String line, int limit) {
    for (int i = 0; i < limit; i++) {
      chars[i] = (char) HyperscanPatterns.encode(line.charAt(i));
    }
    return new String(chars, 0, limit);
  }

  @Override
  public void close() {
    scanner.close();
    database.close();
  }
}
