-- A device's health counters live in a narrow table of their own: they change with every
-- measure, and an UPDATE of iot_devices rewrote the whole row, provisioning document included.
CREATE TABLE iot_device_health (
  tenant TEXT NOT NULL,
  device_id TEXT NOT NULL,
  last_measure TEXT,
  measures INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, device_id)
) WITHOUT ROWID;

INSERT INTO iot_device_health (tenant, device_id, last_measure, measures, errors)
SELECT tenant, device_id, last_measure, measures, errors FROM iot_devices
WHERE last_measure IS NOT NULL OR measures > 0 OR errors > 0;

ALTER TABLE iot_devices DROP COLUMN last_measure;
ALTER TABLE iot_devices DROP COLUMN measures;
ALTER TABLE iot_devices DROP COLUMN errors;
