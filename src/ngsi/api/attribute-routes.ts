import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import type { ActiveContext } from '../context/index.js';
import type { UpdateResult } from '../entity/attribute-writes.js';
import type { AttributeType, StoredEntity } from '../entity/model.js';
import { parseAttribute, parseAttributes } from '../entity/parse-entity.js';
import { validateAttributeName } from '../entity/validate-name.js';
import { NGSI_BASE, writerOf, type NgsiApiDeps } from './api-deps.js';
import { entityIdParam } from './entity-routes.js';
import { optionSet } from './representation.js';
import { contextOf, tenantOf } from './request-context.js';

// Attributes of one entity (CIM 009 §6.6, §6.7): append, update, partial update, replace, delete.

function attrIdParam(req: FastifyRequest, ctx: ActiveContext): string {
  const name = (req.params as { attrId: string }).attrId;
  const problem = validateAttributeName(name);
  if (problem !== undefined) throw new DothiError('BAD_REQUEST_DATA', problem);
  return ctx.expand(name);
}

/** 204 when every attribute was written; 207 with the per-attribute outcome otherwise (§6.6.3.1). */
function sendUpdateResult(reply: FastifyReply, ctx: ActiveContext, r: UpdateResult): FastifyReply {
  if (r.notUpdated.length === 0) return reply.code(204).send();
  return reply.code(207).send({
    updated: r.updated.map((n) => ctx.compact(n)),
    notUpdated: r.notUpdated.map((n) => ({ attributeName: ctx.compact(n.name), reason: n.reason })),
  });
}

export async function attributeRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  const attrs = `${NGSI_BASE}/entities/:entityId/attrs`;

  app.post(attrs, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const noOverwrite = optionSet((req.query as { options?: string }).options).has('noOverwrite');
    const incoming = parseAttributes(stripContext(req.body), ctx, { allowNull: false });
    return sendUpdateResult(
      reply,
      ctx,
      await writerOf(deps, req).appendAttributes(tenant, id, incoming, noOverwrite),
    );
  });

  app.patch(attrs, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const incoming = parseAttributes(stripContext(req.body), ctx, { allowNull: true });
    return sendUpdateResult(reply, ctx, await writerOf(deps, req).updateAttributes(tenant, id, incoming));
  });

  app.patch(`${attrs}/:attrId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const name = attrIdParam(req, ctx);
    // CIM 009 §5.6.4: a fragment without `type` is checked against the stored attribute, so that
    // a GeoProperty's new value must be a geometry and a Relationship cannot gain a `value`. A
    // body whose fragments all name their type needs no read before the write.
    const body = stripContext(req.body);
    const existingType = everyFragmentTyped(body)
      ? undefined
      : storedTypeOf(await deps.entities.retrieve(tenant, id), name);
    const patch = parseAttribute(name, body, ctx, {
      allowNull: true,
      partial: true,
      existingType,
    });
    for (const p of patch) await writerOf(deps, req).partialUpdateAttribute(tenant, id, name, p);
    return reply.code(204).send();
  });

  app.put(`${attrs}/:attrId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant, req.body);
    const name = attrIdParam(req, ctx);
    const incoming = parseAttribute(name, stripContext(req.body), ctx, { allowNull: false, partial: false });
    await writerOf(deps, req).replaceAttribute(tenant, id, name, incoming);
    return reply.code(204).send();
  });

  app.delete(`${attrs}/:attrId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const id = entityIdParam(req);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const name = attrIdParam(req, ctx);
    const q = req.query as { datasetId?: string; deleteAll?: string };
    await writerOf(deps, req).deleteAttribute(tenant, id, name, {
      datasetId: q.datasetId,
      deleteAll: q.deleteAll === 'true',
    });
    return reply.code(204).send();
  });
}

/** The type shared by every instance of attribute `name`; undefined when absent or mixed. */
function storedTypeOf(entity: StoredEntity, name: string): AttributeType | undefined {
  const types = new Set(entity.attrs[name]?.map((i) => i.type));
  return types.size === 1 ? [...types][0] : undefined;
}

/** Whether the partial-update body (one fragment or an array of them) gives `type` in each. */
function everyFragmentTyped(body: unknown): boolean {
  const typed = (f: unknown) => typeof f === 'object' && f !== null && 'type' in f;
  return Array.isArray(body) ? body.length > 0 && body.every(typed) : typed(body);
}

function stripContext(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { '@context': _c, ...rest } = body as Record<string, unknown>;
  return rest;
}
