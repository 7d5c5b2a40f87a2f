import { DothiError, type Clock } from '../kernel/index.js';
import { LIMIT_PARAM, type Store } from '../store/index.js';

// Security events, the feed of a security operations centre: failed logins, lockouts, misuse of
// keys, denials, rate-limit hits and configuration changes. Stored, and queryable by admins.

export const securityEventKinds = [
  'login.failed',
  'account.locked',
  'credentials.invalid',
  'apikey.expired',
  'apikey.revoked',
  'access.denied',
  'rate.limited',
  'config.changed',
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

export interface SecurityEvent {
  seq: number;
  at: string;
  kind: SecurityEventKind;
  actor: string | null;
  source: string | null;
  detail: Record<string, unknown>;
}

export interface SecurityEventQuery {
  kind?: string;
  after?: number;
  limit: number;
}

export interface SecurityEvents {
  record(kind: SecurityEventKind, e: { actor?: string; source?: string; detail?: object }): Promise<void>;
  list(q: SecurityEventQuery): Promise<SecurityEvent[]>;
}

export function createSecurityEvents(store: Store, clock: Clock): SecurityEvents {
  return {
    record: async (kind, e) => {
      await store.write((tx) =>
        tx.run('INSERT INTO security_events (at, kind, actor, source, detail) VALUES (?, ?, ?, ?, ?)', [
          clock.isoNow(),
          kind,
          e.actor ?? null,
          e.source ?? null,
          JSON.stringify(e.detail ?? {}),
        ]),
      );
    },
    list: async (q) => {
      if (q.kind !== undefined && !(securityEventKinds as readonly string[]).includes(q.kind)) {
        throw new DothiError('BAD_REQUEST_DATA', `kind must be one of ${securityEventKinds.join(', ')}`);
      }
      const where = q.kind === undefined ? '' : 'AND kind = ?';
      const rows = await store.read.all(
        `SELECT seq, at, kind, actor, source, detail FROM security_events WHERE seq > ? ${where} ORDER BY seq LIMIT ${LIMIT_PARAM}`,
        [q.after ?? 0, ...(q.kind === undefined ? [] : [q.kind]), q.limit],
      );
      return rows.map((r) => ({
        ...(r as unknown as SecurityEvent),
        seq: Number(r.seq),
        detail: JSON.parse(String(r.detail)),
      }));
    },
  };
}
