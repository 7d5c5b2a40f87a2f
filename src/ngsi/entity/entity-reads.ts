import { DothiError, notFound } from '../../kernel/index.js';
import { LIMIT_PARAM, type SqlDialect, type SqlExecutor, type Store } from '../../store/index.js';
import type { EntityRepo } from './entity-repo.js';
import type { LookupCounts } from './lookup-counts.js';
import type { StoredEntity } from './model.js';
import type { Tenants } from './tenants.js';

// Entity reads: retrieve by id and the filtered, paginated query. Filters arrive compiled into SQL
// fragments (src/ngsi/query, src/ngsi/geoquery) that reference the entity row as `e`.

/** A condition on `entities e`, with `?` placeholders and their values in order. */
export interface SqlFilter {
  sql: string;
  params: unknown[];
  /**
   * Set on a filter that means exactly "has one of these entity types" (expanded IRIs), so that a
   * query may read the matching keys from `entity_types` instead (see `QueryHooks.keySource`).
   */
  types?: readonly string[];
  /** Set on a filter tested entity by entity, which no index serves (a pattern, an EXISTS probe). */
  probe?: true;
  /** Set on a q that is driven from index lookups (see `Lookups`). */
  lookups?: Lookups;
}

/**
 * The index lookups of a q condition, so that a query can tell the terms that match few entities
 * (their lookups drive it) from those that match many, which are better tested entity by entity.
 * Ranges and existence tests are counted, an index range each. An equality usually selects few
 * entities: its count is remembered for a while (`remembered`, see LookupCounts), so that the most
 * common q pays for one count per value and period, not one per query. A pattern is never
 * counted: that would test every row of its attribute.
 */
