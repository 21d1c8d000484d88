package dev.vigil.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The identity of a metric series: a name and a set of tags, such as {@code
 * orders.failed{platform=tiktok}}.
 *
 * <p>Tags are sorted by key, so the order they were given in does not matter: {@code
 * of("x", "b", "2", "a", "1")} equals {@code of("x", "a", "1", "b", "2")}. As in Micrometer, when a
 * key is given twice the last value wins.
 *
 * <p>Instances are immutable and thread-safe. Creating one validates and sorts its tags, so hot
 * paths should resolve a key (or a handle) once and keep it.
 */
public final class SeriesKey {

  private final String name;
  private final SortedMap<String, String> tags;
  private final int hash;

  private SeriesKey(String name, SortedMap<String, String> tags) {
    this.name = name;
    this.tags = Collections.unmodifiableSortedMap(tags);
    this.hash = hash(name, tags);
  }

  /**
   * Mixes the tags in their (sorted) order. Not {@code Map.hashCode()}: its sum of {@code key ^
   * value} collides for tag values that differ by one character, such as {@code p1, r0} and {@code
   * p0, r1}, which turned the alert engine's hash maps into chains of {@code equals} calls.
   */
  private static int hash(String name, SortedMap<String, String> tags) {
    int h = name.hashCode();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      h = 31 * (31 * h + tag.getKey().hashCode()) + tag.getValue().hashCode();
    }
    return h ^ (h >>> 16);
  }

  /**
   * Returns the key of the series {@code name} with the given tags.
   *
   * @param name the series name, such as {@code orders.failed}; not empty
   * @param tags alternating tag keys and values, such as {@code "platform", "tiktok"}
   * @throws IllegalArgumentException if {@code name} is empty or {@code tags} has an odd length
   * @throws NullPointerException if {@code name}, {@code tags} or any tag key or value is null
   */
  public static SeriesKey of(String name, String... tags) {
    requireNonNull(name, "name");
    requireNonNull(tags, "tags");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    if ((tags.length & 1) != 0) {
      throw new IllegalArgumentException("tags must be key/value pairs, but " + tags.length
          + " strings were given: " + Arrays.toString(tags));
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      String key = tags[i];
      String value = tags[i + 1];
      if (key == null) {
        throw new NullPointerException("tag key at index " + i + " of series '" + name
            + "' is null");
      }
      if (value == null) {
        throw new NullPointerException("value of tag '" + key + "' of series '" + name
            + "' is null");
      }
      map.put(key, value);
    }
    return new SeriesKey(name, map);
  }

  /** Returns the series name. */
  public String name() {
    return name;
  }

  /** Returns the tags, sorted by key; the map is unmodifiable. */
  public SortedMap<String, String> tags() {
    return tags;
  }

  /** Returns the value of tag {@code key}, or {@code null} if this series has no such tag. */
  public String tag(String key) {
    return tags.get(requireNonNull(key, "key"));
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SeriesKey)) {
      return false;
    }
    SeriesKey that = (SeriesKey) o;
    return hash == that.hash && name.equals(that.name) && tags.equals(that.tags);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns the key as {@code name{k1=v1,k2=v2}}, or just the name if it has no tags. */
  @Override
  public String toString() {
    if (tags.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('{');
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (sb.charAt(sb.length() - 1) != '{') {
        sb.append(',');
      }
      sb.append(tag.getKey()).append('=').append(tag.getValue());
    }
    return sb.append('}').toString();
  }
}
