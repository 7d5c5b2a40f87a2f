-- Entities in normal form (src/ngsi/entity/model.ts) with the secondary tables that make queries fast.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE tenants (
  name TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

CREATE TABLE entities (
  pk BIGSERIAL PRIMARY KEY,
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  doc JSONB NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  UNIQUE (tenant, id)
);

CREATE TABLE entity_types (
  pk BIGINT NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (type, pk)
);
CREATE INDEX entity_types_pk ON entity_types (pk);

-- See the SQLite migration for the meaning of path/str/num.
CREATE TABLE attr_values (
  pk BIGINT NOT NULL,
  path TEXT NOT NULL,
  str TEXT,
  num DOUBLE PRECISION
);
CREATE INDEX attr_values_str ON attr_values (path, str, pk) WHERE str IS NOT NULL;
CREATE INDEX attr_values_num ON attr_values (path, num, pk) WHERE num IS NOT NULL;
CREATE INDEX attr_values_pk ON attr_values (pk);

CREATE TABLE geo_shapes (
  gid BIGSERIAL PRIMARY KEY,
  pk BIGINT NOT NULL,
  attr TEXT NOT NULL,
  geojson TEXT NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX geo_shapes_pk ON geo_shapes (pk);
CREATE INDEX geo_shapes_geom ON geo_shapes USING GIST (geom);
CREATE INDEX geo_shapes_geog ON geo_shapes USING GIST ((geom::geography));
