import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { readScope } from './access-checks.js';
import { NGSI_BASE, type NgsiApiDeps } from './api-deps.js';
import { responseKind } from './negotiation.js';
import { contextOf, sendWithContext, tenantOf } from './request-context.js';

// Discovery (CIM 009 §6.25-§6.28): entity types and attributes in the store, as far as the
// request may read them (a principal limited to some entity types discovers only those).

export async function discoveryRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  app.get(`${NGSI_BASE}/types`, async (req, reply) => {
    const tenant = tenantOf(req);
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const scope = await readScope(deps, req, tenant);
    const details = (req.query as { details?: string }).details === 'true';
    if (!details) {
      const names = await deps.entities.listTypeNames(tenant, scope);
      return sendWithContext(reply, kind, ctx, {
        id: `urn:ngsi-ld:EntityTypeList:${randomUUID()}`,
        type: 'EntityTypeList',
        typeList: names.map((t) => ctx.compact(t)),
      });
    }
    const types = await deps.entities.listTypes(tenant, scope);
    return sendWithContext(
      reply,
      kind,
      ctx,
      types.map((t) => ({
        id: t.type,
        type: 'EntityType',
        typeName: ctx.compact(t.type),
        attributeNames: t.attributes.map((a) => ctx.compact(a.name)),
      })),
    );
  });

  app.get(`${NGSI_BASE}/types/:type`, async (req, reply) => {
    const tenant = tenantOf(req);
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const type = ctx.expand((req.params as { type: string }).type);
    const t = await deps.entities.describeType(tenant, type, await readScope(deps, req, tenant));
    return sendWithContext(reply, kind, ctx, {
      id: t.type,
      type: 'EntityTypeInfo',
      typeName: ctx.compact(t.type),
      entityCount: t.entityCount,
      attributeDetails: t.attributes.map((a) => ({
        id: a.name,
        type: 'Attribute',
        attributeName: ctx.compact(a.name),
        attributeTypes: a.attributeTypes,
      })),
    });
  });

  app.get(`${NGSI_BASE}/attributes`, async (req, reply) => {
    const tenant = tenantOf(req);
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const attrs = await deps.entities.listAttributes(tenant, await readScope(deps, req, tenant));
    const details = (req.query as { details?: string }).details === 'true';
    const body = details
      ? attrs.map((a) => ({
          id: a.name,
          type: 'Attribute',
          attributeName: ctx.compact(a.name),
          typeNames: a.typeNames.map((t) => ctx.compact(t)),
        }))
      : {
          id: `urn:ngsi-ld:AttributeList:${randomUUID()}`,
          type: 'AttributeList',
          attributeList: attrs.map((a) => ctx.compact(a.name)),
        };
    return sendWithContext(reply, kind, ctx, body);
  });

  app.get(`${NGSI_BASE}/attributes/:attrId`, async (req, reply) => {
    const tenant = tenantOf(req);
    const kind = responseKind(req, false);
    const ctx = await contextOf(deps.contexts, req, tenant);
    const a = await deps.entities.describeAttribute(
      tenant,
      ctx.expand((req.params as { attrId: string }).attrId),
      await readScope(deps, req, tenant),
    );
    return sendWithContext(reply, kind, ctx, {
      id: a.name,
      type: 'Attribute',
      attributeName: ctx.compact(a.name),
      attributeCount: a.attributeCount,
      attributeTypes: a.attributeTypes,
      typeNames: a.typeNames.map((t) => ctx.compact(t)),
    });
  });
}
