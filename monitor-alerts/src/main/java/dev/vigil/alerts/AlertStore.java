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
 * <p><b>Several writers.</b> Engines of several instances may share one store (a database): the
 * leader evaluates while a person acknowledges, resolves or silences on another instance. A write
 * made from what an engine read before another write changed the alert's state must not undo that
 * change, so {@link #save(Alert)} is conditional. An alert's {@linkplain Alert#history() history}
 * only grows, by one {@link Transition} per state change, and each save is derived from the alert
 * as read from the store (at most one transition further). A save of an alert with {@code n}
 * transitions is applied only when the active alert stored for its key is
 *
 * <ul>
 *   <li>the same alert with the same {@code n} transitions, the last one equal: an update without
 *       a state change (a new value, the start of clearing, what mutes it, a reminder's time);
 *   <li>the same alert one transition earlier ({@code n - 1} transitions, its last equal to the
 *       saved alert's {@code n - 1}th): a state change;
 *   <li>none at all: a new alert (a single transition), or one restored from elsewhere; unless it
 *       is a stale copy of the key's {@linkplain #lastResolved(String) last resolved alert}: the
 *       same first transition (and for a new alert, resolved after it).
 * </ul>
 *
 * <p>Otherwise the store keeps what it has and {@code save} returns {@code false}: the stored
 * alert moved on (another write changed its state, or resolved it) since the alert saved was read.
 * The rule holds for resolved alerts too: a refused one is not added to the history. The engine
 * neither publishes nor counts a refused transition; its next evaluation starts from the stored
 * alert. Transitions are compared by value ({@link Transition#equals}: states, time to the
 * nanosecond, reason and value); the one gap is an alert resolved at the very instant it opened,
 * whose stale single-transition copy is taken for a new alert (with a real clock, a write that
 * stale cannot happen within that instant; with a test's clock standing still, a new alert must
 * open then).
 *
 * <p>Implementations are thread-safe, and apply this rule atomically (a compare-and-set). {@link
 * #inMemory()} is the built-in one; the JDBC store ({@code monitor-store-jdbc}) keeps alerts in a
 * database for a cluster.
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
   * Saves {@code alert} if it derives from the active alert stored for its key (see <b>Several
   * writers</b> above): an active one replaces the active alert of its key; a resolved one is
   * removed from the active alerts and added to the resolved history, both at once.
   *
   * @return whether it was saved; {@code false} if it was refused as stale, the stored alert being
   *     left as it was
   */
  boolean save(Alert alert);

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
