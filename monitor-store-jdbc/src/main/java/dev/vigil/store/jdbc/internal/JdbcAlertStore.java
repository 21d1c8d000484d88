package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;

/**
 * The {@link AlertStore} in a database, shared by the instances of a cluster: the active alerts
 * (one row per key), the resolved ones (the most recent {@code maxResolved} kept) and the
 * silences, each row holding its alert or silence as JSON ({@link AlertJson}, {@link
 * SilenceJson}, non-ASCII characters escaped so that any database encoding keeps them).
 *
 * <p><b>Stale writes.</b> Each active row also holds its alert's number of transitions and a hash
 * of the last one, so that {@link #save} applies {@link AlertStore}'s rule in one statement: an
 * {@code UPDATE} (or, for a resolved alert, a {@code DELETE} and an {@code INSERT} in one
 * transaction) whose {@code WHERE} requires the stored alert to be the one the saved alert
 * derives from. Where no row of its key exists, an alert is inserted unless it is a stale copy of
 * the key's last resolved alert (the primary key decides between two instances inserting at
 * once).
 *
 * <p><b>Resolved history.</b> {@link #resolved()} reads the {@code maxResolved} most recently
 * saved. Every {@code trimEvery}th resolved alert saved by this instance (the first included), the
 * rows beyond them are deleted, {@code trimBatch} rows per statement, so no statement holds many
 * locks; a failed trim is logged (WARN once, then DEBUG) and the save still succeeds.
 *
 * <p>Thread-safe; holds no connection between calls.
 */
public final class JdbcAlertStore implements AlertStore {

