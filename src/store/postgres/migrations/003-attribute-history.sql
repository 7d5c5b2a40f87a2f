-- Temporal evolution of attributes; see the SQLite migration 005-attribute-history.sql for the
-- meaning of every column.
CREATE TABLE attr_history (
  seq BIGSERIAL PRIMARY KEY,
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attr TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  dataset_id TEXT,
  observed_at TEXT,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  ts TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  type TEXT NOT NULL,
  value TEXT
);
CREATE INDEX attr_history_ts ON attr_history (tenant, entity_id, attr, ts);

CREATE TABLE history_entities (
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  types TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT,
  PRIMARY KEY (tenant, entity_id)
);

INSERT INTO history_entities (tenant, entity_id, types, created_at)
SELECT tenant, id, (doc -> 'types')::text, created_at FROM entities;
