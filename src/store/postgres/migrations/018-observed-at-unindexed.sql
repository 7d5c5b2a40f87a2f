-- observedAt is no longer kept in attr_values (src/ngsi/query/index-rows.ts): `a.observedAt` in
-- q reads the stored document. The rows written before are removed.
DELETE FROM attr_values WHERE right(path, 40) = ' https://uri.etsi.org/ngsi-ld/observedAt';
