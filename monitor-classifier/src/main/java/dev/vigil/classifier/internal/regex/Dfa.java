package dev.vigil.classifier.internal.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DFA built eagerly from an {@link Nfa} by subset construction, in flat arrays: {@code
 * delta[state + class]} is the next state, premultiplied by the class count, or {@link #DEAD}
 * (no match can follow) or {@link #MATCHED} (in stop-at-match DFAs: a match ends here).
 *
 * <p>Assertions are resolved at transition time, as in RE2: a DFA state is a set of NFA states
 * plus what is known of the previous char (at the beginning of the input, after a word char, or
 * after another char). Reading char c from a state first takes the epsilon closure with each
 * assertion evaluated against (previous, c), which also tells whether a match ends just before
 * c, then steps on c. The end of the input gets the same closure, against "end", precomputed as
 * {@link #acceptsAtEnd}. Immutable and thread-safe once built.
 */
final class Dfa {
  static final int DEAD = -1;
  static final int MATCHED = -2;

  /** Start contexts, the index into {@link #starts}. */
  static final int AFTER_OTHER = 0;
  static final int AFTER_WORD = 1;
  static final int AT_BEGIN = 2;

  final int numClasses;
  final int[] delta;
  /** One bit per cell of {@link #delta}: a match ends before that char. Null in stop-at-match DFAs. */
  private final long[] acceptBefore;
  private final boolean[] acceptAtEnd;
  /** Premultiplied start state per start context, or {@link #DEAD}. */
  final int[] starts;

  private Dfa(int numClasses, int[] delta, long[] acceptBefore, boolean[] acceptAtEnd, int[] starts) {
    this.numClasses = numClasses;
    this.delta = delta;
    this.acceptBefore = acceptBefore;
    this.acceptAtEnd = acceptAtEnd;
    this.starts = starts;
  }

  /** Whether a match ends at the end of the input when in (premultiplied) {@code state}. */
  boolean acceptsAtEnd(int state) {
    return acceptAtEnd[state / numClasses];
  }

  /** Whether a match ends before a char of class {@code cls} read in (premultiplied) {@code state}. */
  boolean acceptsBefore(int state, int cls) {
    int cell = state + cls;
    return (acceptBefore[cell >>> 6] & (1L << cell)) != 0;
  }

  int numStates() {
    return acceptAtEnd.length;
  }

  /** Limits shared by all the automata of one regex, so compiling is bounded in time and memory. */
  static final class Budget {
    /** Most states of one DFA. */
    static final int MAX_STATES = 4096;
    /** Most transition-table cells (ints) of all the DFAs of one regex together: 1 MiB. */
    static final int MAX_CELLS = 1 << 18;
    /** Most elementary steps of the subset construction of one DFA (a few hundred ms at most). */
    static final long MAX_WORK = 10_000_000L;

    int cells;
    long work;

    static RegexSyntaxException tooComplex() {
      return new RegexSyntaxException("too complex to run in linear time: its automaton "
          + "would need more than " + MAX_STATES + " states or " + MAX_CELLS + " table entries; "
          + "simplify it (fewer nested or counted repetitions, fewer alternatives) or split it "
          + "into several rules");
    }
  }

  /**
   * Builds the DFA of {@code nfa}. {@code unanchored} adds a self-loop start (a match may begin
   * anywhere); {@code stopAtMatch} turns transitions where a match ends into {@link #MATCHED}
   * instead of recording {@link #acceptsBefore}; {@code contexts} lists the start contexts needed.
   */
  static Dfa build(Nfa nfa, CharClasses classes, int[][] setClasses, boolean unanchored,
      boolean stopAtMatch, int[] contexts, Budget budget) {
    return new Builder(nfa, classes, setClasses, unanchored, stopAtMatch, budget).build(contexts);
  }

  private static final class Builder {
    private final Nfa nfa;
    private final CharClasses classes;
    private final int[][] setClasses;
    private final boolean unanchored;
    private final boolean stopAtMatch;
    private final Budget budget;
    private final int nc;
    private final int flagMask; // which of the flag bits (1: after word, 2: at begin) matter

    private final Map<Key, Integer> ids = new HashMap<>();
    private final List<int[]> kernels = new ArrayList<>();
    private final List<Integer> flags = new ArrayList<>();
    private int[] delta = new int[0];
    private long[] acceptBefore = new long[0];
    private boolean[] acceptAtEnd = new boolean[0];

    // scratch
    private final int[] mark;
    private int stamp;
    private int[] stack;
    private final int[][] buckets;
    private final int[] bucketSizes;
    private int[] closure = new int[16];
    private int closureSize;
    private boolean closureMatched;

    Builder(Nfa nfa, CharClasses classes, int[][] setClasses, boolean unanchored,
        boolean stopAtMatch, Budget budget) {
      this.nfa = nfa;
      this.classes = classes;
      this.setClasses = setClasses;
      this.unanchored = unanchored;
      this.stopAtMatch = stopAtMatch;
      this.budget = budget;
      this.nc = classes.count;
      this.flagMask = (nfa.hasWordAssertions ? 1 : 0) | (nfa.hasBeginAssertion ? 2 : 0);
      this.mark = new int[nfa.size];
      this.stack = new int[nfa.size + 1];
      this.buckets = new int[nc][4];
      this.bucketSizes = new int[nc];
    }

    Dfa build(int[] contexts) {
      budget.work = 0; // the work limit is per DFA, the cell limit for all of a regex's DFAs
      int[] startKernel = kernelOf(new int[] {nfa.start}, 1);
      int[] starts = new int[3];
      Arrays.fill(starts, DEAD);
      for (int context : contexts) {
        starts[context] = intern(startKernel, context);
      }
      for (int s = 0; s < kernels.size(); s++) {
        expand(s);
      }
      int n = kernels.size();
      boolean[] live = liveStates(n);
      for (int cell = 0; cell < n * nc; cell++) {
        int t = delta[cell];
        delta[cell] = t < 0 ? t : live[t] ? t * nc : DEAD;
      }
      for (int c = 0; c < starts.length; c++) {
        starts[c] = starts[c] < 0 || !live[starts[c]] ? DEAD : starts[c] * nc;
      }
      return new Dfa(nc, Arrays.copyOf(delta, n * nc),
          stopAtMatch ? null : Arrays.copyOf(acceptBefore, (n * nc + 63) >>> 6),
          Arrays.copyOf(acceptAtEnd, n), starts);
    }

    /** Computes the transitions of state {@code s}. */
    private void expand(int s) {
      int[] kernel = kernels.get(s);
      int flag = flags.get(s);
      boolean atBegin = (flag & 2) != 0;
      boolean afterWord = (flag & 1) != 0;
      boolean hasAssert = false;
      for (int q : kernel) {
        hasAssert |= nfa.kind[q] == Nfa.ASSERT;
      }
      // the closure depends on the next char only through whether it is a word char
      boolean split = hasAssert && nfa.hasWordAssertions;
      boolean[] matchedBefore = new boolean[2];
      for (int ctx = 0; ctx < (split ? 2 : 1); ctx++) {
        closure(kernel, atBegin, afterWord, false, ctx == 1);
        matchedBefore[ctx] = closureMatched;
        for (int i = 0; i < closureSize; i++) {
          int q = closure[i];
          for (int k : setClasses[nfa.arg[q]]) {
            if (!split || classes.isWord[k] == (ctx == 1)) {
              addToBucket(k, nfa.out[q]);
            }
          }
        }
      }
      int base = s * nc;
      for (int k = 0; k < nc; k++) {
        boolean matched = matchedBefore[split && classes.isWord[k] ? 1 : 0];
        if (matched && stopAtMatch) {
          delta[base + k] = MATCHED;
          bucketSizes[k] = 0;
          continue;
        }
        if (matched) {
          acceptBefore[(base + k) >>> 6] |= 1L << (base + k);
        }
        if (unanchored) {
          addToBucket(k, nfa.start);
        }
        int[] next = kernelOf(buckets[k], bucketSizes[k]);
        bucketSizes[k] = 0;
        // intern may grow delta: evaluate it before indexing the array
        int target = next.length == 0 ? DEAD : intern(next, classes.isWord[k] ? AFTER_WORD : AFTER_OTHER);
        delta[base + k] = target;
      }
      closure(kernel, atBegin, afterWord, true, false);
      acceptAtEnd[s] = closureMatched;
    }

    private void addToBucket(int k, int state) {
      if (bucketSizes[k] == buckets[k].length) {
        buckets[k] = Arrays.copyOf(buckets[k], bucketSizes[k] * 2);
      }
      buckets[k][bucketSizes[k]++] = state;
      budget.work++;
    }

    /**
     * The states reachable from {@code roots} through splits: the sorted CHAR, ASSERT and MATCH
     * states, which identify a DFA state (assertions wait for the next char to be resolved).
     */
    private int[] kernelOf(int[] roots, int count) {
      int n = 0;
      stamp++;
      int sp = 0;
      int[] found = closure;
      for (int i = count - 1; i >= 0; i--) {
        sp = push(roots[i], sp);
      }
      while (sp > 0) {
        int q = stack[--sp];
        if (nfa.kind[q] == Nfa.SPLIT) {
          sp = push(nfa.out2[q], push(nfa.out[q], sp));
        } else {
          if (n == found.length) {
            found = Arrays.copyOf(found, n * 2);
          }
          found[n++] = q;
        }
      }
      closure = found;
      int[] kernel = Arrays.copyOf(found, n);
      Arrays.sort(kernel);
      return kernel;
    }

    /**
     * The CHAR states reachable from {@code kernel} with each assertion evaluated in the given
     * context, into {@link #closure}; {@link #closureMatched} tells whether MATCH is reachable.
     */
    private void closure(int[] kernel, boolean atBegin, boolean afterWord, boolean atEnd, boolean nextWord) {
      closureSize = 0;
      closureMatched = false;
      stamp++;
      int sp = 0;
      for (int q : kernel) {
        sp = push(q, sp);
      }
      Node.Assertion[] assertions = Node.Assertion.values();
      while (sp > 0) {
        int q = stack[--sp];
        switch (nfa.kind[q]) {
          case Nfa.CHAR:
            if (closureSize == closure.length) {
              closure = Arrays.copyOf(closure, closureSize * 2);
            }
            closure[closureSize++] = q;
            break;
          case Nfa.SPLIT:
            sp = push(nfa.out2[q], push(nfa.out[q], sp));
            break;
          case Nfa.ASSERT:
            if (assertions[nfa.arg[q]].holds(atBegin, afterWord, atEnd, nextWord)) {
              sp = push(nfa.out[q], sp);
            }
            break;
          default:
            closureMatched = true;
        }
      }
    }

    private int push(int q, int sp) {
      if (mark[q] != stamp) {
        mark[q] = stamp;
        stack[sp++] = q;
        if (++budget.work > Budget.MAX_WORK) {
          throw Budget.tooComplex();
        }
      }
      return sp;
    }

    /** The id of the state (kernel, flag), added if new. */
    private int intern(int[] kernel, int flag) {
      boolean hasAssert = false;
      for (int q : kernel) {
        hasAssert |= nfa.kind[q] == Nfa.ASSERT;
      }
      // at the beginning, the previous char counts as a non-word char
      flag = hasAssert ? flag & flagMask : 0;
      Key key = new Key(kernel, flag);
      Integer id = ids.get(key);
      if (id != null) {
        return id;
      }
      int n = kernels.size();
      if (n == Budget.MAX_STATES || budget.cells + nc > Budget.MAX_CELLS) {
        throw Budget.tooComplex();
      }
      budget.cells += nc;
      budget.work += kernel.length;
      kernels.add(kernel);
      flags.add(flag);
      ids.put(key, n);
      if ((n + 1) * nc > delta.length) {
        int cap = Math.max(16, (n + 1) * 2);
        delta = Arrays.copyOf(delta, cap * nc);
        acceptBefore = Arrays.copyOf(acceptBefore, (cap * nc + 63) >>> 6);
        acceptAtEnd = Arrays.copyOf(acceptAtEnd, cap);
      }
      return n;
    }

    /** States from which a match can still end, found backwards from the accepting ones. */
    private boolean[] liveStates(int n) {
      int[] predCount = new int[n + 1];
      for (int cell = 0; cell < n * nc; cell++) {
        if (delta[cell] >= 0) {
          predCount[delta[cell] + 1]++;
        }
      }
      for (int i = 0; i < n; i++) {
        predCount[i + 1] += predCount[i];
      }
      int[] preds = new int[predCount[n]];
      int[] fill = Arrays.copyOf(predCount, n);
      boolean[] live = new boolean[n];
      int[] queue = new int[n];
      int tail = 0;
      for (int cell = 0; cell < n * nc; cell++) {
        int s = cell / nc;
        int t = delta[cell];
        if (t >= 0) {
          preds[fill[t]++] = s;
        }
        boolean accepts = t == MATCHED
            || (!stopAtMatch && (acceptBefore[cell >>> 6] & (1L << cell)) != 0);
        if (accepts && !live[s]) {
          live[s] = true;
          queue[tail++] = s;
        }
      }
      for (int s = 0; s < n; s++) {
        if (acceptAtEnd[s] && !live[s]) {
          live[s] = true;
          queue[tail++] = s;
        }
      }
      for (int head = 0; head < tail; head++) {
        int t = queue[head];
        for (int p = predCount[t]; p < predCount[t + 1]; p++) {
          if (!live[preds[p]]) {
            live[preds[p]] = true;
            queue[tail++] = preds[p];
          }
        }
      }
      return live;
    }
  }

  /** A DFA state's identity: its sorted NFA kernel and its context flag. */
  private static final class Key {
    final int[] kernel;
    final int flag;
    final int hash;

    Key(int[] kernel, int flag) {
      this.kernel = kernel;
      this.flag = flag;
      this.hash = Arrays.hashCode(kernel) * 31 + flag;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.flag == flag && Arrays.equals(k.kernel, kernel);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
