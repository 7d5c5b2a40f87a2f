// Subscription operations (CIM 009 §5.8): create, retrieve, query, update, delete. Each write
// commits, then brings the in-memory cache the outbox recorder reads into step.
import { randomUUID } from 'node:crypto';
import { DothiError, notFound, type Clock } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import type { ActiveContext } from '../context/index.js';
import { newSubscriptionId, type Subscription } from './model.js';
import { asObject, type Body } from './parse-notification.js';
import { parseSubscription } from './parse-subscription.js';
import { renderSubscription } from './render-subscription.js';
import type { SubscriptionCache } from './subscription-cache.js';
import { subscriptionRepo, type StoredSubscription } from './subscription-repo.js';
import type { Watchers, WatchListener, WatchSpec } from './watchers.js';

export interface SubscriptionPage {
  subscriptions: StoredSubscription[];
  count: number | undefined;
}

export interface SubscriptionService {
  create(tenant: string, body: unknown, ctx: ActiveContext, contextUrl: string): Promise<string>;
  retrieve(tenant: string, id: string): Promise<StoredSubscription>;
  list(tenant: string, page: { limit: number; offset: number; count: boolean }): Promise<SubscriptionPage>;
  update(tenant: string, id: string, patch: unknown, ctx: ActiveContext, contextUrl: string): Promise<void>;
  remove(tenant: string, id: string): Promise<void>;
  /**
   * An in-process subscription: `spec` has the members of a subscription body (no endpoint,
   * timeInterval or throttling; names expanded with `ctx`, the core context by default) and the
   * listener gets each notification after the commit of its change. Returns the watch's removal.
   */
  watch(tenant: string, spec: WatchSpec, listener: WatchListener, ctx?: ActiveContext): () => void;
}

/** A patch applies to the subscription as the client wrote it (§5.8.2): top-level members replace, `notification` merges. */
function merged(current: Subscription, patch: Body, ctx: ActiveContext, now: string): Body {
  const rendered = renderSubscription(current, { timesSent: 0, timesFailed: 0 }, ctx, now);
  const { status: _s, jsonldContext: _j, notification, ...rest } = rendered;
  const { timesSent: _t, timesFailed: _f, ...params } = notification as Body;
  const { '@context': _c, id: _i, ...changes } = patch;
  const out: Body = { ...rest, ...changes };
  out.notification =
    changes.notification === undefined
      ? params
      : { ...params, ...asObject(changes.notification, 'notification') };
  for (const [k, v] of Object.entries(out)) if (v === null || v === 'urn:ngsi-ld:null') delete out[k];
  return out;
}

export function createSubscriptionService(deps: {
  store: Store;
  clock: Clock;
  cache: SubscriptionCache;
  watchers: Watchers;
  /** The @context of watches that give none. */
  core: ActiveContext;
}): SubscriptionService {
  const { store, clock, cache } = deps;
  const hooks = store.dialect.query;

  async function retrieve(tenant: string, id: string): Promise<StoredSubscription> {
    const found = await subscriptionRepo.get(store.read, tenant, id);
    if (found === undefined) throw notFound(`subscription ${id} not found`);
    return found;
  }

  return {
    async create(tenant, body, ctx, contextUrl) {
      const parsed = parseSubscription(body, ctx, hooks);
      const now = clock.isoNow();
      const id = parsed.id ?? newSubscriptionId(randomUUID());
      const sub: Subscription = {
        ...parsed,
        id,
        context: ctx.value,
        contextUrl,
        createdAt: now,
        modifiedAt: now,
      };
      const inserted = await store.write((tx) => subscriptionRepo.insert(tx, tenant, sub));
      if (inserted === 0) throw new DothiError('ALREADY_EXISTS', `subscription ${id} already exists`);
      await cache.put(tenant, sub, ctx);
      return id;
    },
    retrieve,
    async list(tenant, page) {
      const subscriptions = await subscriptionRepo.list(store.read, tenant, page.limit, page.offset);
      const count = page.count ? await subscriptionRepo.count(store.read, tenant) : undefined;
      return { subscriptions, count };
    },
    async update(tenant, id, patch, ctx, contextUrl) {
      const { sub: current } = await retrieve(tenant, id);
      const now = clock.isoNow();
      const parsed = parseSubscription(merged(current, asObject(patch, 'the patch'), ctx, now), ctx, hooks);
      const sub: Subscription = {
        ...parsed,
        id,
        context: ctx.value,
        contextUrl,
        createdAt: current.createdAt,
        modifiedAt: now,
      };
      const changed = await store.write((tx) => subscriptionRepo.replace(tx, tenant, sub));
      if (changed === 0) throw notFound(`subscription ${id} not found`);
      await cache.put(tenant, sub, ctx);
    },
    async remove(tenant, id) {
      const removed = await store.write((tx) => subscriptionRepo.remove(tx, tenant, id));
      if (removed === 0) throw notFound(`subscription ${id} not found`);
      await cache.remove(tenant, id);
    },
    watch: (tenant, spec, listener, ctx) => deps.watchers.watch(tenant, spec, listener, ctx ?? deps.core),
  };
}