export interface Lookups {
  /**
   * Each lookup that may be counted: `SELECT v.pk FROM attr_values v WHERE …`; `remembered`: an
   * equality's, whose count is remembered (and taken as 0 where no counts are remembered).
   */
  readonly keys: ReadonlyArray<{ sql: string; params: unknown[]; remembered?: true }>;
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
  /** Remembered counts of equality lookups, where the dialect counts lookups (SQLite). */
  lookupCounts?: LookupCounts | undefined;
  /** Entities a count may test one by one (FEW_CANDIDATES unless given; tests set it lower). */
  fewCandidates?: number;
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

/** Whether every filter is a type filter or a per-entity test: no lookup can drive the query. */
const testsOnly = (filters: readonly SqlFilter[]) =>
  filters.every((f) => f.types !== undefined || f.probe === true);

/** The type filter a query can read its keys from, when every other filter is a probe or a type filter. */
function typeDriver(filters: readonly SqlFilter[]): SqlFilter | undefined {
  const driver = filters.find((f) => f.types !== undefined);
  return driver !== undefined && testsOnly(filters) ? driver : undefined;
}

/** The parameters of a key source's types (see QueryHooks.keySource): tenant, type, tenant, type … */
const typeParams = (tenant: string, types: readonly string[]) => types.flatMap((t) => [tenant, t]);

/** The keys of a key source (the tenant's `types`, or every entity's), counted up to `cap`; SQLite only. */
async function keyCount(deps: ReadDeps, tenant: string, types: readonly string[], cap: number) {
  const source = deps.store.dialect.query.keySource(types.length)!;
  const row = await deps.store.read.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${source}`, [
    ...typeParams(tenant, types),
    cap,
  ]);
  return Number(row?.n ?? 0);
}

/**
 * The count of a query that is a type filter and nothing else, read from the (tenant, type, pk)
 * key alone: `type=T&count=true` over 100,000 entities counted every entity row of the tenant
 * (51-67 ms). Several types are merged, so that an entity of two of them counts once.
 */
function typeCount(
  tenant: string,
  filters: readonly SqlFilter[],
): { sql: string; params: unknown[] } | undefined {
  const types = filters.length === 1 ? filters[0]!.types : undefined;
  if (types === undefined) return undefined;
  const keys = types.map(() => 'SELECT pk FROM entity_types WHERE tenant = ? AND type = ?');
  return {
    sql:
      keys.length === 1
        ? 'SELECT COUNT(*) AS n FROM entity_types WHERE tenant = ? AND type = ?'
        : `SELECT COUNT(*) AS n FROM (${keys.join(' UNION ')}) AS d`,
    params: typeParams(tenant, types),
  };
}

/**
 * The statements of an entity query: the filters are conditions on `entities e`, and the planner
 * starts from the index of their q, geo, id or scope terms, or else walks the tenant's index.
 * `keyBudget` (a walk, see walkedPage): the filters are a type filter and per-entity tests, or
 * per-entity tests alone, and the page is looked for among the first `keyBudget` keys of the types,
 * or of all entities, in order.
 */
export function entityQuerySql(
  dialect: SqlDialect,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number },
  keyBudget?: number,
): EntityQuerySql {
  const driver = keyBudget === undefined ? undefined : typeDriver(filters);
  const types = driver?.types ?? [];
  const source = keyBudget === undefined ? undefined : dialect.query.keySource(types.length);
  const parts = source === undefined ? ['e.tenant = ?'] : ['e.pk = d.pk', 'e.tenant = ?'];
  const params: unknown[] =
    source === undefined ? [tenant] : [...typeParams(tenant, types), keyBudget, tenant];
  for (const f of filters) {
    if (source !== undefined && f === driver) continue;
    parts.push(`(${f.sql})`);
    params.push(...f.params);
  }
  const from = source === undefined ? 'entities e' : `${source} CROSS JOIN entities e`;
  const where = `FROM ${from} WHERE ${parts.join(' AND ')}`;
  return {
    count: typeCount(tenant, filters) ?? { sql: `SELECT COUNT(*) AS n ${where}`, params },
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
 * The page of a query whose filters are a type filter and per-entity tests (idPattern, attrs, a
 * q of probes), or per-entity tests alone, found by testing entities in key order among the first
 * keys of the tenant's types, or of the whole table: WALK_KEYS, or four times the page's end.
 * Per-entity tests may reject most keys, and the keys of the whole table are every tenant's, so
 * the walk's cost is bounded, not its yield: a full page among them is the page, and so is what a
 * walk found when the keys ran out before the budget (told by one more count of the keys, up to the
 * budget); otherwise undefined, and the compiled query answers (the tenant's index, every match
 * sorted). Measured over 100,000 entities of one tenant: `type=T&limit=20` 53 ms of SQL → 0.03 ms,
 * `attrs=temperature` 166 → 1-3 ms. Undefined at once where the dialect has no key source
 * (PostgreSQL, whose planner merge-joins the keys of `entity_types` and `entities` itself, 0.3 ms).
 */
async function walkedPage(
  deps: ReadDeps,
  tenant: string,
  filters: readonly SqlFilter[],
  page: { limit: number; offset: number },
): Promise<unknown[] | undefined> {
  if (!testsOnly(filters)) return undefined;
  const types = typeDriver(filters)?.types ?? [];
  const source = deps.store.dialect.query.keySource(types.length);
  if (source === undefined) return undefined;
  const budget = Math.max(WALK_KEYS, 4 * (page.offset + page.limit));
  const docs = await docsOf(deps, entityQuerySql(deps.store.dialect, tenant, filters, page, budget).page);
  // A full page among the first keys is the page: later keys come after it.
  if (docs.length === page.limit) return docs;
  return (await keyCount(deps, tenant, types, budget + 1)) <= budget ? docs : undefined;
}

/**
 * The filters of a query whose q has lookups that match many entities, refined. Each lookup lists
 * every key it matches before the query starts (`temperature>0`: 100,000 keys, 105 ms), where
 * testing entities in key order finds a page after a few dozen. So the rows of the q's ranges and
 * existence tests are counted first, each up to MANY_MATCHES, on the read connection
 * (microseconds), equalities once in a while (LookupCounts), and the parts of q that match that
 * many become per-entity tests. The q is then marked `probe` when no lookup remains. Undefined
 * when nothing is to be gained: the query runs as compiled.
 */
async function refine(deps: ReadDeps, filters: readonly SqlFilter[]): Promise<SqlFilter[] | undefined> {
  const q = filters.find((f) => f.lookups !== undefined);
  if (q?.lookups === undefined || !deps.store.dialect.query.countsLookups) return undefined;
  const keys = q.lookups.keys;
  const memo = deps.lookupCounts;
  const counts: number[] = [];
  const counted: Array<{ sql: string; params: unknown[]; i: number; key?: string }> = [];
  keys.forEach((k, i) => {
    if (k.remembered === undefined) return counted.push({ ...k, i });
    // Without remembered counts, an equality is taken to select few entities.
    if (memo === undefined) return (counts[i] = 0);
    const key = `${k.sql}\0${JSON.stringify(k.params)}`;
    const n = memo.get(key);
    if (n === undefined) counted.push({ ...k, i, key });
    else counts[i] = n;
  });
  if (counted.length > 0) {
    const row = await deps.store.read.get<Record<string, number>>(
      `SELECT ${counted.map((k, j) => `(SELECT COUNT(*) FROM (${k.sql} LIMIT ${MANY_MATCHES}) AS k${j}) AS c${j}`).join(', ')}`,
      counted.flatMap((k) => k.params),
    );
    counted.forEach((k, j) => {
      counts[k.i] = Number(row?.[`c${j}`] ?? 0);
      if (k.key !== undefined) memo?.set(k.key, counts[k.i]!);
    });
  }
  if (counts.every((c) => c < MANY_MATCHES)) return undefined;
  const chosen = q.lookups.choose(counts, MANY_MATCHES);
  return filters.map((f) => (f === q ? chosen : f));
}

/**
 * The page of refined filters: if lookups remain (`temperature>0;category=="c41"`), they drive
 * the query; if none remain, entities are tested in key order (walkedPage).
 */
async function refinedPage(
  deps: ReadDeps,
  tenant: string,
  refined: readonly SqlFilter[],
  page: { limit: number; offset: number },
): Promise<unknown[] | undefined> {
  if (!testsOnly(refined))
    return docsOf(deps, entityQuerySql(deps.store.dialect, tenant, refined, page).page);
  return walkedPage(deps, tenant, refined, page);
}

/** The tenant's entities, counted up to `cap`. */
async function tenantCount(deps: ReadDeps, tenant: string, cap: number): Promise<number> {
  const row = await deps.store.read.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM entities WHERE tenant = ? LIMIT ${LIMIT_PARAM}) AS k`,
    [tenant, cap],
  );
  return Number(row?.n ?? 0);
}

