import { LIMIT_PARAM, type SqlExecutor } from '../store/index.js';
import type { Contact, NewReport, ReportRow } from './report-row.js';

// SQL of the reports module, written once for both stores (`?` placeholders, portable SQL).

const columns = [
  'jurisdiction',
  'id',
  'service_code',
  'service_name',
  'state',
  'status',
  'status_notes',
  'description',
  'agency',
  'assignee',
  'service_notice',
  'requested_at',
  'requested_ms',
  'updated_at',
  'expected_at',
  'expected_ms',
  'answered_ms',
  'address',
  'lat',
  'lng',
  'ward',
  'media_url',
  'moderation',
  'extra',
  'citizen_key',
  'token',
  'rating',
  'escalated_to',
  'duplicate_of',
] as const satisfies ReadonlyArray<keyof NewReport>;

const insertSql = `INSERT INTO report_requests (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
const contactColumns = ['email', 'first_name', 'last_name', 'phone', 'device_id', 'account_id'] as const;

/** Numbers come back as numbers from both stores once these columns are converted. */
function toRow(r: Record<string, unknown>): ReportRow {
  return r as unknown as ReportRow;
}

export interface RequestFilter {
  jurisdiction: string;
  ids?: readonly string[];
  serviceCodes?: readonly string[];
  status?: 'open' | 'closed';
  startMs?: number;
  endMs?: number;
  agencies?: readonly string[];
  moderation?: string;
  limit: number;
  offset: number;
}

function where(f: RequestFilter): { sql: string; params: unknown[] } {
  const parts = ['jurisdiction = ?'];
  const params: unknown[] = [f.jurisdiction];
  const inList = (col: string, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    parts.push(values.length === 0 ? '1 = 0' : `${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('id', f.ids);
  inList('service_code', f.serviceCodes);
  inList('agency', f.agencies);
  const eq = (col: string, v: unknown) => {
    if (v === undefined) return;
    parts.push(`${col} = ?`);
    params.push(v);
  };
  eq('status', f.status);
  eq('moderation', f.moderation);
  if (f.startMs !== undefined) {
    parts.push('requested_ms >= ?');
    params.push(f.startMs);
  }
  if (f.endMs !== undefined) {
    parts.push('requested_ms <= ?');
    params.push(f.endMs);
  }
  return { sql: parts.join(' AND '), params };
}

export const reportRepo = {
  async insert(tx: SqlExecutor, row: NewReport, contact: Contact | undefined): Promise<number> {
    const pk = await tx.insert(
      insertSql,
      columns.map((c) => row[c]),
      'pk',
    );
    if (contact !== undefined && contactColumns.some((c) => contact[c] !== undefined)) {
      await tx.run(
        `INSERT INTO report_contacts (request_pk, ${contactColumns.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [pk, ...contactColumns.map((c) => contact[c] ?? null)],
      );
    }
    return pk;
  },

  async byId(db: SqlExecutor, jurisdiction: string, id: string): Promise<ReportRow | undefined> {
    const r = await db.get('SELECT * FROM report_requests WHERE jurisdiction = ? AND id = ?', [
      jurisdiction,
      id,
    ]);
    return r === undefined ? undefined : toRow(r);
  },

  async byToken(db: SqlExecutor, jurisdiction: string, token: string): Promise<ReportRow | undefined> {
    const r = await db.get('SELECT * FROM report_requests WHERE jurisdiction = ? AND token = ?', [
      jurisdiction,
      token,
    ]);
    return r === undefined ? undefined : toRow(r);
  },

  async list(db: SqlExecutor, f: RequestFilter): Promise<ReportRow[]> {
    const w = where(f);
    const rows = await db.all(
      `SELECT * FROM report_requests WHERE ${w.sql} ORDER BY requested_ms DESC, pk DESC LIMIT ${LIMIT_PARAM} OFFSET ?`,
      [...w.params, f.limit, f.offset],
    );
    return rows.map(toRow);
  },

  /** Which of these ids the jurisdiction has already (asked 500 at a time). */
  async existingIds(db: SqlExecutor, jurisdiction: string, ids: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await db.all<{ id: string }>(
        `SELECT id FROM report_requests WHERE jurisdiction = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
        [jurisdiction, ...chunk],
      );
      found.push(...rows.map((r) => r.id));
    }
    return found;
  },

  async contact(db: SqlExecutor, pk: number): Promise<Contact | undefined> {
    const r = await db.get<Contact>(
      `SELECT ${contactColumns.join(', ')} FROM report_contacts WHERE request_pk = ?`,
      [pk],
    );
    return r;
  },

  async update(tx: SqlExecutor, pk: number, patch: Partial<NewReport>): Promise<void> {
    const keys = Object.keys(patch) as Array<keyof NewReport>;
    if (keys.length === 0) return;
    await tx.run(`UPDATE report_requests SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE pk = ?`, [
      ...keys.map((k) => patch[k]),
      pk,
    ]);
  },

  /** Open reports of the service near a point (a box of `deg` degrees): duplicate candidates. */
  async openNear(
    db: SqlExecutor,
    jurisdiction: string,
    serviceCode: string,
    lat: number,
    lng: number,
    deg: number,
  ): Promise<ReportRow[]> {
    const rows = await db.all(
      `SELECT * FROM report_requests WHERE jurisdiction = ? AND service_code = ? AND status = 'open'
         AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? ORDER BY requested_ms`,
      [jurisdiction, serviceCode, lat - deg, lat + deg, lng - deg, lng + deg],
    );
    return rows.map(toRow);
  },

  /** Open reports past their deadline that were not escalated yet. */
  async overdue(db: SqlExecutor, nowMs: number): Promise<ReportRow[]> {
    const rows = await db.all(
      `SELECT * FROM report_requests WHERE status = 'open' AND expected_ms < ? AND escalated_to IS NULL
         AND answered_ms IS NULL ORDER BY expected_ms LIMIT 500`,
      [nowMs],
    );
    return rows.map(toRow);
  },
};
