import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DothiError, isDothiError, toProblem } from '../../kernel/index.js';
import type { ActiveContext } from '../context/index.js';
import type { BatchItem, BatchResult } from '../entity/batch-ops.js';
import { checkPage } from '../entity/entity-reads.js';
import type { EntityInput } from '../entity/model.js';
import { parseEntity, type ParseEntityOptions } from '../entity/parse-entity.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import { NGSI_BASE, writerOf, type NgsiApiDeps } from './api-deps.js';
import { readScopeFilters } from './access-checks.js';
import { compileEntityQuery, type EntityQuerySpec } from './entity-query.js';
import { responseKind } from './negotiation.js';
import { paginationLinks } from './pagination.js';
import { optionSet, representationOf, renderMany } from './representation.js';
import { contextOf, linkableContextUrl, sendWithContext, tenantOf } from './request-context.js';

// Batch operations (CIM 009 §6.14-§6.18, §6.31) and POST /entityOperations/query (§6.23).

function arrayBody(req: FastifyRequest, max: number): unknown[] {
  if (!Array.isArray(req.body)) throw new DothiError('BAD_REQUEST_DATA', 'the body must be a JSON array');
  if (req.body.length === 0) throw new DothiError('BAD_REQUEST_DATA', 'the batch is empty');
  if (req.body.length > max) {
    throw new DothiError(
      'BAD_REQUEST_DATA',
      `a batch holds at most ${max} entities; this one has ${req.body.length}`,
    );
  }
  return req.body as unknown[];
}

function idOf(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
}

/** Parses each entity on its own, with its own @context for application/ld+json bodies. */
async function parseItems(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  tenant: string,
  body: unknown[],
  opts: ParseEntityOptions = {},
): Promise<Array<BatchItem<EntityInput>>> {
  const shared = await contextOf(deps.contexts, req, tenant, body);
  const ld = (req.headers['content-type'] ?? '').includes('ld+json');
  const items: Array<BatchItem<EntityInput>> = [];
  for (const raw of body) {
    try {
      if (!ld && (raw as Record<string, unknown> | null)?.['@context'] !== undefined) {
        // CIM 009 §6.3.5: only an application/ld+json body may carry @context, whichever entity has it.
        throw new DothiError(
          'BAD_REQUEST_DATA',
          'an entity with @context must be sent as application/ld+json',
        );
      }
      const ctx: ActiveContext = ld ? await contextOf(deps.contexts, req, tenant, raw) : shared;
      items.push({ ok: true, value: parseEntity(raw, ctx, { ...opts, requireId: true }) });
    } catch (err) {
      if (!isDothiError(err)) throw err;
      items.push({ ok: false, id: idOf(raw), error: err });
    }
  }
  return items;
}

function errorsBody(r: BatchResult) {
  return r.errors.map((e) => ({ entityId: e.entityId, error: toProblem(e.error) }));
}

function send(reply: FastifyReply, r: BatchResult, okStatus: 201 | 204, created?: string[]): FastifyReply {
  if (r.errors.length > 0) return reply.code(207).send({ success: r.success, errors: errorsBody(r) });
  if (okStatus === 201 && created !== undefined && created.length > 0) return reply.code(201).send(created);
  return reply.code(204).send();
}

