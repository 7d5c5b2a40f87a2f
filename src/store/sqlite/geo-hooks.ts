import type { GeoHooks } from '../geo-hooks.js';

export const sqliteGeoHooks: GeoHooks = {};
