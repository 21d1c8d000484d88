-- Vigil cluster lease: one row per lease; its holder is the cluster's leader until expires_at
-- (the database's clock).
CREATE TABLE IF NOT EXISTS vigil_lease (
  name VARCHAR(100) PRIMARY KEY,
  holder VARCHAR(200) NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  epoch BIGINT NOT NULL
);
