package dev.vigil.metrics.internal;

/**
 * Handles by (name, tag array) exactly as a caller passes them, found without allocating: an
 * open-addressing table hashed with the strings' cached hash codes and compared by identity first
 * (names and tags are usually literals), then by {@code equals}. Different orders of the same tags
 * are different entries pointing to the same handle.
 *
 * <p>Threading: {@link #get} reads the volatile table and then its slots without a lock; entries
 * have only final fields (the tag array is a private copy), so a reader that sees an entry sees it
 * whole. {@link #put} is synchronized; it writes a slot of the current table, or builds a larger
 * table and publishes it. A reader that misses an entry being added takes the caller's slow path,
 * which is still correct. Entries are never removed; at {@code maxEntries} the table is full and
 * {@link #put} refuses.
 */
final class HandleTable {

  private static final class Entry {
    final String name;
    final String[] tags;
    final int hash;
    final Object handle;

    Entry(String name, String[] tags, int hash, Object handle) {
      this.name = name;
      this.tags = tags;
      this.hash = hash;
      this.handle = handle;
    }

    boolean matches(String name, String[] tags) {
      String[] mine = this.tags;
      if (mine.length != tags.length || !this.name.equals(name)) {
        return false;
      }
      for (int i = 0; i < mine.length; i++) {
        String t = tags[i];
        if (mine[i] != t && !mine[i].equals(t)) {
          return false;
        }
      }
      return true;
    }
  }

  private final int maxEntries;
  private volatile Entry[] table = new Entry[16];
  private int size; // guarded by this

  HandleTable(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  static int hash(String name, String[] tags) {
    int h = name.hashCode();
    for (String t : tags) {
      h = 31 * h + (t == null ? 0 : t.hashCode());
    }
    return h ^ (h >>> 16);
  }

  /** Returns the handle for {@code name} and {@code tags}, or null. */
  Object get(String name, String[] tags) {
    int h = hash(name, tags);
    Entry[] t = table;
    int mask = t.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Entry e = t[i];
      if (e == null) {
        return null;
      }
      if (e.hash == h && e.matches(name, tags)) {
        return e.handle;
      }
    }
  }

  /**
   * Adds the handle for {@code name} and {@code tags} (which must have no null element) unless
   * present; returns false if the table is full.
   */
  synchronized boolean put(String name, String[] tags, Object handle) {
    int h = hash(name, tags);
    Entry[] t = table;
    int mask = t.length - 1;
    int i = h & mask;
    for (Entry e = t[i]; e != null; e = t[i]) {
      if (e.hash == h && e.matches(name, tags)) {
        return true;
      }
      i = (i + 1) & mask;
    }
    if (size >= maxEntries) {
      return false;
    }
    Entry entry = new Entry(name, tags.clone(), h, handle);
    if (2 * (size + 1) > t.length) { // keep the load at most 1/2: probes stay short
      Entry[] bigger = new Entry[t.length * 2];
      int m = bigger.length - 1;
      for (Entry e : t) {
        if (e != null) {
          insert(bigger, m, e);
        }
      }
      insert(bigger, m, entry);
      table = bigger;
    } else {
      t[i] = entry;
    }
    size++;
    return true;
  }

  private static void insert(Entry[] t, int mask, Entry e) {
    int i = e.hash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = e;
  }

  synchronized int size() {
    return size;
  }
}
