package dev.vigil.store;

import dev.vigil.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of the stored events in a time window.
 *
 * @param from the start of the window, inclusive
 * @param to the end of the window, exclusive
 * @param total how many events the window holds
 * @param bySeverity counts per severity; every severity is present, possibly with zero
 * @param byCategory counts per category, largest first (ties by name)
 * @param bySource counts per source, largest first (ties by name)
 * @param topGroups the groups with the most events in the window, largest first; their counts
 *     and first/last seen are those within the window
 */
public record EventStats(
    Instant from,
    Instant to,
    long total,
    Map<Severity, Long> bySeverity,
    Map<String, Long> byCategory,
    Map<String, Long> bySource,
    List<EventGroup> topGroups) {

  /**
   * Copies the components: categories and sources ordered largest first (ties by name), whatever
   * order they come in; absent severities count zero.
   */
  public EventStats {
    EnumMap<Severity, Long> severities = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      severities.put(s, bySeverity.getOrDefault(s, 0L));
    }
    bySeverity = Collections.unmodifiableMap(severities);
    byCategory = largestFirst(byCategory);
    bySource = largestFirst(bySource);
    topGroups = List.copyOf(topGroups);
  }

  /** Returns the count of events of the given severity or higher. */
  public long atLeast(Severity severity) {
    long n = 0;
    for (Map.Entry<Severity, Long> e : bySeverity.entrySet()) {
      if (e.getKey().isAtLeast(severity)) {
        n += e.getValue();
      }
    }
    return n;
  }

  private static Map<String, Long> largestFirst(Map<String, Long> counts) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(sorted);
  }
}
