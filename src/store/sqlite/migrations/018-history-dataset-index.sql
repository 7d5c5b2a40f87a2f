-- The history instances that have a datasetId, by series and time (src/ngsi/temporal/history-repo.ts).
-- Most attributes have none: a read of a series' first instances in time order is then the whole
-- answer, and this index tells in one seek that no other instance series shares the window.
-- Rows without a datasetId are not in it, so it costs nothing on most writes.
CREATE INDEX attr_history_datasets ON attr_history (tenant, entity_id, attr, ts) WHERE dataset_id IS NOT NULL;
