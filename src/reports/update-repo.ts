import { LIMIT_PARAM, type SqlExecutor } from '../store/index.js';
import type { WorkflowState } from './report-row.js';

// The public timeline of each report (the FixMyStreet servicerequestupdates feed), its photos,
// and the figures of the public statistics.

export interface UpdateRow {
  update_id: number;
  service_request_id: string;
  status: 'open' | 'closed';
  state: WorkflowState;
  description: string | null;
  media_url: string | null;
  updated_at: string;
}

export interface NewUpdate {
  status: 'open' | 'closed';
  state: WorkflowState;
  description: string | null;
  mediaUrl?: string | null;
  at: string;
  ms: number;
}

export interface StatRow {
  agency: string | null;
  month: string;
  received: number;
  answered: number;
  on_time: number;
  late_open: number;
}

export const updateRepo = {
  add(tx: SqlExecutor, requestPk: number, u: NewUpdate) {
    return tx.run(
      `INSERT INTO report_updates (request_pk, status, state, description, media_url, updated_at, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [requestPk, u.status, u.state, u.description, u.mediaUrl ?? null, u.at, u.ms],
    );
  },

  async feed(
    db: SqlExecutor,
    f: { jurisdiction: string; startMs?: number; endMs?: number; requestPk?: number; limit: number },
  ): Promise<UpdateRow[]> {
    const parts = ['r.jurisdiction = ?'];
    const params: unknown[] = [f.jurisdiction];
    const conds: Array<[string, number | undefined]> = [
      ['u.updated_ms >= ?', f.startMs],
      ['u.updated_ms <= ?', f.endMs],
      ['u.request_pk = ?', f.requestPk],
    ];
    for (const [sql, v] of conds) {
      if (v === undefined) continue;
      parts.push(sql);
      params.push(v);
    }
    return db.all<UpdateRow>(
      `SELECT u.update_id, r.id AS service_request_id, u.status, u.state, u.description, u.media_url, u.updated_at
         FROM report_updates u JOIN report_requests r ON r.pk = u.request_pk
        WHERE ${parts.join(' AND ')} ORDER BY u.updated_ms, u.update_id LIMIT ${LIMIT_PARAM}`,
      [...params, f.limit],
    );
  },

  addMedia(tx: SqlExecutor, id: string, requestPk: number, contentType: string, bytes: Buffer) {
    return tx.run('INSERT INTO report_media (id, request_pk, content_type, bytes) VALUES (?, ?, ?, ?)', [
      id,
      requestPk,
      contentType,
      bytes,
    ]);
  },

  media(db: SqlExecutor, id: string) {
    return db.get<{ moderation: string; content_type: string; bytes: Buffer | Uint8Array }>(
      `SELECT r.moderation, m.content_type, m.bytes FROM report_media m
         JOIN report_requests r ON r.pk = m.request_pk WHERE m.id = ?`,
      [id],
    );
  },

  /**
   * Per agency and month of filing: reports received, answered, answered by the deadline, and
   * still open past the deadline at `nowMs`. Months are UTC+offset calendar months (`YYYY-MM`).
   */
  async stats(db: SqlExecutor, jurisdiction: string, nowMs: number, offsetMs: number): Promise<StatRow[]> {
    const rows = await db.all<{
      agency: string | null;
      requested_ms: number;
      expected_ms: number | null;
      answered_ms: number | null;
      status: string;
    }>(
      `SELECT agency, requested_ms, expected_ms, answered_ms, status FROM report_requests
        WHERE jurisdiction = ? AND expected_ms IS NOT NULL`,
      [jurisdiction],
    );
    const byKey = new Map<string, StatRow>();
    for (const r of rows) {
      const month = new Date(r.requested_ms + offsetMs).toISOString().slice(0, 7);
      const key = `${r.agency ?? ''}\u0000${month}`;
      const s = byKey.get(key) ?? {
        agency: r.agency,
        month,
        received: 0,
        answered: 0,
        on_time: 0,
        late_open: 0,
      };
      s.received++;
      if (r.answered_ms !== null) {
        s.answered++;
        if (r.answered_ms <= r.expected_ms!) s.on_time++;
      } else if (r.status === 'open' && r.expected_ms! < nowMs) s.late_open++;
      byKey.set(key, s);
    }
    return [...byKey.values()].sort((a, b) =>
      (a.month + (a.agency ?? '')).localeCompare(b.month + (b.agency ?? '')),
    );
  },
};
