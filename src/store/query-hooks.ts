// Per-dialect SQL fragments used by the NGSI-LD query compiler (src/ngsi/query/) and the
// temporal repositories (src/ngsi/temporal/). Filled in by each dialect folder: src/store/sqlite/query-hooks.ts and src/store/postgres/query-hooks.ts.
// Fragments use `?` placeholders only; every user value travels as a parameter.

/**
 * Where the JSON fallback looks for values inside an entity document (normal form, see
 * src/ngsi/entity/model.ts): every instance of `doc.attrs[attr]`, then down `sub[s]` for each of
 * `subs`, then the first of `members` the instance has (`value`, `json`, …), then `keys` (JSON
 * member names; a key of digits only indexes an array).
 */
export interface JsonValuePath {
  readonly attr: string;
  readonly subs: readonly string[];
  readonly members: readonly string[];
  readonly keys: readonly string[];
}

/** A table read as one index range per row of a small outer relation (see `QueryHooks.joinEach`). */
export interface JoinEach {
  /** The outer relation's name: a few hundred rows of a WITH clause (VALUES lists). */
  readonly outer: string;
  /** The outer columns that number its rows (unique together), as [alias, column]. */
  readonly keys: ReadonlyArray<readonly [string, string]>;
  /** The table with its alias, and the condition that ties its index key to `<outer>.<column>`. */
  readonly table: string;
  readonly where: string;
  /** The table's columns to select, as [alias, expression]; aggregates when `grouped`. */
  readonly columns: ReadonlyArray<readonly [string, string]>;
  /** One row of aggregates per outer row that has matching rows, instead of every matching row. */
  readonly grouped: boolean;
}

export interface QueryHooks {
  /**
   * A row source for `FROM` with one row per value found at `path` in the JSON document `doc`
   * (an SQL expression such as `e.doc`): a non-empty array at the end yields one row per element,
   * anything else one row, a missing path no row. Columns, the same as `attr_values`: `str` (a
   * string, or 'true'/'false' for a boolean) and `num` (a number, or the epoch milliseconds of a
   * string that is an ISO 8601 date-time). Objects, arrays and null give a row with both NULL.
   */
  jsonValues(doc: string, path: JsonValuePath, alias: string): { sql: string; params: unknown[] };
  /** True when the text expression matches the regular expression bound to the one `?`. */
  regexMatch(text: string): string;
  /** The text expression under byte-wise (code point) ordering, for `<`, `>`, ranges. */
  orderedText(text: string): string;
  /**
   * `column IN (subquery)` for a selective subquery (a lookup on the `attr_values` indexes),
   * evaluated first into a list of keys that the query is driven from. PostgreSQL would otherwise
   * plan a semi-join from its statistics, and `attr_values` mixes every attribute in one histogram:
   * a range that selects 20 rows is estimated at thousands, and the planner walks the primary key in
   * `ORDER BY pk LIMIT` order instead (128 ms instead of 0.6 ms at 100,000 entities).
   */
  inSubquery(column: string, subquery: string): string;
  /**
   * The column, kept from serving as an index key in this condition: a per-entity probe
   * (`v.pk = e.pk AND <path> = ?`) must look up `attr_values_pk`, not walk a whole `(path, …)` index.
   */
  unindexed(column: string): string;
  /**
   * A SELECT that reads `table` once per outer row, each one range of an index: the temporal
   * repositories pass a few hundred (series, period) rows. Written as a plain join, PostgreSQL
   * misjudges the join's size by orders of magnitude and hash-joins a sequential scan of the whole
   * table (50 s instead of 0.3 s over 4.3 million history rows).
   */
  joinEach(q: JoinEach): string;
  /**
   * For an entity query of a type filter and per-entity tests: a row source for `FROM`, aliased
   * `d`, with the keys (`pk`) of the first entities, in ascending key order, that have one of
   * `types` types in a tenant (bound to its first `?`s as tenant, type, tenant, type …), or of all
   * entities of every tenant when `types` is 0; as many as the next `?` says. Each key once (several types merge in order, dropping duplicates), so that
   * `ORDER BY d.pk LIMIT` stops after a page. Undefined where the planner finds the plan unaided
   * (PostgreSQL merge-joins the primary keys of `entity_types` and `entities`, 0.3 ms), where SQLite
   * would walk the tenant's index and sort every match (53 ms for 20 entities of a type of 40,000
   * among 100,000; 0.03 ms from here).
   */
  keySource(types: number): string | undefined;
  /**
   * Whether an entity query counts the rows of its q's range and existence lookups first
   * (each up to a cap), and tests those that match many entities entity by entity
   * (ngsi/entity/entity-reads.ts). SQLite plans without value statistics and would list every
   * key such a lookup matches before the query starts; PostgreSQL plans from its statistics.
   */
  readonly countsLookups: boolean;
}
