import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import type { ActiveContext } from '../context/index.js';
import { checkPage } from '../entity/entity-reads.js';
import {
  parseInstanceReplacement,
  parseTemporalAttrs,
  parseTemporalEntity,
  parseTemporalQuery,
  renderTemporal,
  type TemporalParams,
  type TemporalQuery,
  type TemporalResult,
  type TemporalService,
} from '../temporal/index.js';
import { checkReadable, readScopeFilters } from './access-checks.js';
import { NGSI_BASE, type NgsiApiDeps } from './api-deps.js';
import { attrListOf, compileEntityQuery, querySpecFromParams, type EntityQuerySpec } from './entity-query.js';
import { validateAttributeName } from '../entity/validate-name.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import { entityIdParam } from './entity-routes.js';
import { responseKind, type ResponseKind } from './negotiation.js';
import { paginationLinks } from './pagination.js';
import { contextOf, linkableContextUrl, sendWithContext, tenantOf } from './request-context.js';

// The temporal API (CIM 009 §6.18-§6.20): retrieve one entity's temporal evolution, query
// temporal evolutions, and the same query as POST /temporal/entityOperations/query (§6.24).

type Query = Record<string, string | undefined>;

function bad(message: string): DothiError {
  return new DothiError('BAD_REQUEST_DATA', message);
}

function str(v: unknown, name: string): string | undefined {
  if (v !== undefined && typeof v !== 'string') throw bad(`${name} must be a string`);
  return v as string | undefined;
}

/** A Query (§5.2.23) with its temporalQ (§5.2.21). */
function queryBody(body: unknown): { spec: EntityQuerySpec; temporal: TemporalParams } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a Query');
  const b = body as Record<string, unknown>;
  if (b.type !== 'Query') throw bad("the body's type must be 'Query'");
  if (b.entities !== undefined && !Array.isArray(b.entities)) throw bad('entities must be an array');
  const selectors = ((b.entities ?? []) as unknown[]).map((s) => {
    const sel = (s ?? {}) as Record<string, unknown>;
    return { id: str(sel.id, 'id'), idPattern: str(sel.idPattern, 'idPattern'), type: str(sel.type, 'type') };
  });
  const attrs = b.attrs;
  if (attrs !== undefined && (!Array.isArray(attrs) || attrs.some((a) => typeof a !== 'string'))) {
    throw bad('attrs must be an array of attribute names');
  }
  const tq = (b.temporalQ ?? {}) as Record<string, unknown>;
  if (typeof tq !== 'object' || Array.isArray(tq)) throw bad('temporalQ must be an object');
  const temporal: TemporalParams = {
    timerel: str(tq.timerel, 'timerel'),
    timeAt: str(tq.timeAt, 'timeAt'),
    endTimeAt: str(tq.endTimeAt, 'endTimeAt'),
    timeproperty: str(tq.timeproperty, 'timeproperty'),
    ...(tq.lastN === undefined ? {} : { lastN: tq.lastN as string | number }),
  };
  const geoQ = b.geoQ as Record<string, unknown> | undefined;
  const spec: EntityQuerySpec = {
    selectors,
    attrs: attrs as string[] | undefined,
    q: str(b.q, 'q'),
    scopeQ: str(b.scopeQ, 'scopeQ'),
    geo: geoQ === undefined ? undefined : { ...geoQ },
  };
  return { spec, temporal };
}

function expandAll(names: string[] | undefined, ctx: ActiveContext): string[] | undefined {
  return names === undefined || names.length === 0 ? undefined : names.map((n) => ctx.expand(n));
}

/** 206 with Content-Range when some attribute's history was cut at the broker's instance cap. */
function sendTemporal(
  reply: FastifyReply,
  kind: ResponseKind,
  ctx: ActiveContext,
  payload: unknown,
  range: TemporalResult['range'],
  links?: string,
  contextUrl?: string,
): FastifyReply {
  if (range !== undefined) reply.header('content-range', `date-time ${range.start}-${range.end}/*`);
  return sendWithContext(reply, kind, ctx, payload, range === undefined ? 200 : 206, links, contextUrl);
}

async function runQuery(
  deps: NgsiApiDeps,
  temporal: TemporalService,
  req: FastifyRequest,
  ctx: ActiveContext,
  spec: EntityQuerySpec,
  tq: TemporalQuery,
) {
  const params = req.query as Query;
  const filters = compileEntityQuery(spec, ctx, deps.entities.dialect);
  filters.push(...(await readScopeFilters(deps, req, tenantOf(req))));
  const page = checkPage(params.limit, params.offset, deps.limits);
  const result = await temporal.query(tenantOf(req), filters, page, expandAll(spec.attrs, ctx), tq);
  const links = paginationLinks(req.url, page, result.entities.length, undefined);
  return { result, links, payload: result.entities.map((e) => renderTemporal(e, ctx, tq)) };
}

