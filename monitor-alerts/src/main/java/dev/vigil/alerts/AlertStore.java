package dev.vigil.alerts;

import dev.vigil.alerts.internal.InMemoryAlertStore;
import java.util.List;

/**
 * Keeps an engine's alerts: the active ones, at most one per {@linkplain Alert#key() (rule,
 * group)}, and a bounded history of resolved ones. The engine reads the active alerts from the
 * store at every evaluation, so an engine started on a store that outlived another engine carries
 * on where that one stopped: a firing alert is not fired again, a pending one keeps its start, an
 * acknowledgement and the time of the last reminder are kept. It also keeps the engine's
 * {@linkplain Silence silences}.
 *
 * <p>Implementations are thread-safe. {@link #inMemory()} is the built-in one; a persistent one
 * (JDBC) is not built yet.
 */
public interface AlertStore {

  /** Returns an in-memory store keeping the 1,000 most recently resolved alerts. */
  static AlertStore inMemory() {
    return inMemory(1_000);
  }

  /**
   * Returns an in-memory store keeping the {@code maxResolved} most recently resolved alerts.
   *
   * @throws IllegalArgumentException if {@code maxResolved} is negative
   */
  static AlertStore inMemory(int maxResolved) {
    return new InMemoryAlertStore(maxResolved);
  }

  /**
   * Saves {@code alert}: an active one replaces the active alert of its key, a resolved one is
   * removed from the active alerts and added to the resolved history.
   */
  void save(Alert alert);

  /** Returns the active alerts, in no particular order; an unmodifiable snapshot. */
  List<Alert> active();

  /** Returns the active alerts of rule {@code ruleId}; an unmodifiable snapshot. */
  List<Alert> active(String ruleId);

  /** Returns the resolved alerts kept, most recently resolved first; an unmodifiable snapshot. */
  List<Alert> resolved();

  /**
   * Returns the most recently resolved alert of {@code key} (a {@linkplain Alert#key() rule and
   * group}), or {@code null}. Flap detection reads it whenever an alert of a rule with {@linkplain
   * AlertRule#flapThreshold() flap detection} opens, for the {@linkplain Alert#changes() change
   * times} of the alerts before it, so a persistent store keeps {@code changes} and answers this
   * from an index. The default scans {@link #resolved()}.
   */
  default Alert lastResolved(String key) {
    for (Alert alert : resolved()) {
      if (alert.key().equals(key)) {
        return alert;
      }
    }
    return null;
  }

  /** Saves {@code silence}, replacing a silence with the same {@linkplain Silence#id() id}. */
  void saveSilence(Silence silence);

  /** Removes the silence with id {@code id}; returns whether there was one. */
  boolean removeSilence(String id);

  /** Returns the silences kept, in the order they were first saved; an unmodifiable snapshot. */
  List<Silence> silences();
}
