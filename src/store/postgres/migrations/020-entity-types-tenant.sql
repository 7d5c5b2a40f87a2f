-- entity_types gains the entity's tenant, first in its key (see the SQLite migration): a tenant's
-- entities of one type are one range of the key.
ALTER TABLE entity_types ADD COLUMN tenant TEXT;
UPDATE entity_types t SET tenant = e.tenant FROM entities e WHERE e.pk = t.pk;
DELETE FROM entity_types WHERE tenant IS NULL;
ALTER TABLE entity_types ALTER COLUMN tenant SET NOT NULL;
ALTER TABLE entity_types DROP CONSTRAINT entity_types_pkey;
ALTER TABLE entity_types ADD PRIMARY KEY (tenant, type, pk);
