package dev.vigil.classifier;

import dev.vigil.Classification;
import dev.vigil.LogLevel;
import dev.vigil.Severity;
import dev.vigil.classifier.internal.regex.LinearRegex;
import dev.vigil.classifier.internal.regex.RegexSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One classification rule: what to look for in a log line, which conditions the event must meet,
 * and the {@link Classification} it gives.
 *
 * <p>A rule looks for either any of a list of keywords (literal text) or one regular expression.
 * Matching ignores case by default, using simple per-character Unicode case folding: two
 * characters are equal when {@code Character.toLowerCase(Character.toUpperCase(c))} is. With
 * {@link Builder#wholeWord(boolean) whole-word} matching, the characters just before and just
 * after the match must not be word characters {@code [A-Za-z0-9_]} (the start and end of the line
 * count as non-word characters).
 *
 * <p>Optional conditions on the event: its own log level at least and/or at most a level, its
 * logger name under a prefix, its source. A condition on something unknown is not met: a rule with
 * {@code levelAtLeast(ERROR)} never matches a line whose level is unknown.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #keywords} or {@link #regex},
 * or load them with {@link RulePack}.
 */
public final class Rule {

  static final int MAX_KEYWORD_LENGTH = 256;
  static final int MAX_REGEX_LENGTH = 1024;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final String id;
  private final List<String> keywords;
  private final String regex;
  private final LinearRegex compiledRegex;
  private final List<String> factors;
  private final boolean caseSensitive;
  private final boolean wholeWord;
  private final Severity severity;
  private final String category;
  private final int priority;
  private final LogLevel levelAtLeast;
  private final LogLevel levelAtMost;
  private final String loggerPrefix;
  private final String source;
  private final String description;
  private final Classification classification;

  private Rule(Builder b, LinearRegex compiledRegex) {
    this.id = b.id;
    this.keywords = List.copyOf(b.keywords);
    this.regex = b.regex;
    this.compiledRegex = compiledRegex;
    this.factors = List.copyOf(b.factors);
    this.caseSensitive = b.caseSensitive;
    this.wholeWord = b.wholeWord;
    this.severity = b.severity;
    this.category = b.category;
    this.priority = b.priority;
    this.levelAtLeast = b.levelAtLeast;
    this.levelAtMost = b.levelAtMost;
    this.loggerPrefix = b.loggerPrefix;
    this.source = b.source;
    this.description = b.description;
    this.classification = Classification.of(id, severity, category);
  }

  /** Starts a rule that matches when any of {@code keywords} occurs in the line. */
  public static Builder keywords(String id, String... keywords) {
    Builder b = new Builder(id);
    b.keywords.addAll(Arrays.asList(keywords));
    b.literal = true;
    return b;
  }

  /**
   * Starts a rule that matches when {@code regex} finds a match in the line. The regular
   * expression uses {@code java.util.regex} syntax without backreferences and lookaround, and runs
   * in time linear in the length of the line whatever the pattern.
   */
  public static Builder regex(String id, String regex) {
    Builder b = new Builder(id);
    b.regex = regex;
    return b;
  }

  /** Returns a builder initialized with this rule's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.literal = regex == null;
    b.keywords.addAll(keywords);
    b.regex = regex;
    b.factors.addAll(factors);
    b.caseSensitive = caseSensitive;
    b.wholeWord = wholeWord;
    b.severity = severity;
    b.category = category;
    b.priority = priority;
    b.levelAtLeast = levelAtLeast;
    b.levelAtMost = levelAtMost;
    b.loggerPrefix = loggerPrefix;
    b.source = source;
    b.description = description;
    return b;
  }

  /** Returns the rule's id, unique within a classifier. */
  public String id() {
    return id;
  }

  /** Returns the keywords of a keyword rule, or an empty list for a regex rule. */
  public List<String> keywords() {
    return keywords;
  }

  /** Returns the regular expression of a regex rule, or empty for a keyword rule. */
  public Optional<String> regex() {
    return Optional.ofNullable(regex);
  }

  /**
   * Returns the declared literal factors of a regex rule: strings one of which occurs in every
   * match, so that the regular expression only runs on lines containing one of them. Empty when
   * they are extracted from the regular expression itself.
   */
  public List<String> factors() {
    return factors;
  }

  /** Returns whether matching respects case; by default it does not. */
  public boolean caseSensitive() {
    return caseSensitive;
  }

  /** Returns whether a match needs non-word characters (or the line's ends) around it. */
  public boolean wholeWord() {
    return wholeWord;
  }

  /** Returns the severity this rule gives. */
  public Severity severity() {
    return severity;
  }

  /** Returns the category this rule gives, such as {@code database}. */
  public String category() {
    return category;
  }

  /** Returns the priority that breaks ties between matching rules of equal severity (higher wins). */
  public int priority() {
    return priority;
  }

  /** Returns the lowest level an event may have been logged at to match, if limited. */
  public Optional<LogLevel> levelAtLeast() {
    return Optional.ofNullable(levelAtLeast);
  }

  /** Returns the highest level an event may have been logged at to match, if limited. */
  public Optional<LogLevel> levelAtMost() {
    return Optional.ofNullable(levelAtMost);
  }

  /** Returns the prefix an event's logger name must start with to match, if limited. */
  public Optional<String> loggerPrefix() {
    return Optional.ofNullable(loggerPrefix);
  }

  /** Returns the source (service) an event must come from to match, if limited. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** Returns what the rule is for, as documentation, or empty. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** Returns the constant classification this rule gives. */
  public Classification classification() {
    return classification;
  }

  LinearRegex compiledRegex() {
    return compiledRegex;
  }

  LogLevel minLevel() {
    return levelAtLeast;
  }

  LogLevel maxLevel() {
    return levelAtMost;
  }

  String loggerPrefixOrNull() {
    return loggerPrefix;
  }

  String sourceOrNull() {
    return source;
  }

  @Override
  public String toString() {
    return "Rule[" + id + " " + (regex == null ? "keywords=" + keywords : "regex=" + regex)
        + " -> " + severity + "/" + category + "]";
  }

  /**
   * Builds a {@link Rule}. Setters accept any value; {@link #build()} checks them all and reports
   * every problem at once in an {@link InvalidRulesException}. Not thread-safe.
   */
  public static final class Builder {
    private final String id;
    private boolean literal;
    private final List<String> keywords = new ArrayList<>();
    private String regex;
    private final List<String> factors = new ArrayList<>();
    private boolean caseSensitive;
    private boolean wholeWord;
    private Severity severity;
    private String category;
    private int priority;
    private LogLevel levelAtLeast;
    private LogLevel levelAtMost;
    private String loggerPrefix;
    private String source;
    private String description;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets the severity this rule gives; required. */
    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    /** Sets the category this rule gives, such as {@code database}; required, lowercase. */
    public Builder category(String category) {
      this.category = category;
      return this;
    }

    /** Shorthand for {@link #severity} and {@link #category}. */
    public Builder classify(Severity severity, String category) {
      return severity(severity).category(category);
    }

    /** Sets the priority that breaks ties between rules of equal severity; default 0. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Makes matching case-sensitive; by default case is ignored. */
    public Builder caseSensitive(boolean caseSensitive) {
      this.caseSensitive = caseSensitive;
      return this;
    }

    /** Requires non-word characters (or the line's ends) around the match; default false. */
    public Builder wholeWord(boolean wholeWord) {
      this.wholeWord = wholeWord;
      return this;
    }

    /** Matches only events logged at {@code level} or above. */
    public Builder levelAtLeast(LogLevel level) {
      this.levelAtLeast = level;
      return this;
    }

    /** Matches only events logged at {@code level} or below. */
    public Builder levelAtMost(LogLevel level) {
      this.levelAtMost = level;
      return this;
    }

    /** Matches only events whose logger name starts with {@code prefix}. */
    public Builder loggerPrefix(String prefix) {
      this.loggerPrefix = prefix;
      return this;
    }

    /** Matches only events from the source (service) named {@code source}. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /**
     * Declares the literal factors of a regex rule: strings one of which occurs in every match.
     * Needed only when none can be extracted from the regular expression; a wrong declaration
     * makes the rule miss lines.
     */
    public Builder factors(String... factors) {
      this.factors.addAll(Arrays.asList(factors));
      return this;
    }

    /** Describes what the rule is for. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Checks every setting and builds the rule.
     *
     * @throws InvalidRulesException listing every problem of this rule
     */
    public Rule build() {
      List<InvalidRulesException.Problem> problems = new ArrayList<>();
      LinearRegex compiled = validate(problems);
      if (!problems.isEmpty()) {
        throw new InvalidRulesException(null, problems);
      }
      return new Rule(this, compiled);
    }

    /** Adds this builder's problems to {@code problems}; returns the compiled regex, if any. */
    LinearRegex validate(List<InvalidRulesException.Problem> problems) {
      String name = id == null || id.isBlank() ? "?" : id;
      if (id == null || !ID.matcher(id).matches()) {
        problems.add(new InvalidRulesException.Problem(name, "id", id == null
            ? "is missing"
            : "'" + id + "' must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"));
      }
      LinearRegex compiled = null;
      if (literal) {
        if (keywords.isEmpty()) {
          problems.add(new InvalidRulesException.Problem(name, "keywords", "needs at least one keyword"));
        }
        for (String k : keywords) {
          if (k == null || k.isEmpty()) {
            problems.add(new InvalidRulesException.Problem(name, "keywords", "a keyword is empty"));
          } else if (k.length() > MAX_KEYWORD_LENGTH) {
            problems.add(new InvalidRulesException.Problem(name, "keywords", "keyword '"
                + k.substring(0, 20) + "...' is longer than " + MAX_KEYWORD_LENGTH + " characters"));
          }
        }
        if (!factors.isEmpty()) {
          problems.add(new InvalidRulesException.Problem(name, "factors",
              "only a regex rule can declare factors"));
        }
      } else if (regex == null || regex.isEmpty()) {
        problems.add(new InvalidRulesException.Problem(name, "regex", "is missing or empty"));
      } else if (regex.length() > MAX_REGEX_LENGTH) {
        problems.add(new InvalidRulesException.Problem(name, "regex",
            "is longer than " + MAX_REGEX_LENGTH + " characters"));
      } else {
        for (String f : factors) {
          if (f == null || f.isEmpty()) {
            problems.add(new InvalidRulesException.Problem(name, "factors", "a factor is empty"));
          } else if (f.length() > MAX_KEYWORD_LENGTH) {
            problems.add(new InvalidRulesException.Problem(name, "factors",
                "a factor is longer than " + MAX_KEYWORD_LENGTH + " characters"));
          }
        }
        try {
          compiled = LinearRegex.compile(regex, !caseSensitive, wholeWord);
        } catch (RegexSyntaxException e) {
          problems.add(new InvalidRulesException.Problem(name, "regex", e.getMessage()));
        }
      }
      if (severity == null) {
        problems.add(new InvalidRulesException.Problem(name, "severity", "is missing"));
      }
      if (category == null) {
        problems.add(new InvalidRulesException.Problem(name, "category", "is missing"));
      } else if (!CATEGORY.matcher(category).matches()) {
        problems.add(new InvalidRulesException.Problem(name, "category", "'" + category
            + "' must be 1 to 64 lowercase letters, digits, '.', '_' or '-'"));
      }
      if (levelAtLeast != null && levelAtMost != null && levelAtLeast.compareTo(levelAtMost) > 0) {
        problems.add(new InvalidRulesException.Problem(name, "levelAtMost", "'" + levelAtMost
            + "' is below levelAtLeast '" + levelAtLeast + "': no event could match"));
      }
      if (loggerPrefix != null && loggerPrefix.isEmpty()) {
        problems.add(new InvalidRulesException.Problem(name, "loggerPrefix", "is empty"));
      }
      if (source != null && source.isEmpty()) {
        problems.add(new InvalidRulesException.Problem(name, "source", "is empty"));
      }
      return compiled;
    }

    String idOrNull() {
      return id;
    }
  }
}
