// SQL for the `subscriptions` and `subscription_outbox` tables (SQLite migrations 006 and 016,
// PostgreSQL 004 and 014), written once for both stores with `?` placeholders.
import { LIMIT_PARAM, type SqlExecutor } from '../../store/index.js';
import type { Subscription, SubscriptionStats } from './model.js';

export interface StoredSubscription {
  tenant: string;
  sub: Subscription;
  stats: SubscriptionStats;
}

export interface OutboxRow {
  seq: number;
  /** JSON text of an array of rendered entities. */
  data: string;
  /** The id of the one entity in `data`; null when it holds several. */
  entityId: string | null;
  /** The UUID of the notification that carries this row alone. */
  notificationId: string;
  attempts: number;
  nextAttemptAt: number;
}

/** An outbox row with the subscription it belongs to. */
export interface FedOutboxRow extends OutboxRow {
  tenant: string;
  subscriptionId: string;
}

/** What one flush of the notifier's results changes in a subscription's statistics. */
export interface AttemptStats {
  sent: number;
  failed: number;
  lastNotification: string;
  lastSuccess: string | undefined;
  lastFailure: string | undefined;
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
      `SELECT ${columns} FROM subscriptions WHERE tenant = ? ORDER BY created_at, id LIMIT ${LIMIT_PARAM} OFFSET ?`,
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

  /** Adds the attempts of one or more notifications (§5.2.12 timesSent counts notifications sent). */
  async recordAttempts(tx: SqlExecutor, tenant: string, id: string, a: AttemptStats): Promise<void> {
    await tx.defer(
      `UPDATE subscriptions SET times_sent = times_sent + ?, times_failed = times_failed + ?,
         last_notification = ?, last_success = COALESCE(?, last_success),
         last_failure = COALESCE(?, last_failure) WHERE tenant = ? AND id = ?`,
      [a.sent, a.failed, a.lastNotification, a.lastSuccess ?? null, a.lastFailure ?? null, tenant, id],
    );
  },
};

function outboxFromRow(r: Record<string, unknown>): OutboxRow {
  return {
    seq: Number(r.seq),
    data: String(r.data),
    entityId: r.entity_id === null || r.entity_id === undefined ? null : String(r.entity_id),
    notificationId: String(r.notification_id),
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
  };
}

/** A new outbox row: JSON text of the rendered entities, and the id of the one entity. */
export interface NewOutboxRow {
  data: string;
  entityId: string | null;
  notificationId: string;
}

export const outboxRepo = {
  async add(tx: SqlExecutor, tenant: string, subscriptionId: string, row: NewOutboxRow, due: number) {
    await tx.defer(
      `INSERT INTO subscription_outbox
         (tenant, subscription_id, data, entity_id, notification_id, attempts, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, 0, ?)`,
      [tenant, subscriptionId, row.data, row.entityId, row.notificationId, due],
    );
  },

  /** Every subscription's rows after `seq`, in order. */
  async since(db: SqlExecutor, seq: number, limit: number): Promise<FedOutboxRow[]> {
    const rows = await db.all(
      `SELECT seq, tenant, subscription_id, data, entity_id, notification_id, attempts, next_attempt_at
         FROM subscription_outbox WHERE seq > ? ORDER BY seq LIMIT ${LIMIT_PARAM}`,
      [seq, limit],
    );
    return rows.map((r) => ({
      ...outboxFromRow(r),
      tenant: String(r.tenant),
      subscriptionId: String(r.subscription_id),
    }));
  },

  async lastSeq(db: SqlExecutor): Promise<number> {
    const r = await db.get<{ seq: unknown }>('SELECT MAX(seq) AS seq FROM subscription_outbox');
    return Number(r?.seq ?? 0);
  },

  /** The subscriptions that have rows waiting. */
  async pending(db: SqlExecutor): Promise<Array<{ tenant: string; subscriptionId: string }>> {
    const rows = await db.all('SELECT DISTINCT tenant, subscription_id FROM subscription_outbox');
    return rows.map((r) => ({ tenant: String(r.tenant), subscriptionId: String(r.subscription_id) }));
  },

  /** A subscription's oldest `limit` rows after `seq`, in order. */
  async after(
    db: SqlExecutor,
    tenant: string,
    subscriptionId: string,
    seq: number,
    limit: number,
  ): Promise<OutboxRow[]> {
    const rows = await db.all(
      `SELECT seq, data, entity_id, notification_id, attempts, next_attempt_at FROM subscription_outbox
         WHERE tenant = ? AND subscription_id = ? AND seq > ? ORDER BY seq LIMIT ${LIMIT_PARAM}`,
      [tenant, subscriptionId, seq, limit],
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

  /** Removes a subscription's rows up to `through` (delivered, they are a prefix of its rows). */
  async removeThrough(tx: SqlExecutor, tenant: string, subscriptionId: string, through: number) {
    await tx.defer('DELETE FROM subscription_outbox WHERE tenant = ? AND subscription_id = ? AND seq <= ?', [
      tenant,
      subscriptionId,
      through,
    ]);
  },

  /** Reschedules a subscription's rows in (`after`, `through`]: the rows of a failed notification. */
  async retryLater(
    tx: SqlExecutor,
    tenant: string,
    subscriptionId: string,
    range: { after: number; through: number },
    attempts: number,
    due: number,
  ) {
    await tx.defer(
      `UPDATE subscription_outbox SET attempts = ?, next_attempt_at = ?
         WHERE tenant = ? AND subscription_id = ? AND seq > ? AND seq <= ?`,
      [attempts, due, tenant, subscriptionId, range.after, range.through],
    );
  },
};
