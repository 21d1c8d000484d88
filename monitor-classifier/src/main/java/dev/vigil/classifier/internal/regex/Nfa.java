package dev.vigil.classifier.internal.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Thompson NFA in flat arrays, built from an AST back to front (each node is compiled knowing
 * its successor), so concatenation needs no patching and {@code x{n,m}} costs n + (m - n)
 * copies of x. Only used while compiling, by one thread.
 */
final class Nfa {
  static final int CHAR = 0; // arg = set index, out = next
  static final int SPLIT = 1; // out and out2
  static final int ASSERT = 2; // arg = Assertion ordinal, out = next
  static final int MATCH = 3;

  /** Most states an NFA may have, which bounds the expansion of counted repetitions. */
  static final int MAX_STATES = 10_000;

  int[] kind = new int[16];
  int[] out = new int[16];
  int[] out2 = new int[16];
  int[] arg = new int[16];
  int size;
  final int start;
  /** The char sets of the CHAR states, indexed by {@code arg}. */
  final List<int[]> sets = new ArrayList<>();
  private final Map<int[], Integer> setIndex = new IdentityHashMap<>(); // repeated copies share sets
  boolean hasWordAssertions;
  boolean hasBeginAssertion;

  Nfa(Node root) {
    start = compile(root, add(MATCH, 0, -1, -1));
  }

  private int add(int k, int a, int o, int o2) {
    if (size == MAX_STATES) {
      throw new RegexSyntaxException("too large: its repetitions expand to more than "
          + MAX_STATES + " automaton states; use smaller repetition counts");
    }
    if (size == kind.length) {
      kind = Arrays.copyOf(kind, size * 2);
      out = Arrays.copyOf(out, size * 2);
      out2 = Arrays.copyOf(out2, size * 2);
      arg = Arrays.copyOf(arg, size * 2);
    }
    kind[size] = k;
    arg[size] = a;
    out[size] = o;
    out2[size] = o2;
    return size++;
  }

  /** Compiles {@code node} so that it continues to state {@code next}; returns its entry state. */
  private int compile(Node node, int next) {
    if (node instanceof Node.Chars c) {
      Integer index = setIndex.get(c.ranges());
      if (index == null) {
        index = sets.size();
        sets.add(c.ranges());
        setIndex.put(c.ranges(), index);
      }
      return add(CHAR, index, next, -1);
    } else if (node instanceof Node.Empty) {
      return next;
    } else if (node instanceof Node.Assert a) {
      Node.Assertion kind = a.kind();
      if (kind == Node.Assertion.BEGIN_TEXT) {
        hasBeginAssertion = true;
      } else if (kind != Node.Assertion.END_TEXT) {
        hasWordAssertions = true;
      }
      return add(ASSERT, kind.ordinal(), next, -1);
    } else if (node instanceof Node.Concat c) {
      List<Node> items = c.items();
      for (int i = items.size() - 1; i >= 0; i--) {
        next = compile(items.get(i), next);
      }
      return next;
    } else if (node instanceof Node.Alt a) {
      List<Node> items = a.items();
      int entry = compile(items.get(items.size() - 1), next);
      for (int i = items.size() - 2; i >= 0; i--) {
        entry = add(SPLIT, 0, compile(items.get(i), next), entry);
      }
      return entry;
    } else if (node instanceof Node.Repeat r) {
      return compileRepeat(r.node(), r.min(), r.max(), next);
    }
    throw new AssertionError(node);
  }

  private int compileRepeat(Node x, int min, int max, int next) {
    int entry;
    if (max == Node.Repeat.UNBOUNDED) {
      // a loop: split -> (x -> split) | next; x+ enters at x, x* at the split
      int loop = add(SPLIT, 0, -1, next);
      int body = compile(x, loop);
      out[loop] = body;
      entry = min == 0 ? loop : body;
      min = Math.max(min - 1, 0);
    } else {
      entry = next;
      for (int i = min; i < max; i++) { // x(x(x)?)?: optional copies nest
        entry = add(SPLIT, 0, compile(x, entry), next);
      }
    }
    for (int i = 0; i < min; i++) {
      entry = compile(x, entry);
    }
    return entry;
  }
}
