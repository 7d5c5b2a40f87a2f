// In-process subscriptions ("watches"): dothi's own modules (rules, live views) subscribe with the
// members of a subscription body, parsed by the same parser and matched by the same matcher as
// HTTP and MQTT subscriptions (CIM 009 §5.11), inside the write transaction so that q and scopeQ
// see the committed state. Matches wait beside their change until its commit; then the listener
// gets the notification data, rendered as for an HTTP endpoint. No outbox, no network: a watch
// lives as long as the process, and a change whose transaction rolls back is never delivered.
import { randomUUID } from 'node:crypto';
import { objectSlot, type Clock, type Logger } from '../../kernel/index.js';
import type { QueryHooks } from '../../store/index.js';
import type { ChangeListener, ChangeRecorder, EntityChange } from '../entity/entity-deps.js';
import type { ActiveContext } from '../context/index.js';
import { compileSubscription, type CompiledSubscription } from './compiled-subscription.js';
import { passesFilters, triggeredBy } from './match-change.js';
import { newSubscriptionId } from './model.js';
import { renderData } from './outbox-recorder.js';
import { parseSubscription } from './parse-subscription.js';

/** The members of a subscription body, without `notification.endpoint`, `timeInterval`, `throttling`. */
export type WatchSpec = Record<string, unknown>;

/** A notification (§5.11.3) as a watch's listener receives it. */
export interface WatchNotification {
  id: string;
  type: 'Notification';
  /** The watch's id (a subscription id that no API lists). */
  subscriptionId: string;
  notifiedAt: string;
  data: Array<Record<string, unknown>>;
}

export type WatchListener = (notification: WatchNotification) => void;

interface Watch {
  readonly compiled: CompiledSubscription;
  readonly listener: WatchListener;
}

interface Match {
  readonly watch: Watch;
  readonly notification: WatchNotification;
}

export interface Watchers {
  /** Parses and registers a watch (BAD_REQUEST_DATA as for a subscription); returns its removal. */
  watch(tenant: string, spec: WatchSpec, listener: WatchListener, ctx: ActiveContext): () => void;
  /** Matches each change inside its transaction. */
  recorder: ChangeRecorder;
  /** Delivers the matches of committed changes. */
  committed: ChangeListener;
}

export function createWatchers(deps: { hooks: QueryHooks; clock: Clock; log: Logger }): Watchers {
  const byTenant = new Map<string, Set<Watch>>();
  // Kept with the change object: a retried transaction records it again and replaces its matches,
  // and the matches of a change that never commits are never looked up.
  const pending = objectSlot<EntityChange, Match[]>('watch matches');

  async function matchesOf(tx: Parameters<ChangeRecorder>[0], change: EntityChange): Promise<Match[]> {
    const now = deps.clock.isoNow();
    const nowMs = deps.clock.now();
    const matches: Match[] = [];
    for (const watch of byTenant.get(change.tenant) ?? []) {
      const c = watch.compiled;
      if (!triggeredBy(c, change, nowMs) || !(await passesFilters(tx, c, change))) continue;
      const notification: WatchNotification = {
        id: `urn:ngsi-ld:Notification:${randomUUID()}`,
        type: 'Notification',
        subscriptionId: c.sub.id,
        notifiedAt: now,
        data: [renderData(c, change)],
      };
      matches.push({ watch, notification });
    }
    return matches;
  }

  function deliver({ watch, notification }: Match): void {
    // A watch removed between the commit and now receives nothing more.
    if (!byTenant.get(watch.compiled.tenant)?.has(watch)) return;
    try {
      watch.listener(notification);
    } catch (err) {
      deps.log.error({ err, watch: notification.subscriptionId }, 'in-process watch listener failed');
    }
  }

  return {
    watch(tenant, spec, listener, ctx) {
      const parsed = parseSubscription(spec, ctx, deps.hooks, true);
      const now = deps.clock.isoNow();
      const sub = {
        ...parsed,
        id: parsed.id ?? newSubscriptionId(randomUUID()),
        context: ctx.value,
        contextUrl: ctx.linkUrl ?? ctx.coreUrl,
        createdAt: now,
        modifiedAt: now,
      };
      const watch: Watch = { compiled: compileSubscription(tenant, sub, ctx, deps.hooks), listener };
      let set = byTenant.get(tenant);
      if (set === undefined) byTenant.set(tenant, (set = new Set()));
      set.add(watch);
      return () => {
        byTenant.get(tenant)?.delete(watch);
      };
    },
    async recorder(tx, change) {
      if (byTenant.get(change.tenant)?.size) pending.set(change, await matchesOf(tx, change));
    },
    committed(changes) {
      for (const change of changes) {
        const matches = pending.take(change);
        if (matches === undefined) continue;
        for (const m of matches) deliver(m);
      }
    },
  };
}
