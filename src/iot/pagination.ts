import { DothiError } from '../kernel/index.js';

/** `limit` (1-1000, default 20) and `offset` query parameters, as the IoT Agent API pages lists. */
export function pageOf(query: Record<string, string | undefined>): { limit: number; offset: number } {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new DothiError('BAD_REQUEST_DATA', 'limit must be an integer from 1 to 1000');
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new DothiError('BAD_REQUEST_DATA', 'offset must be a non-negative integer');
  }
  return { limit, offset };
}