/** Entities a count may test one by one, at most, rather than list the keys of a dense q. */
export const FEW_CANDIDATES = 10_000;

/**
 * The count statement of a query whose filters were refined. Lookups that remain drive it, as they
 * drive the page. When every remaining test is per entity, the entities are tested one by one only
 * where the tenant (or its entities of the query's types) holds at most FEW_CANDIDATES: for more, one
 * pass over the keys of the dense q costs less (`status=="free"` over 100,000 entities: 40 ms as
 * compiled, 176 ms tested one by one), and the compiled count answers. A small tenant thus no longer
 * pays for the keys other tenants' entities give the q: `type=T&q=temperature>1&count=true` in a
 * tenant of 200 beside one of 100,000 took 184 ms.
 */
async function refinedCount(
  deps: ReadDeps,
  tenant: string,
  refined: readonly SqlFilter[],
  compiled: { sql: string; params: unknown[] },
): Promise<{ sql: string; params: unknown[] }> {
  const dialect = deps.store.dialect;
  const all = { limit: 0, offset: 0 };
  if (!testsOnly(refined)) return entityQuerySql(dialect, tenant, refined, all).count;
  const types = typeDriver(refined)?.types;
  const few = deps.fewCandidates ?? FEW_CANDIDATES;
  const candidates =
    types === undefined
      ? await tenantCount(deps, tenant, few + 1)
      : await keyCount(deps, tenant, types, few + 1);
  if (candidates > few) return compiled;
  // Over every key of the types: a walk without its budget.
  const walk = types === undefined ? undefined : Number.MAX_SAFE_INTEGER;
  return entityQuerySql(dialect, tenant, refined, all, walk).count;
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
  const refined = await refine(deps, filters);
  let count: number | undefined;
  if (page.count) {
    const c = refined === undefined ? sql.count : await refinedCount(deps, tenant, refined, sql.count);
    const row = await db.get<{ n: number }>(c.sql, c.params);
    count = Number(row?.n ?? 0);
  }
  if (page.limit === 0) return { entities: [], count };
  const docs =
    (await walkedPage(deps, tenant, filters, page)) ??
    (refined === undefined ? undefined : await refinedPage(deps, tenant, refined, page)) ??
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
