-- observedAt is no longer kept in attr_values (src/ngsi/query/index-rows.ts): `a.observedAt` in
-- q reads the stored document. The rows written before are removed.
DELETE FROM attr_values
WHERE substr(path, -length(' https://uri.etsi.org/ngsi-ld/observedAt')) = ' https://uri.etsi.org/ngsi-ld/observedAt';
