-- Every index is written by every entity write. These three are not needed on SQLite:
-- entity_types is found by its primary key (type, pk) with the known types; shapes are found by
-- their key range (gid = pk * 65536 + n, see geo-hooks.ts) and by the R*Tree.
DROP INDEX entity_types_pk;
DROP INDEX geo_shapes_pk;
DROP INDEX geo_shapes_attr;
