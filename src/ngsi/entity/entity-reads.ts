import { DothiError, notFound } from '../../kernel/index.js';
import { LIMIT_PARAM, type SqlDialect, type SqlExecutor, type Store } from '../../store/index.js';
import type { EntityRepo } from './entity-repo.js';
import type { StoredEntity } from './model.js';
import type { Tenants } from './tenants.js';

// Entity reads: retrieve by id and the filtered, paginated query. Filters arrive compiled into SQL
// fragments (src/ngsi/query, src/ngsi/geoquery) that reference the entity row as `e`.

export interface SqlFilter {
  sql: string;
  params: unknown[];
  /** The filter means exactly "has one of these entity types" (see `SqlFragment.types`). */
  types?: readonly string[];
  /** The filter is tested entity by entity; no index serves it. */
  probe?: true;
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

export interface EntityQuerySql {
  /** `SELECT COUNT(*) AS n`: every match. */
  count: { sql: string; params: unknown[] };
  /** `SELECT e.doc`: the page, in key order. */
  page: { sql: string; params: unknown[] };
}

/**
 * The statements of an entity query. When the only filters an index could serve are one type
 * filter's and the dialect has a type source, the matching keys are read from `entity_types` in
 * order: a page of a common type stops after its rows, and a rare or unknown type costs its own
 * rows only. Otherwise the filters are conditions on `entities e`, and the planner starts from the
 * index of their q, geo, id or scope terms.
 */
export function entityQuerySql(
  dialect: SqlDialect,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number },
): EntityQuerySql {
  const driver = filters.find((f) => f.types !== undefined);
  const source =
    driver?.types !== undefined && filters.every((f) => f.types !== undefined || f.probe === true)
      ? dialect.query.typeSource(driver.types.length)
      : undefined;
  const parts = source === undefined ? ['e.tenant = ?'] : ['e.pk = d.pk', 'e.tenant = ?'];
  const params: unknown[] = source === undefined ? [tenant] : [...driver!.types!, tenant];
  for (const f of filters) {
    if (source !== undefined && f === driver) continue;
    parts.push(`(${f.sql})`);
    params.push(...f.params);
  }
  const from = source === undefined ? 'entities e' : `${source} CROSS JOIN entities e`;
  const where = `FROM ${from} WHERE ${parts.join(' AND ')}`;
  return {
    count: { sql: `SELECT COUNT(*) AS n ${where}`, params },
    page: {
      sql: `SELECT e.doc ${where} ORDER BY ${source === undefined ? 'e' : 'd'}.pk LIMIT ${LIMIT_PARAM} OFFSET ?`,
      params: [...params, page.limit, page.offset],
    },
  };
}

export async function queryEntities(
  deps: ReadDeps,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number; count: boolean },
): Promise<EntityPage> {
  const db: SqlExecutor = deps.store.scan;
  await deps.tenants.require(deps.store.read, tenant);
  const sql = entityQuerySql(deps.store.dialect, tenant, filters, page);
  let count: number | undefined;
  if (page.count) {
    const row = await db.get<{ n: number }>(sql.count.sql, sql.count.params);
    count = Number(row?.n ?? 0);
  }
  if (page.limit === 0) return { entities: [], count };
  const rows = await db.all<{ doc: unknown }>(sql.page.sql, sql.page.params);
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