export async function batchRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  const ops = `${NGSI_BASE}/entityOperations`;

  app.post(`${ops}/create`, async (req, reply) => {
    const tenant = tenantOf(req);
    const items = await parseItems(deps, req, tenant, arrayBody(req, deps.limits.batchMax));
    const r = await writerOf(deps, req).batchCreate(tenant, items);
    return send(reply, r, 201, r.success);
  });

  app.post(`${ops}/upsert`, async (req, reply) => {
    const tenant = tenantOf(req);
    const opts = optionSet((req.query as { options?: string }).options);
    if (opts.has('replace') && opts.has('update')) {
      throw new DothiError('BAD_REQUEST_DATA', 'options replace and update exclude each other');
    }
    const items = await parseItems(deps, req, tenant, arrayBody(req, deps.limits.batchMax));
    const r = await writerOf(deps, req).batchUpsert(tenant, items, opts.has('update') ? 'update' : 'replace');
    return send(reply, r, 201, r.created);
  });

  app.post(`${ops}/update`, async (req, reply) => {
    const tenant = tenantOf(req);
    const noOverwrite = optionSet((req.query as { options?: string }).options).has('noOverwrite');
    const items = await parseItems(deps, req, tenant, arrayBody(req, deps.limits.batchMax));
    return send(reply, await writerOf(deps, req).batchUpdate(tenant, items, noOverwrite), 204);
  });

  app.post(`${ops}/merge`, async (req, reply) => {
    const tenant = tenantOf(req);
    // CIM 009 §5.6.20: merge-patch semantics, so the NGSI-LD Null deletes as in PATCH /entities/{id}.
    const items = await parseItems(deps, req, tenant, arrayBody(req, deps.limits.batchMax), {
      allowNull: true,
    });
    return send(reply, await writerOf(deps, req).batchMerge(tenant, items), 204);
  });

  app.post(`${ops}/delete`, async (req, reply) => {
    const tenant = tenantOf(req);
    const items: Array<BatchItem<string>> = arrayBody(req, deps.limits.batchMax).map((id) =>
      typeof id === 'string' && isAbsoluteUri(id)
        ? { ok: true, value: id }
        : {
            ok: false,
            id: String(id),
            error: new DothiError('BAD_REQUEST_DATA', `'${String(id)}' is not a URI`),
          },
    );
    return send(reply, await writerOf(deps, req).batchDelete(tenant, items), 204);
  });

  app.post(`${ops}/query`, async (req, reply) => {
    const tenant = tenantOf(req);
    const kind = responseKind(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const body = queryBody(req.body);
    const params = req.query as Record<string, string | undefined>;
    const filters = compileEntityQuery(body.spec, ctx, deps.entities.dialect);
    filters.push(...(await readScopeFilters(deps, req, tenant)));
    const page = checkPage(params.limit, params.offset, deps.limits);
    const count = params.count === 'true';
    // CIM 009 §5.7.2: the Query's attrs both select the entities and limit the attributes shown.
    const attrs = body.spec.attrs?.join(',') ?? params.attrs;
    const rep = representationOf({ ...params, attrs, lang: body.lang ?? params.lang }, ctx, kind);
    const result = await deps.entities.query(tenant, filters, { ...page, count });
    if (result.count !== undefined) reply.header('ngsild-results-count', String(result.count));
    const links = paginationLinks(req.url, page, result.entities.length, result.count);
    const contextUrl = kind === 'ld' ? undefined : await linkableContextUrl(deps.registry, ctx);
    return sendWithContext(reply, kind, ctx, renderMany(result.entities, ctx, rep), 200, links, contextUrl);
  });
}

function queryBody(body: unknown): { spec: EntityQuerySpec; lang?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DothiError('BAD_REQUEST_DATA', 'the body must be a Query object');
  }
  const b = body as Record<string, unknown>;
  if (b.type !== 'Query') throw new DothiError('BAD_REQUEST_DATA', "the body's type must be 'Query'");
  const entities = b.entities;
  if (entities !== undefined && !Array.isArray(entities)) {
    throw new DothiError('BAD_REQUEST_DATA', 'entities must be an array of entity selectors');
  }
  const str = (v: unknown, name: string) => {
    if (v !== undefined && typeof v !== 'string')
      throw new DothiError('BAD_REQUEST_DATA', `${name} must be a string`);
    return v as string | undefined;
  };
  const selectors = (entities ?? []).map((s: unknown) => {
    const sel = (s ?? {}) as Record<string, unknown>;
    return { id: str(sel.id, 'id'), idPattern: str(sel.idPattern, 'idPattern'), type: str(sel.type, 'type') };
  });
  const attrs = b.attrs;
  if (attrs !== undefined && (!Array.isArray(attrs) || attrs.some((a) => typeof a !== 'string'))) {
    throw new DothiError('BAD_REQUEST_DATA', 'attrs must be an array of attribute names');
  }
  const geoQ = b.geoQ as Record<string, unknown> | undefined;
  return {
    spec: {
      selectors,
      attrs: attrs as string[] | undefined,
      q: str(b.q, 'q'),
      scopeQ: str(b.scopeQ, 'scopeQ'),
      geo: geoQ === undefined ? undefined : { ...geoQ },
    },
    lang: str(b.lang, 'lang'),
  };
}
