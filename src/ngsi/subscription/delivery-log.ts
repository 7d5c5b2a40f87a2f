// The outcomes of the notifier's attempts, written to the store in batches: per subscription, the
// rows delivered are removed by one range DELETE, the rows of failed notifications rescheduled by
// one range UPDATE each, and the statistics added up by one UPDATE. Outcomes that arrive while a
// write is under way go into the next one, so a busy notifier costs a few small units of work a
// second instead of one per notification, and no delivery waits for a commit: the notifier keeps
// in memory what it delivered, and a crash before the write only sends those rows again (at
// least once).
import type { Logger } from '../../kernel/index.js';
import type { SqlExecutor, Store } from '../../store/index.js';
import { outboxRepo, subscriptionRepo, type AttemptStats } from './subscription-repo.js';

export interface DeliveryLog {
  /** A notification carrying the subscription's rows up to `through` was delivered at `at`. */
  delivered(tenant: string, subscriptionId: string, through: number, at: string): void;
  /** A notification carrying the rows in (`after`, `through`] failed at `at`: retry them at `due`. */
  failed(
    tenant: string,
    subscriptionId: string,
    rows: { after: number; through: number; attempts: number; due: number },
    at: string,
  ): void;
  /** The subscription's rows up to `through` are not to be sent (it was deleted). */
  discarded(tenant: string, subscriptionId: string, through: number): void;
  /** Resolves when every outcome logged so far is written. */
  flush(): Promise<void>;
}

interface Entry {
  tenant: string;
  subscriptionId: string;
  through: number | undefined;
  retries: Array<{ after: number; through: number; attempts: number; due: number }>;
  stats: AttemptStats;
}

async function apply(tx: SqlExecutor, entries: readonly Entry[]): Promise<void> {
  for (const e of entries) {
    // Rescheduled first: a later delivery of the same rows then removes them.
    for (const r of e.retries) {
      await outboxRepo.retryLater(tx, e.tenant, e.subscriptionId, r, r.attempts, r.due);
    }
    if (e.through !== undefined) await outboxRepo.removeThrough(tx, e.tenant, e.subscriptionId, e.through);
    if (e.stats.sent > 0) await subscriptionRepo.recordAttempts(tx, e.tenant, e.subscriptionId, e.stats);
  }
}

export function createDeliveryLog(deps: { store: Store; log: Logger }): DeliveryLog {
  let pending = new Map<string, Entry>();
  let writing: Promise<void> | undefined;

  function entryOf(tenant: string, subscriptionId: string): Entry {
    const key = `${tenant}\u0000${subscriptionId}`;
    let e = pending.get(key);
    if (e === undefined) {
      const stats = {
        sent: 0,
        failed: 0,
        lastNotification: '',
        lastSuccess: undefined,
        lastFailure: undefined,
      };
      pending.set(key, (e = { tenant, subscriptionId, through: undefined, retries: [], stats }));
    }
    writing ??= write();
    return e;
  }

  function removeThrough(e: Entry, through: number): void {
    e.through = Math.max(e.through ?? through, through);
  }

  function attempted(e: Entry, at: string): AttemptStats {
    e.stats.sent++;
    e.stats.lastNotification = at;
    return e.stats;
  }

  async function write(): Promise<void> {
    // Outcomes of the same turn of the event loop join the first write.
    await new Promise((r) => setImmediate(r));
    while (pending.size > 0) {
      // An array, not the map's iterator: the unit of work may run twice.
      const entries = [...pending.values()];
      pending = new Map();
      try {
        await deps.store.write((tx) => apply(tx, entries));
      } catch (err) {
        // The rows stay in the outbox: sent again after the next start.
        deps.log.error({ err }, 'notification outcomes not written');
      }
    }
    writing = undefined;
  }

  return {
    delivered(tenant, subscriptionId, through, at) {
      const e = entryOf(tenant, subscriptionId);
      removeThrough(e, through);
      attempted(e, at).lastSuccess = at;
    },
    failed(tenant, subscriptionId, rows, at) {
      const e = entryOf(tenant, subscriptionId);
      e.retries.push(rows);
      const stats = attempted(e, at);
      stats.failed++;
      stats.lastFailure = at;
    },
    discarded(tenant, subscriptionId, through) {
      removeThrough(entryOf(tenant, subscriptionId), through);
    },
    async flush() {
      while (writing !== undefined) await writing;
    },
  };
}
