import { LIMIT_PARAM, type SqlExecutor } from '../store/index.js';
import type { Device, Scope, ServiceGroup } from './model.js';

// SQL of the device registry, written once for both stores (`?` placeholders, plain SQL).

export interface GroupRecord extends Scope {
  group: ServiceGroup;
}

export interface DeviceRecord extends Scope {
  device: Device;
  lastMeasure: string | undefined;
  measures: number;
  errors: number;
}

interface GroupRow {
  tenant: string;
  subservice: string;
  doc: string;
}

interface DeviceRow extends GroupRow {
  last_measure: string | null;
  measures: number | string;
  errors: number | string;
}

const toGroup = (r: GroupRow): GroupRecord => ({
  tenant: r.tenant,
  subservice: r.subservice,
  group: JSON.parse(r.doc) as ServiceGroup,
});

const toDevice = (r: DeviceRow): DeviceRecord => ({
  tenant: r.tenant,
  subservice: r.subservice,
  device: JSON.parse(r.doc) as Device,
  lastMeasure: r.last_measure ?? undefined,
  measures: Number(r.measures),
  errors: Number(r.errors),
});

// Health counters are in iot_device_health (a narrow row, updated with every measure).
const deviceColumns =
  'tenant, subservice, doc, last_measure, COALESCE(measures, 0) AS measures, COALESCE(errors, 0) AS errors';
const devicesWithHealth = 'iot_devices LEFT JOIN iot_device_health USING (tenant, device_id)';

