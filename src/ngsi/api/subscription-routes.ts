import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import { checkPage } from '../entity/entity-reads.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import { renderSubscription } from '../subscription/index.js';
import { checkSubscriptionAccess, checkSubscriptionScope, subscriptionReadable } from './access-checks.js';
import { NGSI_BASE, type NgsiApiDeps } from './api-deps.js';
import { responseKind } from './negotiation.js';
import { paginationLinks } from './pagination.js';
import { contextOf, linkableContextUrl, sendWithContext, tenantOf } from './request-context.js';

// Subscriptions (CIM 009 §6.10, §6.11): create, query, retrieve, update, delete. Names are expanded
// with the request @context; the subscription keeps that context for its notifications.

const SUBSCRIPTIONS = `${NGSI_BASE}/subscriptions`;

function subscriptionIdParam(req: FastifyRequest): string {
  const id = (req.params as { subscriptionId: string }).subscriptionId;
  if (!isAbsoluteUri(id)) throw new DothiError('BAD_REQUEST_DATA', `subscription id '${id}' is not a URI`);
  return id;
}

export async function subscriptionRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  app.post(SUBSCRIPTIONS, async (req, reply) => {
    const tenant = tenantOf(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    checkSubscriptionScope(deps, req, req.body, ctx);
    const id = await deps.subscriptions.create(
      tenant,
      req.body,
      ctx,
      await linkableContextUrl(deps.registry, ctx),
    );
    return reply
      .code(201)
      .header('location', `${SUBSCRIPTIONS}/${encodeURIComponent(id)}`)
      .send();
  });

  app.get(SUBSCRIPTIONS, async (req, reply) => {
    const tenant = tenantOf(req);
    const q = req.query as Record<string, string | undefined>;
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const page = checkPage(q.limit, q.offset, deps.limits);
    const count = q.count === 'true' || (q.options ?? '').split(',').includes('count');
    const result = await deps.subscriptions.list(tenant, { ...page, count });
    if (result.count !== undefined) reply.header('ngsild-results-count', String(result.count));
    const now = deps.clock.isoNow();
    const body = result.subscriptions
      .filter((s) => subscriptionReadable(deps, req, s.sub))
      .map((s) => renderSubscription(s.sub, s.stats, ctx, now));
    const links = paginationLinks(req.url, page, body.length, result.count);
    return sendWithContext(reply, kind, ctx, body, 200, links);
  });

  app.get(`${SUBSCRIPTIONS}/:subscriptionId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = subscriptionIdParam(req);
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    await checkSubscriptionAccess(deps, req, tenant, id);
    const found = await deps.subscriptions.retrieve(tenant, id);
    return sendWithContext(
      reply,
      kind,
      ctx,
      renderSubscription(found.sub, found.stats, ctx, deps.clock.isoNow()),
    );
  });

  app.patch(`${SUBSCRIPTIONS}/:subscriptionId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = subscriptionIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    await checkSubscriptionAccess(deps, req, tenant, id);
    checkSubscriptionScope(deps, req, req.body, ctx);
    await deps.subscriptions.update(tenant, id, req.body, ctx, await linkableContextUrl(deps.registry, ctx));
    return reply.code(204).send();
  });

  app.delete(`${SUBSCRIPTIONS}/:subscriptionId`, async (req, reply) => {
    await checkSubscriptionAccess(deps, req, tenantOf(req), subscriptionIdParam(req));
    await deps.subscriptions.remove(tenantOf(req), subscriptionIdParam(req));
    return reply.code(204).send();
  });
}
