-- Temporal evolution of attributes (CIM 009 §4.5.x, §5.7.3-§5.7.4), written by
-- src/ngsi/temporal/history-recorder.ts inside each entity write. One row per new or changed
-- attribute instance, and a row with deleted = 1 when an instance, attribute or entity is deleted.
-- `ts` is the time timerel compares by default: observedAt when the instance has one, else
-- modifiedAt, always in toISOString() form so that text order is time order. `value` is the
-- instance JSON without createdAt/modifiedAt (they are columns).
CREATE TABLE attr_history (
  seq INTEGER PRIMARY KEY,
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

-- Entities as history knows them: their types, and when they were deleted. Kept apart from
-- `entities` so that the history of a deleted entity stays retrievable with its type.
CREATE TABLE history_entities (
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  types TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT,
  PRIMARY KEY (tenant, entity_id)
) WITHOUT ROWID;

INSERT INTO history_entities (tenant, entity_id, types, created_at)
SELECT tenant, id, json_extract(doc, '$.types'), created_at FROM entities;
