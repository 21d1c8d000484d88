-- Vigil notification outbox: one row per (notification, channel) from before its first attempt
-- until it is delivered or cancelled (kept for the retention, then deleted) or dead (kept as a
-- dead letter, the most recent ones). claimed_by / claimed_until: the notifier that holds a
-- PENDING row and until when (its clock); seq orders the pending rows (set when a row becomes
-- PENDING), saved_seq the dead letters (set on every save). Rows are found by id_hash, a hash of
-- the id (the first 128 bits of SHA-256, in hex): an id holds an alert's key, which may be longer
-- than PostgreSQL can index.
CREATE SEQUENCE IF NOT EXISTS vigil_outbox_seq;
CREATE TABLE IF NOT EXISTS vigil_outbox (
  id_hash VARCHAR(32) PRIMARY KEY,
  id VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  due_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_error VARCHAR,
  group_key VARCHAR,
  claimed_by VARCHAR(200),
  claimed_until TIMESTAMP WITH TIME ZONE,
  seq BIGINT NOT NULL,
  saved_seq BIGINT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  notification CHARACTER LARGE OBJECT NOT NULL
);
-- claims and pending(): the PENDING rows in order
CREATE INDEX IF NOT EXISTS vigil_outbox_state_seq ON vigil_outbox (state, seq);
-- dead letters, most recent first, and their bound
CREATE INDEX IF NOT EXISTS vigil_outbox_state_saved ON vigil_outbox (state, saved_seq);
-- retention of the delivered and cancelled rows
CREATE INDEX IF NOT EXISTS vigil_outbox_state_updated ON vigil_outbox (state, updated_at);
