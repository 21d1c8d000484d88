/**
 * Internal, not API: the linear-time regular-expression engine behind regex rules.
 *
 * <p>{@link dev.vigil.classifier.internal.regex.LinearRegex} parses a pattern into a small AST,
 * builds a Thompson NFA and turns it eagerly into DFAs by subset construction, resolving
 * zero-width assertions at transition time. Matching reads each char once through a flat
 * transition table (chars map to equivalence classes), so it takes time linear in the input,
 * allocates nothing, and a compiled regex is shared by all threads. There is no backtracking.
 *
 * <p><b>Syntax</b>, a subset of java.util.regex: literals; escapes {@code \t \n \r \f \a \e},
 * {@code \0ooo}, {@code \xhh}, {@code \x{h..h}}, <code>&#92;uhhhh</code>, {@code \cX}, escaped
 * metacharacters, {@code \Q...\E}; {@code .} (any char but {@code \n}, {@code \r}, U+0085,
 * U+2028, U+2029); classes {@code [...]} with ranges, negation and nested unions; {@code \d \D
 * \w \W \s \S \h \H \v \V} with Java's ASCII meanings; groups {@code (...)}, {@code (?:...)},
 * {@code (?<name>...)} (none captures); {@code |}; {@code * + ? {n} {n,} {n,m}} and their lazy
 * forms; {@code ^ \A} (beginning of input); {@code $ \z \Z} (end of input); {@code \b \B} with
 * word chars {@code [A-Za-z0-9_]}. Rejected, with a message giving the index: backreferences,
 * lookahead and lookbehind, atomic groups, possessive quantifiers, inline flags such as
 * {@code (?i)}, {@code \p{...}}, class intersection {@code &&}, {@code \G \R \X \N{...}},
 * stacked quantifiers such as {@code a{2}{3}}, supplementary chars inside classes.
 *
 * <p><b>Semantics.</b> {@code find} says whether a match exists; {@code findFirst} gives the
 * leftmost match, longest at that start (java.util.regex gives the leftmost-first extent). Other
 * differences from java.util.regex: {@code $} and {@code \Z} match only at the very end, never
 * before a final line terminator; {@code \b} uses ASCII word chars (as Java 19+, unlike Java 17's
 * {@code isLetterOrDigit}); case-insensitive matching is per-char simple folding (chars are equal
 * when their {@code toLowerCase(toUpperCase(c))} are) everywhere, where Java's single chars and
 * class ranges miss a few equivalents (Java's {@code [J-L]} does not match the Kelvin sign, its
 * lone {@code ß} not U+1E9E); whole-word matching uses the unfolded word chars; supplementary
 * characters are two UTF-16 units, not case-folded ({@code .} or {@code [^a]} match one unit);
 * {@code x{n}} is exactly n copies of x, where Java ends a loop at its first empty iteration (so
 * Java finds no {@code ^(?:\b\w?){2}b} in "ab").
 *
 * <p><b>Limits.</b> Counts in {@code {n,m}} up to 1,000; 10,000 NFA states after expanding
 * them; nesting 100 deep; 4,096 states per DFA and 262,144 transition cells (1 MiB) for the
 * DFAs of one regex together; a bounded amount of subset-construction work per DFA. Compiling
 * stops as soon as a limit is hit and rejects the pattern as too complex to run in linear time.
 */
package dev.vigil.classifier.internal.regex;
