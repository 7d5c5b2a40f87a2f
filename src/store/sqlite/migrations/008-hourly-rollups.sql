-- Hourly sums of the raw history of closed hours, so that aggregation over long ranges reads one
-- row per hour instead of every instance (src/ngsi/temporal/hourly-rollups.ts). Unlike
-- attr_rollups (hours whose raw rows retention removed), these hours still have their raw rows:
-- aggregation reads attr_hourly for whole hours before attr_hourly_mark.upto and raw rows for the
-- rest. Columns as in attr_rollups.
CREATE TABLE attr_hourly (
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

-- Hours (or, with hour = '', a whole series) whose raw rows changed after they were rolled up:
-- instances observed in a closed hour, instance edits and deletions. Aggregation reads raw rows
-- for a series with a mark in its range until the roll-up task has rolled it up again.
CREATE TABLE attr_hourly_dirty (
  tenant TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attr TEXT NOT NULL,
  hour TEXT NOT NULL,
  PRIMARY KEY (tenant, entity_id, attr, hour)
) WITHOUT ROWID;

-- Every hour before `upto` is rolled up (hour start, toISOString() form).
CREATE TABLE attr_hourly_mark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  upto TEXT NOT NULL
);
