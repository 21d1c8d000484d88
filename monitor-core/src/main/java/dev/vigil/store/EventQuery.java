package dev.vigil.store;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A filter over stored events (and groups), with paging. Every criterion is optional; an event
 * matches when it meets all the criteria that are set. Results come newest first.
 *
 * <p>Build one with {@link #builder()}; {@link #all()} matches everything. Immutable and
 * thread-safe.
 */
public final class EventQuery {

  /** The page size when none is set. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page size a query may ask for. */
  public static final int MAX_LIMIT = 1_000;

  /** The longest text a query may search for, in chars. */
  public static final int MAX_TEXT_LENGTH = 256;

  private static final EventQuery ALL = builder().build();

  private final Instant from;
  private final Instant to;
  private final Severity minSeverity;
  private final String source;
  private final String category;
  private final String text;
  private final String fingerprint;
  private final int limit;
  private final String cursor;

  private EventQuery(Builder b) {
    this.from = b.from;
    this.to = b.to;
    this.minSeverity = b.minSeverity;
    this.source = b.source;
    this.category = b.category;
    this.text = b.text;
    this.fingerprint = b.fingerprint;
    this.limit = b.limit;
    this.cursor = b.cursor;
  }

  /** Returns a query that matches every event, first page of {@link #DEFAULT_LIMIT}. */
  public static EventQuery all() {
    return ALL;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this query's criteria. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.from = from;
    b.to = to;
    b.minSeverity = minSeverity;
    b.source = source;
    b.category = category;
    b.text = text;
    b.fingerprint = fingerprint;
    b.limit = limit;
    b.cursor = cursor;
    return b;
  }

  /** Returns the inclusive start of the time range, or {@code null}. */
  public Instant from() {
    return from;
  }

  /** Returns the exclusive end of the time range, or {@code null}. */
  public Instant to() {
    return to;
  }

  /** Returns the minimum severity, or {@code null}. */
  public Severity minSeverity() {
    return minSeverity;
  }

  /** Returns the source to match exactly, or {@code null}. */
  public String source() {
    return source;
  }

  /** Returns the category to match exactly, or {@code null}. */
  public String category() {
    return category;
  }

  /** Returns the text to find in messages (ignoring case), or {@code null}. */
  public String text() {
    return text;
  }

  /** Returns the fingerprint to match exactly, or {@code null}. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Returns the page size. */
  public int limit() {
    return limit;
  }

  /** Returns the cursor of the page to fetch, or {@code null} for the first page. */
  public String cursor() {
    return cursor;
  }

  /**
   * Returns whether an event meets every criterion but the cursor. Stores may use this to filter
   * in memory; a store that queries a database must give the same answers.
   */
  public boolean matches(MonitorEvent event) {
    Instant t = event.timestamp();
    return (from == null || !t.isBefore(from))
        && (to == null || t.isBefore(to))
        && (minSeverity == null || event.severity().isAtLeast(minSeverity))
        && (source == null || source.equals(event.source()))
        && (category == null || category.equals(event.category()))
        && (fingerprint == null || fingerprint.equals(event.fingerprint()))
        && (text == null || containsIgnoreCase(event.message(), text));
  }

  static boolean containsIgnoreCase(String haystack, String needle) {
    int n = needle.length();
    for (int i = 0, last = haystack.length() - n; i <= last; i++) {
      if (haystack.regionMatches(true, i, needle, 0, n)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EventQuery)) {
      return false;
    }
    EventQuery q = (EventQuery) o;
    return limit == q.limit && Objects.equals(from, q.from) && Objects.equals(to, q.to)
        && minSeverity == q.minSeverity && Objects.equals(source, q.source)
        && Objects.equals(category, q.category) && Objects.equals(text, q.text)
        && Objects.equals(fingerprint, q.fingerprint) && Objects.equals(cursor, q.cursor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, minSeverity, source, category, text, fingerprint, limit, cursor);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EventQuery[");
    append(sb, "from", from);
    append(sb, "to", to);
    append(sb, "minSeverity", minSeverity);
    append(sb, "source", source);
    append(sb, "category", category);
    append(sb, "text", text);
    append(sb, "fingerprint", fingerprint);
    append(sb, "cursor", cursor);
    return sb.append("limit=").append(limit).append(']').toString();
  }

  private static void append(StringBuilder sb, String name, Object value) {
    if (value != null) {
      sb.append(name).append('=').append(value).append(", ");
    }
  }

  /** Builds an {@link EventQuery}; each setter validates its argument at once. */
  public static final class Builder {
    private Instant from;
    private Instant to;
    private Severity minSeverity;
    private String source;
    private String category;
    private String text;
    private String fingerprint;
    private int limit = DEFAULT_LIMIT;
    private String cursor;

    private Builder() {}

    /** Matches events that happened at or after {@code from}; {@code null} removes the bound. */
    public Builder from(Instant from) {
      this.from = from;
      return this;
    }

    /** Matches events that happened before {@code to}; {@code null} removes the bound. */
    public Builder to(Instant to) {
      this.to = to;
      return this;
    }

    /** Matches events of this severity or higher; {@code null} removes the criterion. */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = minSeverity;
      return this;
    }

    /** Matches events from this source; {@code null} or blank removes the criterion. */
    public Builder source(String source) {
      this.source = blankToNull(source);
      return this;
    }

    /** Matches events of this category; {@code null} or blank removes the criterion. */
    public Builder category(String category) {
      this.category = blankToNull(category == null ? null : category.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Matches events whose message contains this text, ignoring case; {@code null} or blank
     * removes the criterion.
     *
     * @throws IllegalArgumentException if longer than {@link #MAX_TEXT_LENGTH}
     */
    public Builder text(String text) {
      if (text != null && text.length() > MAX_TEXT_LENGTH) {
        throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH
            + " chars but was " + text.length());
      }
      this.text = blankToNull(text);
      return this;
    }

    /** Matches events with this fingerprint; {@code null} or blank removes the criterion. */
    public Builder fingerprint(String fingerprint) {
      this.fingerprint = blankToNull(fingerprint);
      return this;
    }

    /**
     * Sets the page size.
     *
     * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
     */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT
            + " but was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Fetches the page after the one that returned this cursor ({@link Page#nextCursor()});
     * {@code null} fetches the first page.
     */
    public Builder after(String cursor) {
      this.cursor = blankToNull(cursor);
      return this;
    }

    /**
     * Returns the query.
     *
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public EventQuery build() {
      if (from != null && to != null && from.isAfter(to)) {
        throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
      }
      return new EventQuery(this);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
