import { LIMIT_PARAM, type SqlExecutor } from '../store/index.js';

// The dead-letter store: rejected device input, kept with its reason. Rejections with the same
// source and reason code that arrive within one write are kept as one row with a `count`.

export interface Rejection {
  tenant: string;
  transport: string;
  apikey: string;
  deviceId: string;
  code: string;
  reason: string;
  /** The start of the payload, as text. */
  sample: string;
  size: number;
  at: string;
}

export interface DeadLetter extends Omit<Rejection, 'at'> {
  seq: number;
  count: number;
  firstAt: string;
  lastAt: string;
}

export interface Coalesced extends Rejection {
  count: number;
  firstAt: string;
}

const sampleBytes = 1024;

export function sampleOf(payload: string | Buffer): string {
  const text =
    typeof payload === 'string'
      ? payload.slice(0, sampleBytes)
      : payload.subarray(0, sampleBytes).toString('utf8');
  return text.replaceAll('\u0000', '\uFFFD');
}

export function coalesceKey(r: Rejection): string {
  return [r.tenant, r.transport, r.apikey, r.deviceId, r.code].join('\u0000');
}

interface Row {
  seq: number | string;
  tenant: string;
  transport: string;
  apikey: string;
  device_id: string;
  code: string;
  reason: string;
  sample: string;
  size: number | string;
  count: number | string;
  first_at: string;
  last_at: string;
}

const toDeadLetter = (r: Row): DeadLetter => ({
  seq: Number(r.seq),
  tenant: r.tenant,
  transport: r.transport,
  apikey: r.apikey,
  deviceId: r.device_id,
  code: r.code,
  reason: r.reason,
  sample: r.sample,
  size: Number(r.size),
  count: Number(r.count),
  firstAt: r.first_at,
  lastAt: r.last_at,
});

export interface DeadLetterFilter {
  tenant?: string;
  apikey?: string;
  deviceId?: string;
  code?: string;
}

function where(f: DeadLetterFilter): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    conds.push(`${column} = ?`);
    params.push(value);
  };
  add('tenant', f.tenant);
  add('apikey', f.apikey);
  add('device_id', f.deviceId);
  add('code', f.code);
  return { sql: conds.length === 0 ? '' : `WHERE ${conds.join(' AND ')}`, params };
}

export const deadLetterRepo = {
  async insert(tx: SqlExecutor, c: Coalesced): Promise<void> {
    await tx.defer(
      `INSERT INTO iot_dead_letters (tenant, transport, apikey, device_id, code, reason, sample, size, count, first_at, last_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        c.tenant,
        c.transport,
        c.apikey,
        c.deviceId,
        c.code,
        c.reason,
        c.sample,
        c.size,
        c.count,
        c.firstAt,
        c.at,
      ],
    );
  },
  async list(db: SqlExecutor, f: DeadLetterFilter, limit: number, offset: number) {
    const w = where(f);
    const rows = await db.all<Row>(
      `SELECT * FROM iot_dead_letters ${w.sql} ORDER BY seq DESC LIMIT ${LIMIT_PARAM} OFFSET ?`,
      [...w.params, limit, offset],
    );
    const n = await db.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM iot_dead_letters ${w.sql}`,
      w.params,
    );
    return { count: Number(n?.n ?? 0), deadLetters: rows.map(toDeadLetter) };
  },
  /** Rejections counted per source and code. */
  async counts(db: SqlExecutor, f: DeadLetterFilter) {
    const w = where(f);
    const rows = await db.all<{
      tenant: string;
      apikey: string;
      device_id: string;
      code: string;
      n: number | string;
    }>(
      `SELECT tenant, apikey, device_id, code, SUM(count) AS n FROM iot_dead_letters ${w.sql}
       GROUP BY tenant, apikey, device_id, code ORDER BY tenant, apikey, device_id, code`,
      w.params,
    );
    return rows.map((r) => ({
      tenant: r.tenant,
      apikey: r.apikey,
      deviceId: r.device_id,
      code: r.code,
      count: Number(r.n),
    }));
  },
};
