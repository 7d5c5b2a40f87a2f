export { createNgsi } from './ngsi.js';
export type { Ngsi, NgsiOptions } from './ngsi.js';
export { ngsiPublicRoutes, NGSI_BASE } from './api/index.js';
export type { NgsiAccess } from './api/index.js';
export type { EntityService } from './entity/entity-service.js';
export { entityDocument } from './entity/entity-repo.js';
export type {
  EntityChange,
  ChangeKind,
  ChangeListener,
  ChangeRecorder,
  WriteOrigin,
} from './entity/entity-deps.js';
export type { StoredEntity, AttrInstance, EntityInput, AttributeType } from './entity/model.js';
export type {
  SubscriptionService,
  WatchSpec,
  WatchListener,
  WatchNotification,
} from './subscription/index.js';
