package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
import dev.vigil.alerts.internal.SeriesGroups;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A threshold on the number of classified events over a time window, read from the {@link
 * VigilMeters#EVENTS} series the monitor's pipeline keeps (tags {@code severity}, {@code
 * category}, {@code source}); made by {@link Condition#events}. Group by those tags to get, say,
 * one alert per source. Immutable and thread-safe.
 *
 * <p><b>Fingerprints.</b> The series have no fingerprint tag (it would make one series per error
 * group), so a condition with a {@linkplain #fingerprint(String) fingerprint filter}, or a rule
 * that groups by {@value #FINGERPRINT}, counts the monitor's stored events instead ({@link
 * EventStore#find}, newest first): one alert per error group, such as "any error group seen more
 * than 10 times in 5 minutes". Such a count sees only the events the monitor stores (at or above
 * its store threshold, {@code WARN} by default) and still holds (the store's retention and
 * capacity); its window is exact, from {@code now - window} to now (the monitor's clock), where
 * series windows are aligned to their buckets. An evaluation scans at
 * most {@value #MAX_SCANNED} events; past that the counts are lower bounds, and the reading's
 * description says so. Group-by keys {@code severity}, {@code category} and {@code source} are
 * then taken from each event; other keys are left out of the group.
 */
public final class EventCountCondition extends Condition {

  /** The group-by key that groups events by their {@linkplain MonitorEvent#fingerprint()}. */
  public static final String FINGERPRINT = "fingerprint";

  /** The most stored events one evaluation of a store-backed count scans. */
  public static final int MAX_SCANNED = 100_000;

  private final Severity minSeverity;
  private final String category;
  private final String source;
  private final String fingerprint;
  private final int maxScanned; // MAX_SCANNED but in tests

  EventCountCondition(Severity minSeverity, String category, String source, Spec spec) {
    this(minSeverity, category, source, null, MAX_SCANNED, spec);
  }

  private EventCountCondition(Severity minSeverity, String category, String source,
      String fingerprint, int maxScanned, Spec spec) {
    super(spec);
    this.minSeverity = minSeverity;
    this.category = category;
    this.source = source;
    this.fingerprint = fingerprint;
    this.maxScanned = maxScanned;
  }

  private EventCountCondition with(String category, String source, String fingerprint,
      Spec spec) {
    return new EventCountCondition(minSeverity, category, source, fingerprint, maxScanned, spec);
  }

  /** Returns a copy that scans at most {@code max} stored events per evaluation; for tests. */
  EventCountCondition maxScanned(int max) {
    return new EventCountCondition(minSeverity, category, source, fingerprint, max, spec);
  }

  /** Returns a copy that counts only events of {@code category}, such as {@code database}. */
  public EventCountCondition category(String category) {
    requireNonNull(category, "category");
    return with(category, source, fingerprint, spec);
  }

  /** Returns a copy that counts only events from {@code source}, such as the monitor's name. */
  public EventCountCondition source(String source) {
    requireNonNull(source, "source");
    return with(category, source, fingerprint, spec);
  }

  /**
   * Returns a copy that counts only the stored events with {@code fingerprint} (16 hex digits, as
   * {@link MonitorEvent#fingerprint()} and the dashboard's groups show it): the repeats of one
   * problem. The count then reads the monitor's event store; see the class comment.
   */
  public EventCountCondition fingerprint(String fingerprint) {
    requireNonNull(fingerprint, "fingerprint");
    return with(category, source, fingerprint, spec);
  }

  /** Returns a copy that counts over the time window of length {@code window} ending now. */
  public EventCountCondition over(Duration window) {
    return with(category, source, fingerprint, spec.over(window));
  }

  /** Returns a copy that breaches when the count is greater than {@code threshold}. */
  public EventCountCondition above(double threshold) {
    return when(Comparison.GREATER_THAN, threshold);
  }

  /** Returns a copy that breaches when the count is at least {@code threshold}. */
  public EventCountCondition atLeast(double threshold) {
    return when(Comparison.AT_LEAST, threshold);
  }

  /** Returns a copy that breaches when {@code count comparison threshold}. */
  public EventCountCondition when(Comparison comparison, double threshold) {
    return with(category, source, fingerprint, spec.compare(comparison, threshold));
  }

  /** Returns a copy with a separate clear threshold; see {@link ThresholdCondition#clearAt}. */
  public EventCountCondition clearAt(double clearThreshold) {
    return with(category, source, fingerprint, spec.clearAt(clearThreshold));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if this condition has a fingerprint filter or {@code groupBy}
   *     holds {@value #FINGERPRINT}: such counts read the monitor's event store, which only the
   *     {@link AlertEngine} passes
   */
  @Override
  public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore store,
      List<String> groupBy) {
    requireNonNull(store, "store");
    requireNonNull(groupBy, "groupBy");
    if (readsStore(groupBy)) {
      throw new IllegalStateException("'" + description() + "'"
          + (fingerprint != null ? " filters by fingerprint" : " is grouped by fingerprint")
          + ", which the series do not record: it counts the monitor's stored events, so only"
          + " an AlertEngine (which passes the event store) can evaluate it");
    }
    return countSeries(store, groupBy);
  }

  @Override
  Map<SortedMap<String, String>, Reading> evaluate(SeriesStore series, EventStore events,
      Instant now, List<String> groupBy) {
    requireNonNull(series, "series");
    requireNonNull(events, "events");
    requireNonNull(groupBy, "groupBy");
    return readsStore(groupBy) ? countStored(events, now, groupBy) : countSeries(series,
        groupBy);
  }

  private boolean readsStore(List<String> groupBy) {
    return fingerprint != null || groupBy.contains(FINGERPRINT);
  }

  /**
   * Counts the stored events of the window, newest first a page at a time, until the window or
   * {@link #maxScanned} events are read.
   */
  private Map<SortedMap<String, String>, Reading> countStored(EventStore events, Instant now,
      List<String> groupBy) {
    EventQuery.Builder query = EventQuery.builder()
        .from(now.minus(spec.window()))
        .to(now.plusNanos(1)) // now included: events captured at a virtual clock's instant
        .minSeverity(minSeverity)
        .category(category)
        .source(source)
        .fingerprint(fingerprint)
        .limit(EventQuery.MAX_LIMIT);
    Map<SortedMap<String, String>, long[]> counts = new LinkedHashMap<>();
    if (groupBy.isEmpty()) {
      counts.put(Collections.emptySortedMap(), new long[1]);
    }
    int scanned = 0;
    String cursor = null;
    boolean capped = false;
    do {
      Page<MonitorEvent> page = events.find(query.after(cursor).build());
      for (MonitorEvent event : page.items()) {
        if (scanned == maxScanned) {
          capped = true;
          break;
        }
        scanned++;
        counts.computeIfAbsent(groupOf(event, groupBy), g -> new long[1])[0]++;
      }
      cursor = page.nextCursor();
      if (cursor != null && scanned == maxScanned) {
        capped = true;
      }
    } while (cursor != null && !capped);
    String what = capped
        ? description() + " (counted up to the scan cap of " + maxScanned
            + " stored events: at least this many)"
        : description();
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    counts.forEach((group, count) -> readings.put(group, spec.read(count[0], what)));
    return Collections.unmodifiableMap(readings);
  }

  private static SortedMap<String, String> groupOf(MonitorEvent event, List<String> groupBy) {
    if (groupBy.isEmpty()) {
      return Collections.emptySortedMap();
    }
    TreeMap<String, String> group = new TreeMap<>();
    for (String key : groupBy) {
      String value = switch (key) {
        case FINGERPRINT -> event.fingerprint();
        case "severity" -> event.severity().name();
        case "category" -> event.category();
        case "source" -> event.source();
        default -> null; // as a series lacking the tag
      };
      if (value != null) {
        group.put(key, value);
      }
    }
    return Collections.unmodifiableSortedMap(group);
  }

  private Map<SortedMap<String, String>, Reading> countSeries(SeriesStore store,
      List<String> groupBy) {
    String what = description();
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    SeriesGroups.group(store, VigilMeters.EVENTS, this::counts, groupBy).forEach((group, keys) -> {
      double total = 0;
      for (SeriesKey key : keys) {
        total += store.window(key, spec.window()).sum();
      }
      readings.put(group, spec.read(total, what));
    });
    return Collections.unmodifiableMap(readings);
  }

  private boolean counts(SeriesKey key) {
    String severity = key.tag("severity");
    if (severity == null) {
      return false;
    }
    try {
      if (!Severity.parse(severity).isAtLeast(minSeverity)) {
        return false;
      }
    } catch (IllegalArgumentException unknown) {
      return false;
    }
    return (category == null || category.equals(key.tag("category")))
        && (source == null || source.equals(key.tag("source")));
  }

  /**
   * Returns whether this condition counts {@code event} (severity, category and source), for
   * rules {@linkplain AlertRule#evaluatesOnEvent() evaluated on events}.
   */
  boolean counts(MonitorEvent event) {
    return event.severity().isAtLeast(minSeverity)
        && (category == null || category.equals(event.category()))
        && (source == null || source.equals(event.source()))
        && (fingerprint == null || fingerprint.equals(event.fingerprint()));
  }

  /** A group without events in the window counted none: zero, not "no data". */
  @Override
  Reading vanished() {
    return spec.read(0, this);
  }

  @Override
  public String describe() {
    return "events of severity >= " + minSeverity
        + (category == null ? "" : ", category " + category)
        + (source == null ? "" : ", source " + source)
        + (fingerprint == null ? "" : ", fingerprint " + fingerprint) + " " + spec.scope();
  }

  @Override
  List<String[]> problems() {
    List<String[]> problems = spec.problems(true, true);
    if (fingerprint != null && fingerprint.isBlank()) {
      problems.add(new String[] {"condition.fingerprint", "is blank"});
    }
    return problems;
  }
}
