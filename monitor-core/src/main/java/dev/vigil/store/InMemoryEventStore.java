package dev.vigil.store;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The default {@link EventStore}: a ring of the latest events and a map of groups.
 *
 * <p>Threading: one read-write lock. Appends take the write lock once per batch; queries take
 * the read lock and scan (a full scan of 100,000 events takes about a millisecond), so the
 * dashboard never stalls the pipeline for long.
 *
 * <p>Events are kept in arrival order. Sequence numbers ({@code seq}) count appended events;
 * the event with sequence {@code s} sits at {@code ring[s % capacity]} while
 * {@code firstSeq <= s < nextSeq}. Cursors are sequence numbers, so paging is stable while new
 * events arrive.
 */
final class InMemoryEventStore implements EventStore {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final MonitorEvent[] ring;
  private final int maxGroups;
  /** Groups in order of their last update: the eldest is the least recently seen. */
  private final LinkedHashMap<String, GroupState> groups = new LinkedHashMap<>();
  private long firstSeq;
  private long nextSeq;

  InMemoryEventStore(int maxEvents) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be positive but was " + maxEvents);
    }
    this.ring = new MonitorEvent[maxEvents];
    this.maxGroups = maxEvents;
  }

  @Override
  public void append(List<MonitorEvent> events) {
    lock.writeLock().lock();
    try {
      for (MonitorEvent event : events) {
        if (nextSeq - firstSeq == ring.length) {
          ring[(int) (firstSeq++ % ring.length)] = null;
        }
        ring[(int) (nextSeq++ % ring.length)] = event;
        updateGroup(event);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void updateGroup(MonitorEvent event) {
    GroupState group = groups.remove(event.fingerprint());
    if (group == null) {
      group = new GroupState(event);
      if (groups.size() == maxGroups) {
        Iterator<GroupState> eldest = groups.values().iterator();
        eldest.next();
        eldest.remove();
      }
    } else {
      group.add(event);
    }
    groups.put(event.fingerprint(), group);
  }

  @Override
  public Page<MonitorEvent> find(EventQuery query) {
    lock.readLock().lock();
    try {
      long start = nextSeq - 1;
      if (query.cursor() != null) {
        start = Math.min(start, parseCursor(query.cursor()));
      }
      List<MonitorEvent> items = new ArrayList<>(Math.min(query.limit(), size0()));
      for (long seq = start; seq >= firstSeq; seq--) {
        MonitorEvent event = ring[(int) (seq % ring.length)];
        if (query.matches(event)) {
          if (items.size() == query.limit()) {
            return new Page<>(items, cursor(seq));
          }
          items.add(event);
        }
      }
      return new Page<>(items, null);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Page<EventGroup> groups(EventQuery query) {
    List<EventGroup> matching = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (GroupState g : groups.values()) {
        if (query.matches(g.latest) && inRange(g.lastSeen, query.from(), query.to())) {
          matching.add(g.toGroup());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    matching.sort(GROUP_ORDER);
    // Keyset paging: the cursor is the last group of the previous page (last seen, fingerprint),
    // so groups arriving meanwhile neither repeat nor hide the next page.
    int offset = 0;
    if (query.cursor() != null) {
      EventGroup last = parseGroupCursor(query.cursor());
      while (offset < matching.size() && GROUP_ORDER.compare(matching.get(offset), last) <= 0) {
        offset++;
      }
    }
    int end = Math.min(matching.size(), offset + query.limit());
    return new Page<>(matching.subList(offset, end),
        end < matching.size() ? groupCursor(matching.get(end - 1)) : null);
  }

  @Override
  public EventStats stats(Instant from, Instant to, int topGroups) {
    if (topGroups < 0) {
      throw new IllegalArgumentException("topGroups must not be negative but was " + topGroups);
    }
    Map<Severity, Long> bySeverity = new HashMap<>();
    Map<String, Long> byCategory = new HashMap<>();
    Map<String, Long> bySource = new HashMap<>();
    Map<String, GroupState> windowGroups = new HashMap<>();
    long total = 0;
    lock.readLock().lock();
    try {
      // Newest first, so the first event a window group sees is its latest.
      for (long seq = nextSeq - 1; seq >= firstSeq; seq--) {
        MonitorEvent e = ring[(int) (seq % ring.length)];
        if (!inRange(e.timestamp(), from, to)) {
          continue;
        }
        total++;
        bySeverity.merge(e.severity(), 1L, Long::sum);
        byCategory.merge(e.category(), 1L, Long::sum);
        bySource.merge(e.source(), 1L, Long::sum);
        if (topGroups > 0) {
          GroupState g = windowGroups.get(e.fingerprint());
          if (g == null) {
            windowGroups.put(e.fingerprint(), new GroupState(e));
          } else {
            g.addOlder(e);
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    List<EventGroup> top = new ArrayList<>();
    windowGroups.values().stream()
        .sorted(Comparator.comparingLong((GroupState g) -> g.count).reversed()
            .thenComparing(g -> g.lastSeen, Comparator.reverseOrder()))
        .limit(topGroups)
        .forEach(g -> top.add(g.toGroup()));
    return new EventStats(from, to, total, bySeverity, byCategory,
        bySource, top);
  }

  @Override
  public long deleteBefore(Instant cutoff) {
    lock.writeLock().lock();
    try {
      // Oldest first, in arrival order, so that sequence numbers (cursors) never move. An event
      // that arrived with an older timestamp than those before it waits for them to expire.
      long before = firstSeq;
      while (firstSeq < nextSeq
          && ring[(int) (firstSeq % ring.length)].timestamp().isBefore(cutoff)) {
        ring[(int) (firstSeq++ % ring.length)] = null;
      }
      groups.values().removeIf(g -> g.lastSeen.isBefore(cutoff));
      return firstSeq - before;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long size() {
    lock.readLock().lock();
    try {
      return size0();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long groupCount() {
    lock.readLock().lock();
    try {
      return groups.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private int size0() {
    return (int) (nextSeq - firstSeq);
  }

  private static boolean inRange(Instant t, Instant from, Instant to) {
    return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
  }

  private static final Comparator<EventGroup> GROUP_ORDER =
      Comparator.comparing(EventGroup::lastSeen).reversed()
          .thenComparing(EventGroup::fingerprint);

  private static String groupCursor(EventGroup g) {
    return Long.toString(g.lastSeen().toEpochMilli(), 36) + "." + g.lastSeen().getNano() + "."
        + g.fingerprint();
  }

  /** Returns a stand-in group that sorts exactly where the cursor's group did. */
  private static EventGroup parseGroupCursor(String cursor) {
    String[] parts = cursor.split("\\.", 3);
    try {
      if (parts.length != 3 || parts[2].isEmpty()) {
        throw new NumberFormatException();
      }
      Instant lastSeen = Instant.ofEpochMilli(Long.parseLong(parts[0], 36))
          .with(java.time.temporal.ChronoField.NANO_OF_SECOND, Integer.parseInt(parts[1]));
      return new EventGroup(parts[2], PLACEHOLDER, dev.vigil.Severity.INFO, lastSeen, lastSeen, 1);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid cursor '" + cursor
          + "': pass back a Page.nextCursor() of the same kind of query", e);
    }
  }

  private static final MonitorEvent PLACEHOLDER = new MonitorEvent(0, Instant.EPOCH, "-",
      dev.vigil.Severity.INFO, MonitorEvent.UNCATEGORIZED, null, "", null, null, null,
      java.util.Map.of(), java.util.Map.of(), null, "-");

  private static String cursor(long position) {
    return Long.toString(position, 36);
  }

  private static long parseCursor(String cursor) {
    try {
      long position = Long.parseLong(cursor, 36);
      if (position < 0) {
        throw new NumberFormatException();
      }
      return position;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid cursor '" + cursor
          + "': pass back a Page.nextCursor() of the same kind of query", e);
    }
  }

  @Override
  public String toString() {
    return "InMemoryEventStore[capacity=" + ring.length + "]";
  }

  /** A group's running totals; guarded by the store's lock (or confined to one stats call). */
  private static final class GroupState {
    MonitorEvent latest;
    Severity severity;
    Instant firstSeen;
    Instant lastSeen;
    long count = 1;

    GroupState(MonitorEvent event) {
      latest = event;
      severity = event.severity();
      firstSeen = event.timestamp();
      lastSeen = event.timestamp();
    }

    void add(MonitorEvent event) {
      latest = event;
      count++;
      merge(event);
    }

    void addOlder(MonitorEvent event) {
      count++;
      merge(event);
    }

    private void merge(MonitorEvent event) {
      if (event.severity().compareTo(severity) > 0) {
        severity = event.severity();
      }
      if (event.timestamp().isBefore(firstSeen)) {
        firstSeen = event.timestamp();
      }
      if (event.timestamp().isAfter(lastSeen)) {
        lastSeen = event.timestamp();
      }
    }

    EventGroup toGroup() {
      return new EventGroup(latest.fingerprint(), latest, severity, firstSeen, lastSeen, count);
    }
  }
}
