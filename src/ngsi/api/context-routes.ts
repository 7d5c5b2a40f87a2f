import type { FastifyInstance } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import { parseContextKind } from '../context/index.js';
import { NGSI_BASE, type NgsiApiDeps } from './api-deps.js';

// @context source management (CIM 009 §6.29-§6.30, §5.13.x): hosted contexts are added here
// and served from here; cached remote contexts are listed and can be evicted or reloaded.

export async function contextRoutes(app: FastifyInstance, deps: NgsiApiDeps): Promise<void> {
  const base = `${NGSI_BASE}/jsonldContexts`;

  app.get(base, async (req) => {
    const q = req.query as { details?: string; kind?: string };
    const kind = parseContextKind(q.kind);
    return q.details === 'true' ? deps.registry.listDetails({ kind }) : deps.registry.list({ kind });
  });

  app.get(`${base}/:contextId`, async (req, reply) => {
    const id = (req.params as { contextId: string }).contextId;
    const details = (req.query as { details?: string }).details === 'true';
    if (details) return reply.send(await deps.registry.getDetails(id));
    return reply.type('application/ld+json').send(await deps.registry.get(id));
  });

  app.post(base, async (req, reply) => {
    const body = req.body as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || body['@context'] === undefined) {
      throw new DothiError('BAD_REQUEST_DATA', 'the body must be a JSON object with an @context member');
    }
    // Resolving first proves the context is valid JSON-LD before it is stored.
    await deps.contexts.resolve(body['@context'] as Parameters<typeof deps.contexts.resolve>[0]);
    const added = await deps.registry.add(body);
    return reply.code(201).header('location', added.url).send();
  });

  app.delete(`${base}/:contextId`, async (req, reply) => {
    const id = (req.params as { contextId: string }).contextId;
    await deps.registry.delete(id, { reload: (req.query as { reload?: string }).reload === 'true' });
    return reply.code(204).send();
  });
}
