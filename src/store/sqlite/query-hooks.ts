import type { QueryHooks } from '../query-hooks.js';

export const sqliteQueryHooks: QueryHooks = {};
