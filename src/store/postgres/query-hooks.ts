import type { QueryHooks } from '../query-hooks.js';

export const postgresQueryHooks: QueryHooks = {};
