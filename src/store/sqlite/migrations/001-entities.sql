-- Entities in normal form (src/ngsi/entity/model.ts) with the secondary tables that make queries fast.
CREATE TABLE tenants (
  name TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

CREATE TABLE entities (
  pk INTEGER PRIMARY KEY,
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  UNIQUE (tenant, id)
);

-- One row per expanded type of an entity.
CREATE TABLE entity_types (
  pk INTEGER NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (type, pk)
) WITHOUT ROWID;
CREATE INDEX entity_types_pk ON entity_types (pk);

-- Scalar values of attributes, sub-attributes and scopes, one row per instance and array element.
-- `path` is the expanded attribute name, or "<attr> <sub-attr>" for a sub-attribute; `str` holds
-- strings, booleans ('true'/'false') and relationship targets; `num` holds numbers and the epoch
-- milliseconds of date-time strings.
CREATE TABLE attr_values (
  pk INTEGER NOT NULL,
  path TEXT NOT NULL,
  str TEXT,
  num REAL
);
CREATE INDEX attr_values_str ON attr_values (path, str, pk) WHERE str IS NOT NULL;
CREATE INDEX attr_values_num ON attr_values (path, num, pk) WHERE num IS NOT NULL;
CREATE INDEX attr_values_pk ON attr_values (pk);

-- Geometries of GeoProperties: bounding boxes in an R*Tree, exact shapes beside it.
CREATE VIRTUAL TABLE geo_rtree USING rtree (gid, min_x, max_x, min_y, max_y);
CREATE TABLE geo_shapes (
  gid INTEGER PRIMARY KEY,
  pk INTEGER NOT NULL,
  attr TEXT NOT NULL,
  geojson TEXT NOT NULL
);
CREATE INDEX geo_shapes_pk ON geo_shapes (pk);
CREATE INDEX geo_shapes_attr ON geo_shapes (attr, pk);
