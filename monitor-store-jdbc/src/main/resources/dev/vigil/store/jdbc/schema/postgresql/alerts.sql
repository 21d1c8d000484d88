-- Vigil alerts (AlertStore). Alert keys, rule ids and silence ids are free text (a group's tag
-- values), so rows are found by a hash of them (the first 128 bits of SHA-256, in hex); each row
-- holds its whole alert or silence as JSON (non-ASCII characters escaped).

-- The active alert of each (rule, group). transitions (the length of the alert's history) and
-- last_transition (a hash of its last transition) make each save a compare-and-set: a write
-- derived from an alert that another instance changed meanwhile is refused.
CREATE TABLE IF NOT EXISTS vigil_alert_active (
  key_hash VARCHAR(32) PRIMARY KEY,
  rule_hash VARCHAR(32) NOT NULL,
  state VARCHAR(16) NOT NULL,
  transitions INTEGER NOT NULL,
  last_transition VARCHAR(32) NOT NULL,
  saved_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  alert TEXT NOT NULL
);
-- active(ruleId)
CREATE INDEX IF NOT EXISTS vigil_alert_active_rule ON vigil_alert_active (rule_hash);

-- Resolved alerts, the most recently saved with the highest id; the oldest beyond the configured
-- count are deleted in batches.
CREATE TABLE IF NOT EXISTS vigil_alert_resolved (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_hash VARCHAR(32) NOT NULL,
  saved_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  alert TEXT NOT NULL
);
-- lastResolved(key): the key's highest id
CREATE INDEX IF NOT EXISTS vigil_alert_resolved_key ON vigil_alert_resolved (key_hash, id);

-- Silences, in the order they were first saved (seq).
CREATE TABLE IF NOT EXISTS vigil_alert_silence (
  id_hash VARCHAR(32) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  silence TEXT NOT NULL
);
