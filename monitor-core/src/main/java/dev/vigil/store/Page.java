package dev.vigil.store;

import java.util.List;

/**
 * One page of query results, newest first, and the cursor to the next page.
 *
 * @param items the results on this page
 * @param nextCursor an opaque cursor for {@link EventQuery.Builder#after(String)} that fetches
 *     the next (older) page, or {@code null} if this is the last page
 * @param <T> the type of the results
 */
public record Page<T>(List<T> items, String nextCursor) {

  /** Validates and copies the components. */
  public Page {
    items = List.copyOf(items);
  }

  /** Returns an empty last page. */
  public static <T> Page<T> empty() {
    return new Page<>(List.of(), null);
  }

  /** Returns whether an older page exists. */
  public boolean hasMore() {
    return nextCursor != null;
  }

  @Override
  public String toString() {
    return "Page[" + items.size() + " items" + (hasMore() ? ", more" : "") + "]";
  }
}
