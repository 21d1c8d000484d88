package dev.vigil.classifier.internal.regex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds literal strings such that every match of a regex contains one of them, for a prefilter
 * that runs the regex only on text where one occurs. Walks the AST computing, for each node, its
 * exact language when it is a small set of strings, and otherwise the best set of required
 * factors. With case folding, strings are made of {@link CaseFolding#fold folded} chars, so the
 * prefilter must fold the text char by char. Correctness beats cleverness: when in doubt, a node
 * reports no factors.
 */
final class FactorExtractor {
  /** Most strings in a factor set (and in an exact language). */
  static final int MAX_STRINGS = 64;
  /** Shortest useful factor. */
  static final int MIN_LENGTH = 2;
  /** Classes with at most this many (folded) chars expand into alternatives. */
  static final int MAX_CLASS_CHARS = 4;
  /** Longest string kept in an exact language. */
  static final int MAX_LENGTH = 128;

  private final boolean fold;

  /** A node's exact language (null: unknown or too big) and required factors (null: none). */
  private record Info(Set<String> exact, Set<String> factors) {
    Set<String> best() {
      return better(exact, factors);
    }
  }

  private static final Info NOTHING_KNOWN = new Info(null, null);

  private FactorExtractor(boolean fold) {
    this.fold = fold;
  }

  /** The sorted required factors of {@code root}, or an empty list when there is no useful set. */
  static List<String> extract(Node root, boolean caseInsensitive) {
    Set<String> best = new FactorExtractor(caseInsensitive).info(root).best();
    if (best == null || best.isEmpty() || minLength(best) < MIN_LENGTH || best.size() > MAX_STRINGS) {
      return List.of();
    }
    List<String> list = new ArrayList<>(best);
    Collections.sort(list);
    return List.copyOf(list);
  }

  private Info info(Node node) {
    if (node instanceof Node.Empty || node instanceof Node.Assert) {
      return new Info(Set.of(""), null);
    } else if (node instanceof Node.Chars c) {
      return chars(c.ranges());
    } else if (node instanceof Node.Concat c) {
      return concat(c.items());
    } else if (node instanceof Node.Alt a) {
      return alternation(a.items());
    } else if (node instanceof Node.Repeat r) {
      return repeat(r);
    }
    throw new AssertionError(node);
  }

  private Info chars(int[] ranges) {
    if (CharRanges.size(ranges) > MAX_CLASS_CHARS * 8) {
      return NOTHING_KNOWN;
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < ranges.length; i += 2) {
      for (int c = ranges[i]; c <= ranges[i + 1]; c++) {
        keys.add(String.valueOf(fold ? CaseFolding.fold((char) c) : (char) c));
      }
    }
    return keys.size() <= MAX_CLASS_CHARS ? new Info(keys, null) : NOTHING_KNOWN;
  }

  private Info concat(List<Node> items) {
    Set<String> run = Set.of(""); // exact language of the current run of exact items
    Set<String> best = null;
    boolean allExact = true;
    for (Node item : items) {
      Info info = info(item);
      if (info.exact() != null) {
        Set<String> joined = product(run, info.exact());
        if (joined == null) { // too big: close the run, start a new one
          best = better(best, run);
          allExact = false;
          run = info.exact();
        } else {
          run = joined;
        }
      } else {
        best = better(better(best, run), info.factors());
        allExact = false;
        run = Set.of("");
      }
    }
    return allExact ? new Info(run, null) : new Info(null, better(best, run));
  }

  private Info alternation(List<Node> items) {
    Set<String> exact = new HashSet<>();
    Set<String> factors = new HashSet<>();
    for (Node item : items) {
      Info info = info(item);
      if (exact != null && info.exact() != null) {
        exact.addAll(info.exact());
      } else {
        exact = null;
      }
      Set<String> best = info.best();
      if (factors != null && best != null) {
        factors.addAll(best);
      } else if (info.exact() == null || !info.exact().isEmpty()) { // a branch that never matches needs none
        factors = null;
      }
    }
    if (exact != null && exact.size() > MAX_STRINGS) {
      exact = null;
    }
    if (factors != null && factors.size() > MAX_STRINGS) {
      factors = null;
    }
    return new Info(exact, exact != null ? null : factors);
  }

  private Info repeat(Node.Repeat r) {
    if (r.max() == 0) {
      return new Info(Set.of(""), null);
    }
    Info x = info(r.node());
    if (r.min() == 0) {
      if (r.max() == 1 && x.exact() != null && x.exact().size() < MAX_STRINGS) {
        Set<String> optional = new HashSet<>(x.exact());
        optional.add("");
        return new Info(optional, null);
      }
      return NOTHING_KNOWN;
    }
    Set<String> factors = x.best();
    if (x.exact() != null) {
      // every match starts with min copies of x
      Set<String> prefix = Set.of("");
      for (int i = 0; i < r.min() && prefix != null; i++) {
        prefix = product(prefix, x.exact());
      }
      if (prefix != null && r.min() == r.max()) {
        return new Info(prefix, null);
      }
      factors = better(factors, prefix);
    }
    return new Info(null, factors);
  }

  /** Every concatenation of a string of {@code a} and one of {@code b}; null if too many or long. */
  private static Set<String> product(Set<String> a, Set<String> b) {
    if ((long) a.size() * b.size() > MAX_STRINGS) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (String x : a) {
      for (String y : b) {
        if (x.length() + y.length() > MAX_LENGTH) {
          return null;
        }
        out.add(x + y);
      }
    }
    return out;
  }

  /** The better factor set: the longer shortest string, then fewer strings; null is worst. */
  private static Set<String> better(Set<String> a, Set<String> b) {
    if (a == null || a.isEmpty() || a.size() > MAX_STRINGS) {
      return b == null || b.isEmpty() || b.size() > MAX_STRINGS ? null : b;
    }
    if (b == null || b.isEmpty() || b.size() > MAX_STRINGS) {
      return a;
    }
    int la = minLength(a);
    int lb = minLength(b);
    if (la != lb) {
      return la > lb ? a : b;
    }
    return b.size() < a.size() ? b : a;
  }

  private static int minLength(Set<String> set) {
    int min = Integer.MAX_VALUE;
    for (String s : set) {
      min = Math.min(min, s.length());
    }
    return min;
  }
}
