import { DothiError, notFound } from '../../kernel/index.js';
import { LIMIT_PARAM, type SqlExecutor, type Store } from '../../store/index.js';
import type { EntityRepo } from './entity-repo.js';
import type { StoredEntity } from './model.js';
import type { Tenants } from './tenants.js';

// Entity reads: retrieve by id and the filtered, paginated query. Filters arrive compiled into SQL
// fragments (src/ngsi/query, src/ngsi/geoquery) that reference the entity row as `e`.

export interface SqlFilter {
  sql: string;
  params: unknown[];
}

export interface EntityPage {
  entities: StoredEntity[];
  /** Total matches, when asked for (`count=true`). */
  count: number | undefined;
}

export interface ReadDeps {
  store: Store;
  tenants: Tenants;
}

/** The entity's committed state (shared: never change it). */
export async function retrieveEntity(
  deps: ReadDeps & { repo: EntityRepo },
  tenant: string,
  id: string,
): Promise<StoredEntity> {
  await deps.tenants.require(deps.store.read, tenant);
  const found = await deps.repo.load(deps.store.read, tenant, id);
  if (found === undefined) throw notFound(`entity ${id} not found`);
  return found.entity;
}

function whereClause(filters: readonly SqlFilter[]): { sql: string; params: unknown[] } {
  const parts = ['e.tenant = ?'];
  const params: unknown[] = [];
  for (const f of filters) {
    parts.push(`(${f.sql})`);
    params.push(...f.params);
  }
  return { sql: parts.join(' AND '), params };
}

export async function queryEntities(
  deps: ReadDeps,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number; count: boolean },
): Promise<EntityPage> {
  const db: SqlExecutor = deps.store.scan;
  await deps.tenants.require(deps.store.read, tenant);
  const where = whereClause(filters);
  const params = [tenant, ...where.params];
  let count: number | undefined;
  if (page.count) {
    const row = await db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM entities e WHERE ${where.sql}`,
      params,
    );
    count = Number(row?.n ?? 0);
  }
  if (page.limit === 0) return { entities: [], count };
  const rows = await db.all<{ doc: unknown }>(
    `SELECT e.doc FROM entities e WHERE ${where.sql} ORDER BY e.pk LIMIT ${LIMIT_PARAM} OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  return { entities: rows.map((r) => deps.store.dialect.parseJson(r.doc) as StoredEntity), count };
}

export function checkPage(
  limitText: string | undefined,
  offsetText: string | undefined,
  defaults: { defaultLimit: number; maxLimit: number },
): { limit: number; offset: number } {
  const limit = limitText === undefined ? defaults.defaultLimit : Number(limitText);
  const offset = offsetText === undefined ? 0 : Number(offsetText);
  if (!Number.isInteger(limit) || limit < 0)
    throw new DothiError('BAD_REQUEST_DATA', 'limit must be an integer >= 0');
  if (!Number.isInteger(offset) || offset < 0)
    throw new DothiError('BAD_REQUEST_DATA', 'offset must be an integer >= 0');
  if (limit > defaults.maxLimit) {
    throw new DothiError('TOO_MANY_RESULTS', `limit ${limit} exceeds the maximum of ${defaults.maxLimit}`, {
      maxLimit: defaults.maxLimit,
    });
  }
  return { limit, offset };
}
