import type { SqlExecutor } from '../store/index.js';

// Commands waiting for their device's answer (iot_commands).

export interface PendingCommand {
  tenant: string;
  deviceId: string;
  name: string;
  entityId: string;
}

export const commandRepo = {
  async put(tx: SqlExecutor, c: PendingCommand, sentAt: string, expiresAt: number): Promise<void> {
    await tx.run(
      `INSERT INTO iot_commands (tenant, device_id, name, entity_id, status, sent_at, expires_at)
       VALUES (?, ?, ?, ?, 'PENDING', ?, ?)
       ON CONFLICT (tenant, device_id, name) DO UPDATE SET entity_id = excluded.entity_id,
         status = 'PENDING', sent_at = excluded.sent_at, expires_at = excluded.expires_at`,
      [c.tenant, c.deviceId, c.name, c.entityId, sentAt, expiresAt],
    );
  },
  /** Ends a pending command; resolves false when it was not pending (answered or expired before). */
  async finish(tx: SqlExecutor, c: Omit<PendingCommand, 'entityId'>, status: string): Promise<boolean> {
    const r = await tx.run(
      `UPDATE iot_commands SET status = ? WHERE tenant = ? AND device_id = ? AND name = ? AND status = 'PENDING'`,
      [status, c.tenant, c.deviceId, c.name],
    );
    return r.changes > 0;
  },
  async due(db: SqlExecutor, now: number): Promise<PendingCommand[]> {
    const rows = await db.all<{ tenant: string; device_id: string; name: string; entity_id: string }>(
      `SELECT tenant, device_id, name, entity_id FROM iot_commands WHERE status = 'PENDING' AND expires_at <= ?
       ORDER BY expires_at LIMIT 1000`,
      [now],
    );
    return rows.map((r) => ({
      tenant: r.tenant,
      deviceId: r.device_id,
      name: r.name,
      entityId: r.entity_id,
    }));
  },
};