export const groupRepo = {
  /** Resolves false when a group with the same scope, apikey and resource exists. */
  async insert(tx: SqlExecutor, rec: GroupRecord, now: string): Promise<boolean> {
    const r = await tx.run(
      `INSERT INTO iot_groups (tenant, subservice, apikey, resource, doc, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, subservice, apikey, resource) DO NOTHING`,
      [rec.tenant, rec.subservice, rec.group.apikey, rec.group.resource, JSON.stringify(rec.group), now],
    );
    return r.changes === 1;
  },
  async update(tx: SqlExecutor, rec: GroupRecord): Promise<boolean> {
    const r = await tx.run(
      'UPDATE iot_groups SET doc = ? WHERE tenant = ? AND subservice = ? AND apikey = ? AND resource = ?',
      [JSON.stringify(rec.group), rec.tenant, rec.subservice, rec.group.apikey, rec.group.resource],
    );
    return r.changes > 0;
  },
  async delete(tx: SqlExecutor, scope: Scope, apikey: string, resource: string): Promise<boolean> {
    const r = await tx.run(
      'DELETE FROM iot_groups WHERE tenant = ? AND subservice = ? AND apikey = ? AND resource = ?',
      [scope.tenant, scope.subservice, apikey, resource],
    );
    return r.changes > 0;
  },
  async byApikey(db: SqlExecutor, apikey: string): Promise<GroupRecord[]> {
    const rows = await db.all<GroupRow>(
      'SELECT tenant, subservice, doc FROM iot_groups WHERE apikey = ? ORDER BY tenant, subservice, resource',
      [apikey],
    );
    return rows.map(toGroup);
  },
  async list(db: SqlExecutor, scope: Scope, limit: number, offset: number) {
    const where = 'WHERE tenant = ? AND subservice = ?';
    const rows = await db.all<GroupRow>(
      `SELECT tenant, subservice, doc FROM iot_groups ${where} ORDER BY created_at, apikey, resource LIMIT ${LIMIT_PARAM} OFFSET ?`,
      [scope.tenant, scope.subservice, limit, offset],
    );
    const count = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM iot_groups ${where}`, [
      scope.tenant,
      scope.subservice,
    ]);
    return { count: Number(count?.n ?? 0), groups: rows.map(toGroup) };
  },
};

export const deviceRepo = {
  /** Resolves false when the tenant already has a device with this id. */
  async insert(tx: SqlExecutor, rec: Scope & { device: Device }, now: string): Promise<boolean> {
    const d = rec.device;
    const r = await tx.run(
      `INSERT INTO iot_devices (tenant, device_id, subservice, apikey, entity_name, doc, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, device_id) DO NOTHING`,
      [rec.tenant, d.device_id, rec.subservice, d.apikey, d.entity_name, JSON.stringify(d), now],
    );
    return r.changes === 1;
  },
  async update(tx: SqlExecutor, tenant: string, d: Device): Promise<boolean> {
    const r = await tx.run(
      'UPDATE iot_devices SET doc = ?, apikey = ?, entity_name = ? WHERE tenant = ? AND device_id = ?',
      [JSON.stringify(d), d.apikey, d.entity_name, tenant, d.device_id],
    );
    return r.changes > 0;
  },
  async delete(tx: SqlExecutor, tenant: string, deviceId: string): Promise<boolean> {
    const r = await tx.run('DELETE FROM iot_devices WHERE tenant = ? AND device_id = ?', [tenant, deviceId]);
    await tx.run('DELETE FROM iot_device_health WHERE tenant = ? AND device_id = ?', [tenant, deviceId]);
    return r.changes > 0;
  },
  async get(db: SqlExecutor, tenant: string, deviceId: string): Promise<DeviceRecord | undefined> {
    const row = await db.get<DeviceRow>(
      `SELECT ${deviceColumns} FROM ${devicesWithHealth} WHERE tenant = ? AND device_id = ?`,
      [tenant, deviceId],
    );
    return row === undefined ? undefined : toDevice(row);
  },
  async byKey(db: SqlExecutor, apikey: string, deviceId: string): Promise<DeviceRecord | undefined> {
    const row = await db.get<DeviceRow>(
      `SELECT ${deviceColumns} FROM ${devicesWithHealth} WHERE apikey = ? AND device_id = ? ORDER BY tenant LIMIT 1`,
      [apikey, deviceId],
    );
    return row === undefined ? undefined : toDevice(row);
  },
  /** Every device with commands (their attributes are watched for changes). */
  async withCommands(db: SqlExecutor): Promise<Device[]> {
    const rows = await db.all<{ doc: string }>(
      `SELECT doc FROM iot_devices WHERE doc LIKE '%"commands":[{%'`,
    );
    return rows.map((r) => JSON.parse(r.doc) as Device);
  },
  async byEntity(db: SqlExecutor, tenant: string, entityId: string): Promise<DeviceRecord[]> {
    const rows = await db.all<DeviceRow>(
      `SELECT ${deviceColumns} FROM ${devicesWithHealth} WHERE tenant = ? AND entity_name = ?`,
      [tenant, entityId],
    );
    return rows.map(toDevice);
  },
  async list(db: SqlExecutor, scope: Scope, limit: number, offset: number) {
    const where = 'WHERE tenant = ? AND subservice = ?';
    const rows = await db.all<DeviceRow>(
      `SELECT ${deviceColumns} FROM ${devicesWithHealth} ${where} ORDER BY created_at, device_id LIMIT ${LIMIT_PARAM} OFFSET ?`,
      [scope.tenant, scope.subservice, limit, offset],
    );
    const count = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM iot_devices ${where}`, [
      scope.tenant,
      scope.subservice,
    ]);
    return { count: Number(count?.n ?? 0), devices: rows.map(toDevice) };
  },
  /** Adds measure and error counts and moves `last_measure` forward (never back). */
  async addHealth(
    tx: SqlExecutor,
    tenant: string,
    deviceId: string,
    h: { lastMeasure: string | undefined; measures: number; errors: number },
  ): Promise<void> {
    // Only for a device still provisioned (it may have been deleted since the measure arrived).
    await tx.defer(
      `INSERT INTO iot_device_health (tenant, device_id, last_measure, measures, errors)
       SELECT tenant, device_id, CAST(? AS TEXT), ?, ? FROM iot_devices WHERE tenant = ? AND device_id = ?
       ON CONFLICT (tenant, device_id) DO UPDATE SET
         measures = iot_device_health.measures + excluded.measures,
         errors = iot_device_health.errors + excluded.errors,
         last_measure = CASE
           WHEN iot_device_health.last_measure IS NULL OR iot_device_health.last_measure < excluded.last_measure
           THEN excluded.last_measure ELSE iot_device_health.last_measure END`,
      [h.lastMeasure ?? null, h.measures, h.errors, tenant, deviceId],
    );
  },
};
