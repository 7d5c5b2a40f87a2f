-- The history instances that have a datasetId; see the SQLite migration 018-history-dataset-index.sql.
CREATE INDEX attr_history_datasets ON attr_history (tenant, entity_id, attr, ts) WHERE dataset_id IS NOT NULL;
