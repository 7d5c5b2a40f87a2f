// The subscriptions of every tenant, compiled, in memory: the outbox recorder runs inside write
// transactions and must neither query for them nor resolve @contexts there. Loaded once (at start,
// or at first use), then kept in step by the service after each committed change.
import type { Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import type { ActiveContext, ContextResolver } from '../context/index.js';
import { compileSubscription, type CompiledSubscription } from './compiled-subscription.js';
import type { Subscription } from './model.js';
import { indexSubscriptions, type SubscriptionIndex } from './subscription-index.js';
import { subscriptionRepo } from './subscription-repo.js';

export interface SubscriptionCache {
  /** The tenant's subscriptions that may select an entity of this id and types (subscription-index.ts). */
  candidates(tenant: string, id: string, types: readonly string[]): Promise<readonly CompiledSubscription[]>;
  /** One subscription, once loaded (the notifier starts after load()). */
  get(tenant: string, id: string): CompiledSubscription | undefined;
  /** Every tenant's subscriptions. */
  all(): Promise<readonly CompiledSubscription[]>;
  put(tenant: string, sub: Subscription, ctx: ActiveContext): Promise<void>;
  remove(tenant: string, id: string): Promise<void>;
  load(): Promise<void>;
}

export function createSubscriptionCache(deps: {
  store: Store;
  contexts: ContextResolver;
  log: Logger;
}): SubscriptionCache {
  const byTenant = new Map<string, Map<string, CompiledSubscription>>();
  // Looked up for every entity change: kept until the tenant's subscriptions change.
  const indexes = new Map<string, SubscriptionIndex>();
  let ready: Promise<void> | undefined;
  const hooks = deps.store.dialect.query;

  const tenantMap = (tenant: string) => {
    indexes.delete(tenant);
    let m = byTenant.get(tenant);
    if (m === undefined) byTenant.set(tenant, (m = new Map()));
    return m;
  };

  async function contextOf(sub: Subscription, tenant: string): Promise<ActiveContext> {
    try {
      return await deps.contexts.resolve(sub.context, tenant);
    } catch (err) {
      // Names then stay expanded IRIs in its notifications until the next restart.
      deps.log.warn(
        { err, subscription: sub.id },
        'subscription @context unavailable; using the core context',
      );
      return deps.contexts.core();
    }
  }

  async function loadAll(): Promise<void> {
    for (const { tenant, sub } of await subscriptionRepo.all(deps.store.read)) {
      tenantMap(tenant).set(sub.id, compileSubscription(tenant, sub, await contextOf(sub, tenant), hooks));
    }
  }

  const load = () =>
    (ready ??= loadAll().catch((err: unknown) => {
      ready = undefined;
      throw err;
    }));

  return {
    load,
    async candidates(tenant, id, types) {
      await load();
      let index = indexes.get(tenant);
      if (index === undefined) {
        index = indexSubscriptions([...(byTenant.get(tenant)?.values() ?? [])]);
        indexes.set(tenant, index);
      }
      return index.candidates(id, types);
    },
    get: (tenant, id) => byTenant.get(tenant)?.get(id),
    async all() {
      await load();
      return [...byTenant.values()].flatMap((m) => [...m.values()]);
    },
    async put(tenant, sub, ctx) {
      await load();
      tenantMap(tenant).set(sub.id, compileSubscription(tenant, sub, ctx, hooks));
    },
    async remove(tenant, id) {
      await load();
      indexes.delete(tenant);
      byTenant.get(tenant)?.delete(id);
    },
  };
}
