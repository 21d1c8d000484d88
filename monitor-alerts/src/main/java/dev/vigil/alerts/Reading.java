package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a condition found for one group at one evaluation: the value, whether it breached and
 * cleared, and a description of what was compared for transition reasons, such as {@code count
 * of token.refresh.failure over PT1H = 4.0 (> 3.0)}. Immutable and thread-safe; two readings are
 * equal when their value, flags and description are.
 *
 * <p>The conditions build the description only when it is read ({@link #description()}), which the
 * engine does for transitions alone: most evaluations change nothing and never format it.
 */
public final class Reading {

  private final double value;
  private final boolean breached;
  private final boolean cleared;
  private final String eager; // the description when given, else null
  private final Supplier<String> describer; // makes it otherwise
  private final boolean ignored;
  private String made; // racy single-check cache of the describer's, which is pure

  /**
   * Creates a reading.
   *
   * @param value the value compared with the threshold; {@code NaN} when there was no data
   * @param breached whether the value is on the firing side of the threshold
   * @param cleared whether the value is on the clear side of the clear threshold (the threshold
   *     itself when the condition has no separate clear threshold), so that a firing alert may
   *     resolve; {@code true} when there was no data, unless the rule treats no data as
   *     breaching
   * @param description what was compared, for transition reasons; not null
   */
  public Reading(double value, boolean breached, boolean cleared, String description) {
    this(value, breached, cleared, requireNonNull(description, "description"), null, false);
  }

  /** Creates a reading whose description {@code describer} makes when it is first read. */
  Reading(double value, boolean breached, boolean cleared, Supplier<String> describer) {
    this(value, breached, cleared, null, requireNonNull(describer, "describer"), false);
  }

  /**
   * Returns a reading the engine skips, as if the evaluation had not happened ({@link
   * Treatment#IGNORE}): neither breached nor cleared.
   */
  static Reading ignored(Supplier<String> describer) {
    return new Reading(Double.NaN, false, false, null, requireNonNull(describer, "describer"),
        true);
  }

  private Reading(double value, boolean breached, boolean cleared, String description,
      Supplier<String> describer, boolean ignored) {
    this.ignored = ignored;
    this.value = value;
    this.breached = breached;
    this.cleared = cleared;
    this.eager = description;
    this.describer = describer;
  }

  /** Returns whether the engine skips this reading ({@link Treatment#IGNORE}). */
  boolean isIgnored() {
    return ignored;
  }

  /** Returns the value compared with the threshold; {@code NaN} when there was no data. */
  public double value() {
    return value;
  }

  /** Returns whether the value is on the firing side of the threshold. */
  public boolean breached() {
    return breached;
  }

  /**
   * Returns whether the value is on the clear side of the clear threshold, so that a firing alert
   * may resolve; {@code true} when there was no data, unless the rule treats no data as
   * breaching.
   */
  public boolean cleared() {
    return cleared;
  }

  /** Returns what was compared, for transition reasons; made on the first call if lazy. */
  public String description() {
    if (eager != null) {
      return eager;
    }
    String d = made;
    if (d == null) {
      d = describer.get();
      made = d;
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reading r && Double.compare(value, r.value) == 0
        && breached == r.breached && cleared == r.cleared
        && description().equals(r.description());
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, breached, cleared, description());
  }

  @Override
  public String toString() {
    return "Reading[value=" + value + ", breached=" + breached + ", cleared=" + cleared
        + ", description=" + description() + "]";
  }
}
