import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import { checkPage } from '../entity/entity-reads.js';
import { parseEntity, parseAttributes } from '../entity/parse-entity.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import { NGSI_BASE, writerOf, type NgsiApiDeps } from './api-deps.js';
import { checkReadable, readScopeFilters } from './access-checks.js';
import { compileEntityQuery, querySpecFromParams } from './entity-query.js';
import { responseKind } from './negotiation.js';
import { paginationLinks } from './pagination.js';
import { entityBody, representationOf, renderMany, type RepresentationParams } from './representation.js';
import { contextOf, sendWithContext, tenantOf } from './request-context.js';

// Entities (CIM 009 §6.4, §6.5): create, query, retrieve, replace, merge, delete.

type Query = Record<string, string | undefined>;

export function entityIdParam(req: FastifyRequest): string {
  const id = (req.params as { entityId: string }).entityId;
  if (!isAbsoluteUri(id)) throw new DothiError('BAD_REQUEST_DATA', `entity id '${id}' is not a URI`);
  return id;
}

export async function entityRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  app.post(`${NGSI_BASE}/entities`, async (req, reply) => {
    const tenant = tenantOf(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const input = parseEntity(req.body, ctx, { requireId: true });
    await writerOf(deps, req).create(tenant, input);
    return reply
      .code(201)
      .header('location', `${NGSI_BASE}/entities/${encodeURIComponent(input.id)}`)
      .send();
  });

  app.get(`${NGSI_BASE}/entities`, async (req, reply) => {
    const tenant = tenantOf(req);
    const q = req.query as Query;
    const kind = responseKind(req);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const filters = compileEntityQuery(querySpecFromParams(q), ctx, deps.entities.dialect);
    filters.push(...(await readScopeFilters(deps, req, tenant)));
    const page = checkPage(q.limit, q.offset, deps.limits);
    const count = q.count === 'true' || (q.options ?? '').split(',').includes('count');
    const rep = representationOf(q as RepresentationParams, ctx, kind);
    const result = await deps.entities.query(tenant, filters, { ...page, count });
    if (result.count !== undefined) reply.header('ngsild-results-count', String(result.count));
    const links = paginationLinks(req.url, page, result.entities.length, result.count);
    return sendWithContext(reply, kind, ctx, renderMany(result.entities, ctx, rep), 200, links);
  });

  app.get(`${NGSI_BASE}/entities/:entityId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const kind = responseKind(req);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const rep = representationOf(req.query as RepresentationParams, ctx, kind);
    const entity = await deps.entities.retrieve(tenant, id);
    checkReadable(deps, req, id, entity.types);
    return sendWithContext(reply, kind, ctx, entityBody(entity, ctx, rep));
  });

  app.put(`${NGSI_BASE}/entities/:entityId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const input = parseEntity(withId(req.body, id), ctx, { requireId: true });
    await writerOf(deps, req).replace(tenant, input);
    return reply.code(204).send();
  });

  app.patch(`${NGSI_BASE}/entities/:entityId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const body = checkBodyId(req.body, id);
    const types = body.type === undefined ? [] : parseEntity({ id, type: body.type }, ctx, {}).types;
    const { id: _i, type: _t, scope, '@context': _c, ...rest } = body;
    // CIM 009 §4.18, §5.6.17: in a merge the NGSI-LD Null removes the scope.
    const parsedScope =
      scope === undefined ? undefined : parseEntity({ id, type: 'T', scope }, ctx, { allowNull: true }).scope;
    const attrs = parseAttributes(rest, ctx, { allowNull: true });
    await writerOf(deps, req).merge(tenant, id, { types, scope: parsedScope, attrs });
    return reply.code(204).send();
  });

  app.delete(`${NGSI_BASE}/entities/:entityId`, async (req, reply) => {
    await writerOf(deps, req).delete(tenantOf(req), entityIdParam(req));
    return reply.code(204).send();
  });
}

function checkBodyId(body: unknown, id: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DothiError('BAD_REQUEST_DATA', 'the body must be a JSON object');
  }
  const b = body as Record<string, unknown>;
  if (b.id !== undefined && b.id !== id) {
    throw new DothiError('BAD_REQUEST_DATA', `the body's id ${String(b.id)} differs from the URL's ${id}`);
  }
  return b;
}

function withId(body: unknown, id: string): Record<string, unknown> {
  return { ...checkBodyId(body, id), id };
}
