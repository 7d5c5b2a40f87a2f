-- IoT device registry, dead letters and commands, written by src/iot/. `doc` is the JSON text of
-- the provisioned service group or device (src/iot/model.ts); the columns beside it are what the
-- ingest path looks things up by. Times are ISO 8601 text.
CREATE TABLE iot_groups (
  tenant TEXT NOT NULL,
  subservice TEXT NOT NULL,
  apikey TEXT NOT NULL,
  resource TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant, subservice, apikey, resource)
);
CREATE INDEX iot_groups_apikey ON iot_groups (apikey);

-- A device is unique per tenant; measures find it by (apikey, device_id). `last_measure`,
-- `measures` and `errors` are the device's health and counters.
CREATE TABLE iot_devices (
  tenant TEXT NOT NULL,
  device_id TEXT NOT NULL,
  subservice TEXT NOT NULL,
  apikey TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_measure TEXT,
  measures BIGINT NOT NULL DEFAULT 0,
  errors BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, device_id)
);
CREATE INDEX iot_devices_key ON iot_devices (apikey, device_id);
CREATE INDEX iot_devices_entity ON iot_devices (tenant, entity_name);

-- Rejected input, kept with its reason. Rejections of the same kind from the same source within
-- one write are kept as one row with a `count`, so a flooding device cannot flood this table.
CREATE TABLE iot_dead_letters (
  seq BIGSERIAL PRIMARY KEY,
  tenant TEXT NOT NULL,
  transport TEXT NOT NULL,
  apikey TEXT NOT NULL,
  device_id TEXT NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  sample TEXT NOT NULL,
  size INTEGER NOT NULL,
  count INTEGER NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL
);
CREATE INDEX iot_dead_letters_device ON iot_dead_letters (apikey, device_id, seq);

-- Commands sent to devices, until they are answered or expire.
CREATE TABLE iot_commands (
  tenant TEXT NOT NULL,
  device_id TEXT NOT NULL,
  name TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  status TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (tenant, device_id, name)
);
CREATE INDEX iot_commands_expiry ON iot_commands (status, expires_at);
