-- entity_types gains the entity's tenant, first in its key: a tenant's entities of one type are one
-- range of the key. A query by type then reads that tenant's keys alone (not every tenant's keys of
-- the type), a type's entities are counted from the key, and a tenant's types are listed without
-- visiting the entities of other tenants.
ALTER TABLE entity_types RENAME TO entity_types_untenanted;
CREATE TABLE entity_types (
  tenant TEXT NOT NULL,
  type TEXT NOT NULL,
  pk INTEGER NOT NULL,
  PRIMARY KEY (tenant, type, pk)
) WITHOUT ROWID;
INSERT INTO entity_types (tenant, type, pk)
SELECT e.tenant, t.type, t.pk FROM entity_types_untenanted t JOIN entities e ON e.pk = t.pk;
DROP TABLE entity_types_untenanted;
-- The planner's starting statistics (see 003-planner-statistics.sql) for the new key: a tenant holds
-- many entities, a type of a tenant many too. `PRAGMA optimize` replaces them as the data grows.
DELETE FROM sqlite_stat1 WHERE tbl IN ('entity_types', 'entity_types_untenanted');
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
  ('entity_types', 'sqlite_autoindex_entity_types_1', '1000000 100000 20000 1');
