-- Starting statistics for SQLite's query planner, so that a new database plans like a large one:
-- a tenant holds many entities, a (path, value) pair few. Without them SQLite drives queries from
-- the tenant index and visits every entity. `PRAGMA optimize` replaces them with measured ones
-- as the database grows (sqlite-store.ts).
ANALYZE;
DELETE FROM sqlite_stat1;
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
  ('entities', NULL, '1000000'),
  ('entities', 'sqlite_autoindex_entities_1', '1000000 100000 1'),
  ('entity_types', 'sqlite_autoindex_entity_types_1', '1000000 20000 1'),
  ('entity_types', 'entity_types_pk', '1000000 1'),
  ('attr_values', NULL, '5000000'),
  ('attr_values', 'attr_values_str', '5000000 100000 20 1'),
  ('attr_values', 'attr_values_num', '5000000 100000 20 1'),
  ('attr_values', 'attr_values_pk', '5000000 5'),
  ('geo_shapes', NULL, '1000000'),
  ('geo_shapes', 'geo_shapes_pk', '1000000 1'),
  ('geo_shapes', 'geo_shapes_attr', '1000000 500000 1');
