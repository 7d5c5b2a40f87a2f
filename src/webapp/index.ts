// The IOC operator web app: static serving of its built assets and the offline base map data.
export { webAppRoutes, webAppPublicRoutes } from './webapp-routes.js';
export type { WebAppOptions } from './webapp-routes.js';
export { createMapData, baseLayers, builtAppDir } from './map-data.js';
export type { MapData, BaseLayerName } from './map-data.js';
