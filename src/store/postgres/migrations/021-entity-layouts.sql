-- How many entities of each tenant have each layout (see the SQLite migration and
-- src/ngsi/entity/entity-layouts.ts, which writes the same layout text). Filled here.
CREATE TABLE entity_layouts (
  tenant TEXT NOT NULL,
  layout TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (tenant, layout)
);

INSERT INTO entity_layouts (tenant, layout, n)
SELECT tenant, layout, COUNT(*) FROM (
  SELECT e.tenant AS tenant,
    (SELECT string_agg(t, ' ' ORDER BY t COLLATE "C") FROM jsonb_array_elements_text(e.doc->'types') t) ||
    coalesce((SELECT string_agg(E'\n' || a.key || ' ' || coalesce(a.value->0->>'type', ''), '' ORDER BY a.key COLLATE "C")
                FROM jsonb_each(e.doc->'attrs') a), '') AS layout
  FROM entities e) AS s
GROUP BY tenant, layout;
