-- Hourly sums of the raw history of closed hours; see the SQLite migration 008-hourly-rollups.sql
-- for the meaning of every table and column.
CREATE TABLE attr_hourly (
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

CREATE TABLE attr_hourly_dirty (
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attr TEXT NOT NULL,
  hour TEXT NOT NULL,
  PRIMARY KEY (tenant, entity_id, attr, hour)
);

CREATE TABLE attr_hourly_mark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  upto TEXT NOT NULL
);
