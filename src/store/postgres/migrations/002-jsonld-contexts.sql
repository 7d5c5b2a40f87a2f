-- @context documents of the /ngsi-ld/v1/jsonldContexts API (CIM 009 V1.8 §5.13), written by
-- src/ngsi/context/hosted-context-store.ts. Rows hold the kinds Hosted and ImplicitlyCreated; `url`
-- stays NULL for them (their URL is derived from the broker's base URL and `id`); downloaded (Cached)
-- contexts are kept in memory only. `body` is the JSON text {"@context": ...}; times are ISO 8601.
-- The same DDL serves SQLite and PostgreSQL.
CREATE TABLE jsonld_contexts (
  id TEXT PRIMARY KEY,
  url TEXT,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_usage TEXT,
  hits INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jsonld_contexts_kind ON jsonld_contexts (kind, created_at);
