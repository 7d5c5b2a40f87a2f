import type { Clock } from '../../kernel/index.js';
import type { ContextRegistry, ContextResolver } from '../context/index.js';
import type { EntityService } from '../entity/entity-service.js';

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
}

export const NGSI_BASE = '/ngsi-ld/v1';
