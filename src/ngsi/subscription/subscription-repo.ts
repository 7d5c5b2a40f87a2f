// SQL for the `subscriptions` and `subscription_outbox` tables (migrations 006 / 004), written
// once for both stores with `?` placeholders.
import type { SqlExecutor } from '../../store/index.js';
import type { Subscription, SubscriptionStats } from './model.js';

export interface StoredSubscription {
  tenant: string;
  sub: Subscription;
  stats: SubscriptionStats;
}

export interface OutboxRow {
  seq: number;
  tenant: string;
  subscriptionId: string;
  request: string;
  attempts: number;
  nextAttemptAt: number;
}

const columns = 'tenant, doc, times_sent, times_failed, last_notification, last_success, last_failure';

function fromRow(r: Record<string, unknown>): StoredSubscription {
  const opt = (v: unknown) => (v === null || v === undefined ? {} : { value: String(v) });
  const stats: SubscriptionStats = { timesSent: Number(r.times_sent), timesFailed: Number(r.times_failed) };
  const ln = opt(r.last_notification).value;
  const ls = opt(r.last_success).value;
  const lf = opt(r.last_failure).value;
  if (ln !== undefined) stats.lastNotification = ln;
  if (ls !== undefined) stats.lastSuccess = ls;
  if (lf !== undefined) stats.lastFailure = lf;
  return { tenant: String(r.tenant), sub: JSON.parse(String(r.doc)) as Subscription, stats };
}

export const subscriptionRepo = {
  async insert(tx: SqlExecutor, tenant: string, sub: Subscription): Promise<number> {
    const r = await tx.run(
      'INSERT INTO subscriptions (tenant, id, doc, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [tenant, sub.id, JSON.stringify(sub), sub.createdAt],
    );
    return r.changes;
  },

  async replace(tx: SqlExecutor, tenant: string, sub: Subscription): Promise<number> {
    const r = await tx.run('UPDATE subscriptions SET doc = ? WHERE tenant = ? AND id = ?', [
      JSON.stringify(sub),
      tenant,
      sub.id,
    ]);
    return r.changes;
  },

  async remove(tx: SqlExecutor, tenant: string, id: string): Promise<number> {
    await tx.run('DELETE FROM subscription_outbox WHERE tenant = ? AND subscription_id = ?', [tenant, id]);
    return (await tx.run('DELETE FROM subscriptions WHERE tenant = ? AND id = ?', [tenant, id])).changes;
  },

  async get(db: SqlExecutor, tenant: string, id: string): Promise<StoredSubscription | undefined> {
    const r = await db.get(`SELECT ${columns} FROM subscriptions WHERE tenant = ? AND id = ?`, [tenant, id]);
    return r === undefined ? undefined : fromRow(r);
  },

  async list(db: SqlExecutor, tenant: string, limit: number, offset: number): Promise<StoredSubscription[]> {
    const rows = await db.all(
      `SELECT ${columns} FROM subscriptions WHERE tenant = ? ORDER BY created_at, id LIMIT ? OFFSET ?`,
      [tenant, limit, offset],
    );
    return rows.map(fromRow);
  },

  async count(db: SqlExecutor, tenant: string): Promise<number> {
    const r = await db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM subscriptions WHERE tenant = ?', [
      tenant,
    ]);
    return Number(r?.n ?? 0);
  },

  async all(db: SqlExecutor): Promise<StoredSubscription[]> {
    return (await db.all(`SELECT ${columns} FROM subscriptions`)).map(fromRow);
  },

  async recordAttempt(tx: SqlExecutor, tenant: string, id: string, ok: boolean, at: string): Promise<void> {
    const last = ok ? 'last_success' : 'last_failure';
    await tx.run(
      `UPDATE subscriptions SET times_sent = times_sent + 1, times_failed = times_failed + ?,
         last_notification = ?, ${last} = ? WHERE tenant = ? AND id = ?`,
      [ok ? 0 : 1, at, at, tenant, id],
    );
  },
};

function outboxFromRow(r: Record<string, unknown>): OutboxRow {
  return {
    seq: Number(r.seq),
    tenant: String(r.tenant),
    subscriptionId: String(r.subscription_id),
    request: String(r.request),
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
  };
}

export const outboxRepo = {
  async add(
    tx: SqlExecutor,
    tenant: string,
    subscriptionId: string,
    request: string,
    due: number,
  ): Promise<void> {
    await tx.run(
      'INSERT INTO subscription_outbox (tenant, subscription_id, request, attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)',
      [tenant, subscriptionId, request, due],
    );
  },

  /** The subscriptions that have rows waiting. */
  async pending(db: SqlExecutor): Promise<Array<{ tenant: string; subscriptionId: string }>> {
    const rows = await db.all('SELECT DISTINCT tenant, subscription_id FROM subscription_outbox');
    return rows.map((r) => ({ tenant: String(r.tenant), subscriptionId: String(r.subscription_id) }));
  },

  async head(db: SqlExecutor, tenant: string, subscriptionId: string): Promise<OutboxRow | undefined> {
    return (await outboxRepo.first(db, tenant, subscriptionId, 1))[0];
  },

  /** A subscription's oldest `limit` rows, in order. */
  async first(db: SqlExecutor, tenant: string, subscriptionId: string, limit: number): Promise<OutboxRow[]> {
    const rows = await db.all(
      `SELECT seq, tenant, subscription_id, request, attempts, next_attempt_at FROM subscription_outbox
         WHERE tenant = ? AND subscription_id = ? ORDER BY seq LIMIT ?`,
      [tenant, subscriptionId, limit],
    );
    return rows.map(outboxFromRow);
  },

  async has(db: SqlExecutor, tenant: string, subscriptionId: string): Promise<boolean> {
    const r = await db.get(
      'SELECT 1 AS one FROM subscription_outbox WHERE tenant = ? AND subscription_id = ?',
      [tenant, subscriptionId],
    );
    return r !== undefined;
  },

  async remove(tx: SqlExecutor, seq: number): Promise<void> {
    await tx.run('DELETE FROM subscription_outbox WHERE seq = ?', [seq]);
  },

  async retryLater(tx: SqlExecutor, seq: number, attempts: number, due: number): Promise<void> {
    await tx.run('UPDATE subscription_outbox SET attempts = ?, next_attempt_at = ? WHERE seq = ?', [
      attempts,
      due,
      seq,
    ]);
  },
};
