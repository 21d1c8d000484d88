package dev.vigil.classifier.internal.regex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The regex AST the {@link Parser} produces. Groups leave no trace (nothing captures), case
 * folding is already applied to character sets, and every node is immutable.
 */
sealed interface Node {

  /** One char from {@code ranges} (see {@link CharRanges}); an empty set never matches. */
  record Chars(int[] ranges) implements Node {}

  /** The empty string. */
  record Empty() implements Node {}

  /** A zero-width assertion. */
  record Assert(Assertion kind) implements Node {}

  record Concat(List<Node> items) implements Node {}

  record Alt(List<Node> items) implements Node {}

  /** {@code min} to {@code max} copies of {@code node}; {@code max} is {@link #UNBOUNDED} for no limit. */
  record Repeat(Node node, int min, int max) implements Node {
    static final int UNBOUNDED = -1;
  }

  /** Zero-width conditions on the chars around a position; "word" means {@link CharRanges#WORD}. */
  enum Assertion {
    BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NOT_WORD_BOUNDARY, NOT_AFTER_WORD, NOT_BEFORE_WORD;

    /** The same condition seen by an automaton that reads the text backwards. */
    Assertion reversed() {
      switch (this) {
        case BEGIN_TEXT: return END_TEXT;
        case END_TEXT: return BEGIN_TEXT;
        case NOT_AFTER_WORD: return NOT_BEFORE_WORD;
        case NOT_BEFORE_WORD: return NOT_AFTER_WORD;
        default: return this;
      }
    }

    /**
     * Whether the assertion holds between a previous and a next char, given as whether each is a
     * word char, with {@code atBegin}/{@code atEnd} for the edges of the input (which count as
     * non-word).
     */
    boolean holds(boolean atBegin, boolean prevWord, boolean atEnd, boolean nextWord) {
      switch (this) {
        case BEGIN_TEXT: return atBegin;
        case END_TEXT: return atEnd;
        case WORD_BOUNDARY: return prevWord != nextWord;
        case NOT_WORD_BOUNDARY: return prevWord == nextWord;
        case NOT_AFTER_WORD: return !prevWord;
        case NOT_BEFORE_WORD: return !nextWord;
        default: throw new AssertionError(this);
      }
    }
  }

  /** The node matching the reverse of every string {@code node} matches. */
  static Node reverse(Node node) {
    if (node instanceof Concat c) {
      List<Node> items = new ArrayList<>(c.items().size());
      for (Node n : c.items()) {
        items.add(reverse(n));
      }
      Collections.reverse(items);
      return new Concat(items);
    } else if (node instanceof Alt a) {
      List<Node> items = new ArrayList<>(a.items().size());
      for (Node n : a.items()) {
        items.add(reverse(n));
      }
      return new Alt(items);
    } else if (node instanceof Repeat r) {
      return new Repeat(reverse(r.node()), r.min(), r.max());
    } else if (node instanceof Assert a) {
      return new Assert(a.kind().reversed());
    }
    return node;
  }
}
