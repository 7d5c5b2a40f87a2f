-- Aggregation and retention of attribute history; see the SQLite migration
-- 007-history-rollups.sql for the meaning of every column.
ALTER TABLE attr_history ADD COLUMN num DOUBLE PRECISION;
ALTER TABLE attr_history ADD COLUMN vkey TEXT;
UPDATE attr_history SET num = (value::jsonb ->> 'value')::double precision
WHERE deleted = 0 AND type = 'Property' AND jsonb_typeof(value::jsonb -> 'value') = 'number';
UPDATE attr_history SET vkey = (value::jsonb -> 'value')::text
WHERE deleted = 0 AND jsonb_typeof(value::jsonb -> 'value') IN ('number', 'string');

CREATE TABLE attr_rollups (
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attr TEXT NOT NULL,
  hour TEXT NOT NULL,
  cnt BIGINT NOT NULL,
  ncnt BIGINT NOT NULL,
  sum DOUBLE PRECISION,
  sumsq DOUBLE PRECISION,
  min DOUBLE PRECISION,
  max DOUBLE PRECISION,
  PRIMARY KEY (tenant, entity_id, attr, hour)
);
