package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.internal.LabelMatchers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mutes the alerts whose labels match all of its matchers, from {@link #startsAt()} until {@link
 * #endsAt()}: a firing alert it matches becomes SILENCED (published once), and returns to FIRING
 * when the silence ends if its condition still holds. An alert's labels, for matching, are the
 * rule's labels, the alert's group and {@code alertname} (the rule id); a label the alert lacks
 * matches as the empty string.
 *
 * <pre>{@code
 * engine.silence(Silence.builder()
 *     .matching("alertname", "oauth-failures")
 *     .matching("platform", "tiktok")
 *     .createdBy("alice")
 *     .comment("TikTok API outage, INC-1234")
 *     .endsAt(Instant.now().plus(Duration.ofHours(2)))
 *     .build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. {@link #startsAt()} may return {@code null} (the
 * silence starts when it is added); nothing else does.
 */
public final class Silence {

  /** How a {@link Matcher} compares a label's value. */
  public enum Op {
    /** The label equals the value ({@code =}). */
    EQUAL("="),
    /** The label does not equal the value ({@code !=}). */
    NOT_EQUAL("!="),
    /** The whole label matches the regular expression ({@code =~}). */
    REGEX("=~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** Returns the operator as written in Prometheus: {@code =}, {@code !=} or {@code =~}. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * One label test of a silence.
   *
   * @param name the label's name
   * @param op how the value is compared
   * @param value the value, or the regular expression for {@link Op#REGEX}
   */
  public record Matcher(String name, Op op, String value) {
    /** Checks that no component is null. */
    public Matcher {
      requireNonNull(name, "name");
      requireNonNull(op, "op");
      requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return name + op.symbol() + '"' + value + '"';
    }
  }

  private final String id;
  private final LabelMatchers matchers;
  private final String createdBy;
  private final String comment;
  private final Instant startsAt;
  private final Instant endsAt;

  private Silence(String id, LabelMatchers matchers, String createdBy, String comment,
      Instant startsAt, Instant endsAt) {
    this.id = id;
    this.matchers = matchers;
    this.createdBy = createdBy;
    this.comment = comment;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
  }

  /** Returns a builder; at least one matcher, {@code createdBy} and {@code endsAt} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the silence's id: given to the builder, or a random UUID. */
  public String id() {
    return id;
  }

  /** Returns the matchers, all of which an alert's labels must match; unmodifiable. */
  public List<Matcher> matchers() {
    return matchers.matchers();
  }

  /** Returns who created the silence. */
  public String createdBy() {
    return createdBy;
  }

  /** Returns why; empty if no comment was given. */
  public String comment() {
    return comment;
  }

  /** Returns when the silence starts, or {@code null} for when it is added to an engine. */
  public Instant startsAt() {
    return startsAt;
  }

  /** Returns when the silence ends (exclusive). */
  public Instant endsAt() {
    return endsAt;
  }

  /** Returns whether the silence is in effect at {@code now}: started and not yet ended. */
  public boolean isActiveAt(Instant now) {
    requireNonNull(now, "now");
    return (startsAt == null || !now.isBefore(startsAt)) && now.isBefore(endsAt);
  }

  /** Returns whether {@code labels} match every matcher (a missing label counts as empty). */
  public boolean matches(Map<String, String> labels) {
    requireNonNull(labels, "labels");
    return matchers.matches(labels);
  }

  /** Returns a copy of this silence that starts at {@code startsAt}. */
  Silence startingAt(Instant startsAt) {
    return new Silence(id, matchers, createdBy, comment, startsAt, endsAt);
  }

  /** Returns a copy of this silence that ends at {@code endsAt}. */
  Silence endingAt(Instant endsAt) {
    return new Silence(id, matchers, createdBy, comment, startsAt, endsAt);
  }

  /** Returns whether {@code o} is a silence with the same id, matchers, author, comment and times. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Silence s && id.equals(s.id) && matchers().equals(s.matchers())
        && createdBy.equals(s.createdBy) && comment.equals(s.comment)
        && Objects.equals(startsAt, s.startsAt) && endsAt.equals(s.endsAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, matchers(), createdBy, comment, startsAt, endsAt);
  }

  @Override
  public String toString() {
    return "Silence{" + id + " " + matchers() + " by " + createdBy + " until " + endsAt + "}";
  }

  /**
   * Builds a {@link Silence}. Setters reject {@code null} at once; {@link #build()} checks the
   * rest. Not thread-safe.
   */
  public static final class Builder {
    private String id;
    private final List<Matcher> matchers = new ArrayList<>();
    private String createdBy;
    private String comment = "";
    private Instant startsAt;
    private Instant endsAt;

    Builder() {}

    /** Sets the id (for a silence read back from elsewhere); a random UUID by default. */
    public Builder id(String id) {
      this.id = requireNonNull(id, "id");
      return this;
    }

    /** Adds a matcher: the label {@code name} equals {@code value}. */
    public Builder matching(String name, String value) {
      matchers.add(new Matcher(name, Op.EQUAL, value));
      return this;
    }

    /** Adds a matcher: the label {@code name} does not equal {@code value}. */
    public Builder notMatching(String name, String value) {
      matchers.add(new Matcher(name, Op.NOT_EQUAL, value));
      return this;
    }

    /** Adds a matcher: the whole label {@code name} matches the regular expression. */
    public Builder matchingRegex(String name, String regex) {
      matchers.add(new Matcher(name, Op.REGEX, regex));
      return this;
    }

    /** Sets who creates the silence; required. */
    public Builder createdBy(String createdBy) {
      this.createdBy = requireNonNull(createdBy, "createdBy");
      return this;
    }

    /** Sets why; empty by default. */
    public Builder comment(String comment) {
      this.comment = requireNonNull(comment, "comment");
      return this;
    }

    /** Sets when the silence starts; when it is added to an engine by default. */
    public Builder startsAt(Instant startsAt) {
      this.startsAt = requireNonNull(startsAt, "startsAt");
      return this;
    }

    /** Sets when the silence ends; required. */
    public Builder endsAt(Instant endsAt) {
      this.endsAt = requireNonNull(endsAt, "endsAt");
      return this;
    }

    /**
     * Builds the silence.
     *
     * @throws IllegalArgumentException listing every problem: no matcher, a blank label name, an
     *     invalid regular expression, no or a blank {@code createdBy}, no {@code endsAt}, or an
     *     end not after the start
     */
    public Silence build() {
      List<String> problems = new ArrayList<>();
      LabelMatchers.check(matchers, "a silence", (m, problem) -> problems.add(problem));
      if (createdBy == null || createdBy.isBlank()) {
        problems.add("createdBy is required (who creates the silence)");
      }
      if (endsAt == null) {
        problems.add("endsAt is required: a silence must end");
      } else if (startsAt != null && !endsAt.isAfter(startsAt)) {
        problems.add("endsAt " + endsAt + " is not after startsAt " + startsAt);
      }
      if (id != null && id.isBlank()) {
        problems.add("the id is blank");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid silence: " + String.join("; ", problems));
      }
      return new Silence(id != null ? id : UUID.randomUUID().toString(),
          new LabelMatchers(matchers), createdBy, comment, startsAt, endsAt);
    }
  }
}
