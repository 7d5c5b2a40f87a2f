-- How many entities of each tenant have each layout: their types, and their attributes with the
-- attribute type of each (src/ngsi/entity/entity-layouts.ts, which writes the same layout text).
-- Discovery reads it instead of every entity's document. Kept by every entity write; filled here.
CREATE TABLE entity_layouts (
  tenant TEXT NOT NULL,
  layout TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (tenant, layout)
) WITHOUT ROWID;

INSERT INTO entity_layouts (tenant, layout, n)
SELECT tenant, layout, COUNT(*) FROM (
  SELECT e.tenant AS tenant,
    (SELECT group_concat(t.value, ' ' ORDER BY t.value) FROM json_each(e.doc, '$.types') t) ||
    coalesce((SELECT group_concat(char(10) || a.key || ' ' || coalesce(json_extract(a.value, '$[0].type'), ''), '' ORDER BY a.key)
                FROM json_each(e.doc, '$.attrs') a), '') AS layout
  FROM entities e)
GROUP BY tenant, layout;
