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
  /** The filter is a q driven from index lookups (see `Lookups`). */
  lookups?: Lookups;
}

/**
 * The index lookups of a q condition, so that a query can tell the terms that match few entities
 * (their lookups drive it) from those that match many, which are better tested entity by entity.
 * Only ranges and existence tests are counted, an index range each: an equality is taken to
 * select few entities, which spares the count for the most common q, and a pattern could only be
 * counted by testing every row of its attribute.
 */
export interface Lookups {
  /** Each counted lookup: `SELECT v.pk FROM attr_values v WHERE …`. */
  readonly keys: ReadonlyArray<{ sql: string; params: unknown[] }>;
  /** The entities the q matches at most, from the row count of each lookup (in order). */
  matches(counts: readonly number[]): number;
  /**
   * The q with every part that matches `many` entities or more tested entity by entity; marked
   * `probe` when no lookup is left.
   */
  choose(counts: readonly number[], many: number): SqlFilter;
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

/** The type filter a query can read its keys from, when every other filter is a probe or a type filter. */
function typeDriver(filters: readonly SqlFilter[]): SqlFilter | undefined {
  const driver = filters.find((f) => f.types !== undefined);
  return driver !== undefined && filters.every((f) => f.types !== undefined || f.probe === true)
    ? driver
    : undefined;
}

/**
 * The statements of an entity query. When the only filters an index could serve are one type
 * filter's and the dialect has a type source, the matching keys are read from `entity_types` in
 * order: a page of a common type stops after its rows, and a rare or unknown type costs its own
 * rows only. Otherwise the filters are conditions on `entities e`, and the planner starts from the
 * index of their q, geo, id or scope terms. `keyBudget`: the page is looked for among that many
 * keys of the types only, or of all entities when every filter is a probe (a walk, see walkedPage).
 */
export function entityQuerySql(
  dialect: SqlDialect,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number },
  keyBudget?: number,
): EntityQuerySql {
  const driver = typeDriver(filters);
  const types = driver?.types ?? [];
  const source =
    driver !== undefined || (keyBudget !== undefined && filters.every((f) => f.probe === true))
      ? dialect.query.typeSource(types.length, keyBudget !== undefined)
      : undefined;
  const parts = source === undefined ? ['e.tenant = ?'] : ['e.pk = d.pk', 'e.tenant = ?'];
  const params: unknown[] =
    source === undefined ? [tenant] : [...types, ...(keyBudget === undefined ? [] : [keyBudget]), tenant];
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

/** Rows counted per lookup, at most, to tell a term that selects few entities from one that selects many. */
export const MANY_MATCHES = 1000;
/** Keys a walk tests, at least, before the query falls back to its compiled form. */
export const WALK_KEYS = 2000;

const docsOf = async (deps: ReadDeps, sql: { sql: string; params: unknown[] }) =>
  (await deps.store.scan.all<{ doc: unknown }>(sql.sql, sql.params)).map((r) => r.doc);

/**
 * The page of a query whose filters are all per-entity tests (and types), looked for by testing
 * entities in key order among the first keys only: WALK_KEYS, or four times the page's end, of the
 * types or else of the whole table (every tenant's: the walk's cost is bounded, not its yield).
 * Undefined when those keys held no full page, or where the dialect has no such source: the
 * compiled query answers then. Without it SQLite takes the tenant's index and sorts every match
 * (`attrs=temperature` over 100,000 entities: 166 ms; a walk: under 1 ms).
 */
async function walkedPage(
  deps: ReadDeps,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number },
): Promise<unknown[] | undefined> {
  if (!filters.every((f) => f.probe === true || f.types !== undefined)) return undefined;
  if (deps.store.dialect.query.typeSource(typeDriver(filters)?.types?.length ?? 0, true) === undefined)
    return undefined;
  const budget = Math.max(WALK_KEYS, 4 * (page.offset + page.limit));
  const docs = await docsOf(deps, entityQuerySql(deps.store.dialect, tenant, filters, page, budget).page);
  // A full page among the first keys is the page: later keys come after it.
  return docs.length === page.limit ? docs : undefined;
}

/**
 * The page of a query whose q has lookups that match many entities. Each lookup lists every key it
 * matches before the query starts (`temperature>0`: 100,000 keys, 105 ms), where testing entities
 * in key order finds a page after a few dozen. So the rows of the q's ranges and existence tests
 * are counted first, each up to MANY_MATCHES, on the read connection (microseconds),
 * and the parts of q that match that many become per-entity tests:
 * - if lookups remain (`temperature>0;category=="c41"`), they drive the query;
 * - if none remain, entities are tested in key order (walkedPage).
 * Undefined when nothing is to be gained: the query runs as compiled.
 */
async function refinedPage(
  deps: ReadDeps,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number },
): Promise<unknown[] | undefined> {
  const q = filters.find((f) => f.lookups !== undefined);
  if (q?.lookups === undefined || !deps.store.dialect.query.countsLookups) return undefined;
  const keys = q.lookups.keys;
  const row = await deps.store.read.get<Record<string, number>>(
    `SELECT ${keys.map((k, i) => `(SELECT COUNT(*) FROM (${k.sql} LIMIT ${MANY_MATCHES}) AS k${i}) AS c${i}`).join(', ')}`,
    keys.flatMap((k) => k.params),
  );
  const counts = keys.map((_, i) => Number(row?.[`c${i}`] ?? 0));
  if (keys.every((_, i) => counts[i]! < MANY_MATCHES)) return undefined;
  const chosen = q.lookups.choose(counts, MANY_MATCHES);
  const refined = filters.map((f) => (f === q ? chosen : f));
  if (chosen.probe !== true)
    return docsOf(deps, entityQuerySql(deps.store.dialect, tenant, refined, page).page);
  return walkedPage(deps, tenant, refined, page);
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
  // By type, the compiled query already reads the types' keys in order, to the page's end.
  const docs =
    (typeDriver(filters) === undefined ? await walkedPage(deps, tenant, filters, page) : undefined) ??
    (await refinedPage(deps, tenant, filters, page)) ??
    (await docsOf(deps, sql.page));
  return { entities: docs.map((doc) => deps.store.dialect.parseJson(doc) as StoredEntity), count };
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
