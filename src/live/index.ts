// The live view: Server-Sent Events of the entity changes inside a map's visible area and layers,
// fed in process by the broker's subscriptions (watch), the same matcher as HTTP subscriptions.
export { liveRoutes } from './live-routes.js';
export type { LiveDeps } from './live-routes.js';
export { parseLiveFilter, watchSpecOf } from './live-filter.js';
export type { LiveFilter } from './live-filter.js';