  /** How many resolved alerts are kept by default. */
  public static final int DEFAULT_MAX_RESOLVED = 10_000;
  /** Every how many resolved alerts saved the history is trimmed. */
  static final int TRIM_EVERY = 100;
  /** How many rows one trimming statement deletes at most. */
  static final int TRIM_BATCH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcAlertStore.class);
  private static final ObjectWriter JSON = Db.json().writer()
      .with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private final Db db;
  private final int maxResolved;
  private final int trimEvery;
  private final int trimBatch;
  private final AtomicLong resolvedSaves = new AtomicLong();
  private final AtomicBoolean trimFailed = new AtomicBoolean();

  private final String updateActive;
  private final String insertActive;
  private final String deleteActive;
  private final String activeExists;
  private final String selectActive;
  private final String selectActiveOfRule;
  private final String insertResolved;
  private final String selectResolved;
  private final String selectLastResolved;
  private final String resolvedCutoff;
  private final String trimResolved;
  private final String updateSilence;
  private final String insertSilence;
  private final String deleteSilence;
  private final String selectSilences;

  /** Creates the store, with its tables if the schema initialization says so. */
  public JdbcAlertStore(Db db, int maxResolved) {
    this(db, maxResolved, TRIM_EVERY, TRIM_BATCH);
  }

  /** Creates the store, trimming the history every {@code trimEvery} saves by {@code trimBatch}. */
  public JdbcAlertStore(Db db, int maxResolved, int trimEvery, int trimBatch) {
    this.db = requireNonNull(db, "db");
    if (maxResolved < 1 || trimEvery < 1 || trimBatch < 1) {
      throw new IllegalArgumentException("maxResolved, trimEvery and trimBatch must be positive "
          + "but were " + maxResolved + ", " + trimEvery + ", " + trimBatch);
    }
    this.maxResolved = maxResolved;
    this.trimEvery = trimEvery;
    this.trimBatch = trimBatch;
    String active = db.table("alert_active");
    String resolved = db.table("alert_resolved");
    String silences = db.table("alert_silence");
    // the stored alert is the same one (same transitions, same last) or one transition earlier
    String derivesFrom = " WHERE key_hash = ? AND (transitions = ? AND last_transition = ?"
        + " OR transitions = ? AND last_transition = ?)";
    updateActive = "UPDATE " + active + " SET state = ?, transitions = ?, last_transition = ?,"
        + " saved_at = CURRENT_TIMESTAMP, alert = ?" + derivesFrom;
    insertActive = "INSERT INTO " + active
        + " (key_hash, rule_hash, state, transitions, last_transition, alert)"
        + " SELECT ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one (x)"
        + " WHERE NOT EXISTS (SELECT 1 FROM " + active + " WHERE key_hash = ?)";
    deleteActive = "DELETE FROM " + active + derivesFrom;
    activeExists = "SELECT 1 FROM " + active + " WHERE key_hash = ?";
    selectActive = "SELECT alert FROM " + active;
    selectActiveOfRule = "SELECT alert FROM " + active + " WHERE rule_hash = ?";
    insertResolved = "INSERT INTO " + resolved + " (key_hash, alert) VALUES (?, ?)";
    selectResolved = "SELECT alert FROM " + resolved + " ORDER BY id DESC LIMIT ?";
    selectLastResolved = "SELECT alert FROM " + resolved
        + " WHERE key_hash = ? ORDER BY id DESC LIMIT 1";
    resolvedCutoff = "SELECT id FROM " + resolved + " ORDER BY id DESC LIMIT 1 OFFSET ?";
    trimResolved = "DELETE FROM " + resolved + " WHERE id IN (SELECT id FROM " + resolved
        + " WHERE id <= ? ORDER BY id LIMIT ?)";
    updateSilence = "UPDATE " + silences + " SET silence = ? WHERE id_hash = ?";
    insertSilence = "INSERT INTO " + silences + " (id_hash, silence) VALUES (?, ?)";
    deleteSilence = "DELETE FROM " + silences + " WHERE id_hash = ?";
    selectSilences = "SELECT silence FROM " + silences + " ORDER BY seq";
    db.initialize("alerts");
  }

  @Override
  public boolean save(Alert alert) {
    requireNonNull(alert, "alert");
    List<Transition> history = alert.history();
    int n = history.size();
    String key = hash(alert.key());
    String last = fingerprint(history.get(n - 1));
    String base = n > 1 ? fingerprint(history.get(n - 2)) : "";
    String json = JSON.writeValueAsString(AlertJson.write(alert));
    String what = "save the alert " + describe(alert.key());
    if (alert.state().isActive()) {
      return db.run(what, c -> {
        if (update(c, updateActive, alert.state(), n, last, json, key, n, last, n - 1, base) == 1) {
          return true;
        }
        if (isStaleCopy(c, alert, key)) {
          return false; // the alert it derives from resolved meanwhile
        }
        try { // only where no alert of the key is active: the stored one moved on otherwise
          return update(c, insertActive, key, hash(alert.ruleId()), alert.state(), n, last, json,
              key) == 1;
        } catch (SQLException e) {
          if (isUniqueViolation(e)) {
            return false; // another alert of the key was inserted first
          }
          throw e;
        }
      });
    }
    boolean saved = db.transaction(what, c -> {
      if (update(c, deleteActive, key, n, last, n - 1, base) == 0
          && (!Db.query(c, activeExists, rs -> 1, key).isEmpty()
          || isStaleCopy(c, alert, key))) {
        return false;
      }
      update(c, insertResolved, key, json);
      return true;
    });
    if (saved && resolvedSaves.getAndIncrement() % trimEvery == 0) {
      trimQuietly();
    }
    return saved;
  }

  /**
   * Returns whether {@code alert}, where no alert of its key is active, is a stale copy of the
   * key's last resolved alert: the same first transition (and for a new alert, resolved after it),
   * as {@link AlertStore} says.
   */
  private boolean isStaleCopy(Connection c, Alert alert, String key) throws SQLException {
    List<Alert> last = Db.query(c, selectLastResolved, rs -> AlertJson.fromJson(
        rs.getString(1)), key);
    if (last.isEmpty()) {
      return false;
    }
    Alert resolved = last.get(0);
    return resolved.history().get(0).equals(alert.history().get(0))
        && (alert.history().size() > 1 || resolved.resolvedAt() != null
        && resolved.resolvedAt().isAfter(alert.activeSince()));
  }

  @Override
  public List<Alert> active() {
    return List.copyOf(db.query("read the active alerts", selectActive, JdbcAlertStore::alert));
  }

  @Override
  public List<Alert> active(String ruleId) {
    requireNonNull(ruleId, "ruleId");
    return List.copyOf(db.query("read the active alerts of rule " + describe(ruleId),
        selectActiveOfRule, JdbcAlertStore::alert, hash(ruleId)));
  }

  @Override
  public List<Alert> resolved() {
    return List.copyOf(db.query("read the resolved alerts", selectResolved,
        JdbcAlertStore::alert, maxResolved));
  }

  @Override
  public Alert lastResolved(String key) {
    requireNonNull(key, "key");
    List<Alert> last = db.query("read the last resolved alert " + describe(key),
        selectLastResolved, JdbcAlertStore::alert, hash(key));
    return last.isEmpty() ? null : last.get(0);
  }

  @Override
  public void saveSilence(Silence silence) {
    requireNonNull(silence, "silence");
    String id = hash(silence.id());
    String json = JSON.writeValueAsString(SilenceJson.write(silence));
    db.run("save the silence " + describe(silence.id()), c -> {
      // replaced in place, keeping the order of its first save
      for (int attempt = 0; update(c, updateSilence, json, id) == 0; attempt++) {
        try {
          update(c, insertSilence, id, json);
          return null;
        } catch (SQLException e) {
          if (!isUniqueViolation(e) || attempt > 0) {
            throw e;
          }
          // inserted by another instance meanwhile: update it
        }
      }
      return null;
    });
  }

  @Override
  public boolean removeSilence(String id) {
    requireNonNull(id, "id");
    return db.update("remove the silence " + describe(id), deleteSilence, hash(id)) > 0;
  }

  @Override
  public List<Silence> silences() {
    return List.copyOf(db.query("read the silences", selectSilences,
        rs -> SilenceJson.fromJson(rs.getString(1))));
  }

  /** Deletes the resolved alerts beyond the most recent {@code maxResolved}, in batches. */
  void trim() {
    List<Long> cutoff = db.query("find the oldest resolved alert to keep", resolvedCutoff,
        rs -> rs.getLong(1), maxResolved);
    if (cutoff.isEmpty()) {
      return;
    }
    while (db.update("trim the resolved alerts", trimResolved, cutoff.get(0), trimBatch)
        == trimBatch) {
      // another batch
    }
  }

  private void trimQuietly() {
    try {
      trim();
      trimFailed.set(false);
    } catch (RuntimeException e) {
      if (trimFailed.compareAndSet(false, true)) {
        LOG.warn("Vigil could not trim its resolved alerts; it tries again later", e);
      } else {
        LOG.debug("Vigil could not trim its resolved alerts", e);
      }
    }
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    return AlertJson.fromJson(rs.getString(1));
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Db.bind(ps, args);
      return ps.executeUpdate();
    }
  }

  private static boolean isUniqueViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /** Returns {@code text} for an error message: quoted, and cut if long (a key may be). */
  private static String describe(String text) {
    return "'" + (text.length() <= 200 ? text : text.substring(0, 200) + "…") + "'";
  }

  /** Returns {@link Db#hash} of {@code text}: a fixed-size column value for free text. */
  static String hash(String text) {
    return Db.hash(text);
  }

  /** Returns a hash of {@code t}: equal transitions ({@link Transition#equals}) hash alike. */
  static String fingerprint(Transition t) {
    return hash((t.from() == null ? "" : t.from().name()) + '\n' + t.to().name() + '\n' + t.at()
        + '\n' + Long.toHexString(Double.doubleToLongBits(t.value())) + '\n' + t.reason());
  }

  @Override
  public String toString() {
    return "JdbcAlertStore[" + db.table("alert_*") + ", " + maxResolved + " resolved]";
  }
}
