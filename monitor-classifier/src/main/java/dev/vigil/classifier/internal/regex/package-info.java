/**
 * Internal, not API: the linear-time regular-expression engine behind regex rules.
 *
 * <p>{@link dev.vigil.classifier.internal.regex.LinearRegex} parses a pattern into a small AST,
 * builds a Thompson NFA and turns it eagerly into DFAs by subset construction, with zero-width
 * assertions resolved at transition time. Matching reads each char once through a flat
 * transition table (chars map to equivalence classes), so it runs in time linear in the input,
 * allocates nothing and is safe to share between threads.
 *
 * <p><b>Syntax</b> (a subset of java.util.regex): literals; escapes {@code \t \n \r \f \a \e
 * \0ooo \xhh \x{h..h} \cX}, <code>&#92;uhhhh</code>, escaped metacharacters and
 * {@code \Q...\E}; {@code .} (any
 * char but {@code \n}, {@code \r}, U+0085, U+2028 and U+2029); classes {@code [...]} with ranges, negation and
 * nested unions; {@code \d \D \w \W \s \S \h \H \v \V} with Java's ASCII meanings; groups
 * {@code (...) (?:...) (?<name>...)} (none captures); {@code |}; {@code * + ? {n} {n,} {n,m}}
 * and their lazy forms; {@code ^ \A} (beginning of input), {@code $ \z \Z} (end of input);
 * {@code \b \B} with word chars {@code [A-Za-z0-9_]}. Rejected with a message naming the index:
 * backreferences, lookaround, atomic groups, possessive quantifiers, inline flags, {@code \p{..}},
 * class intersection {@code &&}, {@code \G \R \X \N{..}}, stacked quantifiers like {@code a{2}{3}}.
 *
 * <p><b>Semantics.</b> {@code find} answers whether a match exists; {@code findFirst} reports
 * the leftmost match, longest at that start (not Java's leftmost-first extent). Differences from
 * java.util.regex: {@code $} and {@code \Z} match only at the very end, not before a final line
 * terminator; {@code \b} uses ASCII word chars (as Java 19+ does, not Java 17's
 * {@code isLetterOrDigit}); case-insensitive matching is per-char simple folding (chars are equal
 * when {@code toLowerCase(toUpperCase(c))} are), also for class ranges, where Java's range test
 * misses a few equivalents (e.g. {@code [J-L]} does not match the Kelvin sign in Java); whole-word
 * matching always uses the unfolded word chars; supplementary characters are two UTF-16 units
 * (not folded, not allowed in classes; {@code .} or {@code [^a]} match one unit).
 *
 * <p><b>Limits.</b> Counted repetitions up to 1000; at most 10,000 NFA states after expanding
 * them; nesting up to 100; each DFA at most 4,096 states, and the three DFAs of a regex at most
 * 262,144 table cells (1 MiB) together; subset construction stops as soon as a budget is
 * exceeded, and the pattern is rejected as too complex to run in linear time.
 */
package dev.vigil.classifier.internal.regex;
