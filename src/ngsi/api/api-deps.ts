import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../kernel/index.js';
import type { ContextRegistry, ContextResolver } from '../context/index.js';
import type { WriteOrigin } from '../entity/entity-deps.js';
import type { EntityService } from '../entity/entity-service.js';
import type { SubscriptionService } from '../subscription/index.js';
import type { TemporalService } from '../temporal/index.js';

export interface NgsiApiLimits {
  defaultLimit: number;
  maxLimit: number;
  batchMax: number;
}

export interface NgsiApiDeps {
  entities: EntityService;
  contexts: ContextResolver;
  registry: ContextRegistry;
  limits: NgsiApiLimits;
  clock: Clock;
  subscriptions: SubscriptionService;
  /** The temporal API (CIM 009 §6.18-§6.20); its routes are registered only when present. */
  temporal?: TemporalService;
  /** Access control by entity type (src/auth implements it); without it every type is readable. */
  access?: NgsiAccess;
}

/** The access port of the NGSI-LD API: which entity types a request may read, and who it writes for. */
export interface NgsiAccess {
  /** A test on expanded type IRIs, or undefined when the request may read every type. */
  readableTypes(req: FastifyRequest): ((typeIri: string) => boolean) | undefined;
  /** Who the request's writes are made for (recorded with each change, e.g. by the audit). */
  origin(req: FastifyRequest): WriteOrigin | undefined;
}

/** The entity service acting for the request's principal. */
export function writerOf(deps: NgsiApiDeps, req: FastifyRequest): EntityService {
  return deps.access === undefined ? deps.entities : deps.entities.as(deps.access.origin(req));
}

export const NGSI_BASE = '/ngsi-ld/v1';