function attrParam(req: FastifyRequest, ctx: ActiveContext): string {
  const name = (req.params as { attrId: string }).attrId;
  const problem = validateAttributeName(name);
  if (problem !== undefined) throw bad(problem);
  return ctx.expand(name);
}

function instanceKey(req: FastifyRequest, ctx: ActiveContext) {
  const instanceId = (req.params as { instanceId: string }).instanceId;
  if (!isAbsoluteUri(instanceId)) throw bad(`instance id '${instanceId}' is not a URI`);
  return { id: entityIdParam(req), attr: attrParam(req, ctx), instanceId };
}

/** Temporal provision (§6.18.3.1, §6.19.3.2, §6.20.3.1, §6.21.3.1, §6.22.3.1-2). */
function provisionRoutes(app: FastifyInstance, deps: NgsiApiDeps, temporal: TemporalService): void {
  const base = `${NGSI_BASE}/temporal/entities`;

  app.post(base, async (req, reply) => {
    const tenant = tenantOf(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const input = parseTemporalEntity(req.body, ctx);
    const outcome = await temporal.provide(tenant, input, false, deps.access?.origin(req));
    if (outcome === 'updated') return reply.code(204).send();
    return reply
      .code(201)
      .header('location', `${base}/${encodeURIComponent(input.id)}`)
      .send();
  });

  app.post(`${base}/:entityId/attrs`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    await temporal.provide(
      tenant,
      { id, types: [], attrs: parseTemporalAttrs(req.body, ctx) },
      true,
      deps.access?.origin(req),
    );
    return reply.code(204).send();
  });

  app.delete(`${base}/:entityId`, async (req, reply) => {
    await temporal.deleteHistory(tenantOf(req), entityIdParam(req));
    return reply.code(204).send();
  });

  app.delete(`${base}/:entityId/attrs/:attrId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const q = req.query as Query;
    if (q.deleteAll !== undefined && q.deleteAll !== 'true' && q.deleteAll !== 'false') {
      throw bad('deleteAll must be true or false');
    }
    if (q.datasetId !== undefined && !isAbsoluteUri(q.datasetId)) throw bad('datasetId must be a URI');
    const which = {
      deleteAll: q.deleteAll === 'true',
      ...(q.datasetId === undefined ? {} : { datasetId: q.datasetId }),
    };
    await temporal.deleteAttrHistory(tenant, entityIdParam(req), attrParam(req, ctx), which);
    return reply.code(204).send();
  });

  app.patch(`${base}/:entityId/attrs/:attrId/:instanceId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const key = instanceKey(req, ctx);
    const attrId = (req.params as { attrId: string }).attrId;
    await temporal.modifyInstance(tenant, key, parseInstanceReplacement(req.body, attrId, ctx));
    return reply.code(204).send();
  });

  app.delete(`${base}/:entityId/attrs/:attrId/:instanceId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const ctx = await contextOf(deps.contexts, req, tenant);
    await temporal.deleteInstance(tenant, instanceKey(req, ctx));
    return reply.code(204).send();
  });
}

export async function temporalRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  const temporal = deps.temporal;
  if (temporal === undefined) return;
  const base = `${NGSI_BASE}/temporal`;
  provisionRoutes(app, deps, temporal);

  app.get(`${base}/entities/:entityId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const params = req.query as Query;
    const tq = parseTemporalQuery(params);
    const result = await temporal.retrieve(tenant, id, expandAll(attrListOf(params.attrs), ctx), tq);
    checkReadable(deps, req, id, result.entities[0]!.types);
    return sendTemporal(reply, kind, ctx, renderTemporal(result.entities[0]!, ctx, tq), result.range);
  });

  app.get(`${base}/entities`, async (req, reply) => {
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenantOf(req));
    const params = req.query as Query;
    const tq = parseTemporalQuery(params);
    const { result, links, payload } = await runQuery(
      deps,
      temporal,
      req,
      ctx,
      querySpecFromParams(params),
      tq,
    );
    return sendTemporal(reply, kind, ctx, payload, result.range, links);
  });

  app.post(`${base}/entityOperations/query`, async (req, reply) => {
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenantOf(req), req.body);
    const params = req.query as Query;
    const body = queryBody(req.body);
    const tq = parseTemporalQuery({
      ...body.temporal,
      lastN: body.temporal.lastN ?? params.lastN,
      options: params.options,
      format: params.format,
      aggrMethods: params.aggrMethods,
      aggrPeriodDuration: params.aggrPeriodDuration,
    });
    const { result, links, payload } = await runQuery(deps, temporal, req, ctx, body.spec, tq);
    const contextUrl = kind === 'ld' ? undefined : await linkableContextUrl(deps.registry, ctx);
    return sendTemporal(reply, kind, ctx, payload, result.range, links, contextUrl);
  });
}
