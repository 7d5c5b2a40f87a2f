import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { NgsiApiDeps } from './api-deps.js';
import { attributeRoutes } from './attribute-routes.js';
import { batchRoutes } from './batch-routes.js';
import { contextRoutes } from './context-routes.js';
import { discoveryRoutes } from './discovery-routes.js';
import { entityRoutes } from './entity-routes.js';
import { subscriptionRoutes } from './subscription-routes.js';
import { temporalRoutes } from './temporal-routes.js';

export type { NgsiApiDeps, NgsiApiLimits, NgsiAccess } from './api-deps.js';
export { NGSI_BASE } from './api-deps.js';

/** The NGSI-LD API as one Fastify plugin. */
export function ngsiApi(deps: NgsiApiDeps): FastifyPluginAsync {
  return async function ngsiLd(app: FastifyInstance) {
    await entityRoutes(app, deps);
    await attributeRoutes(app, deps);
    await batchRoutes(app, deps);
    await discoveryRoutes(app, deps);
    await contextRoutes(app, deps);
    await subscriptionRoutes(app, deps);
    await temporalRoutes(app, deps);
  };
}

/** Routes of the NGSI-LD API that need no credentials: @context documents are public by design. */
export const ngsiPublicRoutes = ['GET /ngsi-ld/v1/jsonldContexts/'] as const;
