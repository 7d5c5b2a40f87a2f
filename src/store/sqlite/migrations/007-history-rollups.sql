-- Aggregation and retention of attribute history (CIM 009 §5.7.x aggregated temporal
-- representation; retention is dothi's own). `num` is the number of a Property instance's value
-- (NULL otherwise) and `vkey` the JSON text of its value member, for distinctCount; both are
-- filled by src/ngsi/temporal/history-recorder.ts so that aggregation runs in SQL over the
-- (tenant, entity_id, attr, ts) index without reading the value JSON.
ALTER TABLE attr_history ADD COLUMN num REAL;
ALTER TABLE attr_history ADD COLUMN vkey TEXT;
UPDATE attr_history SET num = json_extract(value, '$.value')
WHERE deleted = 0 AND type = 'Property' AND json_type(value, '$.value') IN ('integer', 'real');
UPDATE attr_history SET vkey = json_extract(value, '$.value')
WHERE deleted = 0 AND json_type(value, '$.value') IN ('integer', 'real');
UPDATE attr_history SET vkey = json_quote(json_extract(value, '$.value'))
WHERE deleted = 0 AND json_type(value, '$.value') = 'text';

-- Hourly roll-ups of instances whose raw rows retention removed (src/ngsi/temporal/prune-history.ts).
-- `hour` is the hour's start in toISOString() form; `cnt` counts every instance, `ncnt` the
-- numeric ones that `sum`, `sumsq`, `min`, `max` cover.
CREATE TABLE attr_rollups (
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attr TEXT NOT NULL,
  hour TEXT NOT NULL,
  cnt INTEGER NOT NULL,
  ncnt INTEGER NOT NULL,
  sum REAL,
  sumsq REAL,
  min REAL,
  max REAL,
  PRIMARY KEY (tenant, entity_id, attr, hour)
) WITHOUT ROWID;
