// Periodic notifications (CIM 009 §5.2.12 timeInterval, §5.11): every timeInterval seconds, one
// notification with the current state of all the entities the subscription matches, written to
// the outbox like any other, so it has the same delivery, retries and statistics. The first one
// comes one interval after the subscription is created or the broker starts. While a
// subscription still has a notification waiting for delivery, no new one is added: it would only
// repeat a state the next one brings anyway, and a dead endpoint would grow the outbox forever.
import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import type { StoredEntity } from '../entity/model.js';
import { matchGeoQuery } from '../geoquery/index.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import { selects } from './match-change.js';
import { statusOf } from './model.js';
import { renderCurrent } from './outbox-recorder.js';
import type { SubscriptionCache } from './subscription-cache.js';
import { outboxRepo } from './subscription-repo.js';

/** Most entities in one periodic notification. */
const MAX_ENTITIES = 1000;

export interface PeriodicNotifier {
  start(): void;
  stop(): Promise<void>;
}

export function createPeriodicNotifier(deps: {
  store: Store;
  clock: Clock;
  log: Logger;
  cache: SubscriptionCache;
  /** Called after a notification row was committed. */
  wrote(): void;
  tickMs?: number;
}): PeriodicNotifier {
  const { store, clock, log, cache } = deps;
  const nextAt = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  async function matching(c: CompiledSubscription): Promise<StoredEntity[]> {
    const filter = c.filter === undefined ? '' : ` AND ${c.filter.sql}`;
    const rows = await store.read.all<{ doc: unknown }>(
      `SELECT e.doc FROM entities e WHERE e.tenant = ?${filter} ORDER BY e.pk`,
      [c.tenant, ...(c.filter?.params ?? [])],
    );
    const out: StoredEntity[] = [];
    for (const r of rows) {
      const e = store.dialect.parseJson(r.doc) as StoredEntity;
      if (!selects(c, e.id, e.types) || (c.geo !== undefined && !matchGeoQuery(e, c.geo))) continue;
      out.push(e);
      if (out.length === MAX_ENTITIES) break;
    }
    return out;
  }

  async function notify(c: CompiledSubscription): Promise<void> {
    if (await outboxRepo.has(store.read, c.tenant, c.sub.id)) return;
    const entities = await matching(c);
    if (entities.length === 0) return;
    // A row of several entities: it goes alone, as one notification.
    const row = {
      data: JSON.stringify(entities.map((e) => renderCurrent(c, e))),
      entityId: null,
      notificationId: randomUUID(),
    };
    await store.write((tx) => outboxRepo.add(tx, c.tenant, c.sub.id, row, clock.now()));
    deps.wrote();
  }

  async function tick(): Promise<void> {
    const now = clock.now();
    const seen = new Set<string>();
    for (const c of await cache.all()) {
      if (c.sub.timeInterval === undefined) continue;
      const key = `${c.tenant}\u0000${c.sub.id}`;
      seen.add(key);
      const due = nextAt.get(key);
      const period = c.sub.timeInterval * 1000;
      if (due === undefined || due > now + period) nextAt.set(key, now + period);
      else if (due <= now) {
        nextAt.set(key, now + period);
        if (statusOf(c.sub, clock.isoNow()) !== 'active') continue;
        await notify(c).catch((err: unknown) =>
          log.error({ err, subscription: c.sub.id }, 'periodic notification failed'),
        );
      }
    }
    for (const key of nextAt.keys()) if (!seen.has(key)) nextAt.delete(key);
  }

  return {
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => {
        ticking ??= tick()
          .catch((err: unknown) => log.error({ err }, 'periodic notifications failed'))
          .finally(() => (ticking = undefined));
      }, deps.tickMs ?? 250).unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await ticking;
      nextAt.clear();
    },
  };
}
