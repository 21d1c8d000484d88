package dev.vigil.alerts.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.Transition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory {@link AlertStore}: active alerts by key (and by rule, so that {@link
 * #active(String)} does not scan every alert), a ring of the latest resolved ones, the last
 * resolved alert of each of up to {@value #MAX_KEYS} keys (for flap detection), and silences by
 * id. A save is refused as {@link AlertStore} says when it does not derive from the stored alert.
 * Thread-safe: every method holds the store's monitor, briefly, so that check and the write are
 * one step.
 */
public final class InMemoryAlertStore implements AlertStore {

  /** How many keys' last resolved alerts are kept for flap detection. */
  public static final int MAX_KEYS = 10_000;

  private final int maxResolved;
  private final Map<String, Alert> active = new LinkedHashMap<>();
  private final Map<String, Map<String, Alert>> activeByRule = new HashMap<>();
  private final Deque<Alert> resolved = new ArrayDeque<>();
  private final Map<String, Silence> silences = new LinkedHashMap<>();
  /** The last resolved alert of each key, for flap detection; the least recent dropped first. */
  private final Map<String, Alert> lastResolved = new LinkedHashMap<>();

  /** Creates a store keeping at most {@code maxResolved} resolved alerts. */
  public InMemoryAlertStore(int maxResolved) {
    if (maxResolved < 0) {
      throw new IllegalArgumentException("maxResolved must not be negative but was "
          + maxResolved);
    }
    this.maxResolved = maxResolved;
  }

  @Override
  public synchronized boolean save(Alert alert) {
    requireNonNull(alert, "alert");
    if (!derivesFrom(alert, active.get(alert.key()), lastResolved.get(alert.key()))) {
      return false;
    }
    if (alert.state() != AlertState.RESOLVED) {
      active.put(alert.key(), alert);
      activeByRule.computeIfAbsent(alert.ruleId(), r -> new LinkedHashMap<>())
          .put(alert.key(), alert);
      return true;
    }
    active.remove(alert.key());
    lastResolved.remove(alert.key());
    lastResolved.put(alert.key(), alert);
    if (lastResolved.size() > MAX_KEYS) {
      lastResolved.remove(lastResolved.keySet().iterator().next());
    }
    Map<String, Alert> ofRule = activeByRule.get(alert.ruleId());
    if (ofRule != null && ofRule.remove(alert.key()) != null && ofRule.isEmpty()) {
      activeByRule.remove(alert.ruleId());
    }
    if (maxResolved == 0) {
      return true;
    }
    if (resolved.size() == maxResolved) {
      resolved.removeLast();
    }
    resolved.addFirst(alert);
    return true;
  }

  /**
   * Returns whether {@code alert} derives from {@code stored}, the active alert of its key or
   * null: the same transitions (an update), one more (a state change), or, where none is active,
   * anything but a stale copy of the key's last resolved alert ({@code resolved}, or null).
   */
  private static boolean derivesFrom(Alert alert, Alert stored, Alert resolved) {
    List<Transition> history = alert.history();
    int n = history.size();
    if (stored == null) {
      return !isCopyOf(alert, resolved);
    }
    int m = stored.history().size();
    Transition last = stored.lastTransition();
    return m == n && last.equals(history.get(n - 1))
        || m == n - 1 && last.equals(history.get(n - 2));
  }

  /**
   * Returns whether {@code alert} is a stale copy of {@code resolved}: the same first transition,
   * and for a new alert (a single transition) resolved after it, as one opened and resolved at
   * one instant (a clock standing still) cannot be told from a new alert opening then.
   */
  private static boolean isCopyOf(Alert alert, Alert resolved) {
    return resolved != null && resolved.history().get(0).equals(alert.history().get(0))
        && (alert.history().size() > 1 || resolved.resolvedAt() != null
        && resolved.resolvedAt().isAfter(alert.activeSince()));
  }

  @Override
  public synchronized List<Alert> active() {
    return List.copyOf(active.values());
  }

  @Override
  public synchronized List<Alert> active(String ruleId) {
    requireNonNull(ruleId, "ruleId");
    Map<String, Alert> ofRule = activeByRule.get(ruleId);
    return ofRule == null ? List.of() : List.copyOf(ofRule.values());
  }

  @Override
  public synchronized List<Alert> resolved() {
    return List.copyOf(resolved);
  }

  @Override
  public synchronized Alert lastResolved(String key) {
    requireNonNull(key, "key");
    return lastResolved.get(key);
  }

  @Override
  public synchronized void saveSilence(Silence silence) {
    requireNonNull(silence, "silence");
    silences.put(silence.id(), silence);
  }

  @Override
  public synchronized boolean removeSilence(String id) {
    requireNonNull(id, "id");
    return silences.remove(id) != null;
  }

  @Override
  public synchronized List<Silence> silences() {
    return List.copyOf(silences.values());
  }
}
