// Persistence of user-supplied @contexts (kinds Hosted and ImplicitlyCreated), table `jsonld_contexts`
// (src/store/{sqlite,postgres}/migrations/002-jsonld-contexts.sql). Cached remote contexts live in
// memory only (cached-contexts.ts).

/** The slice of the store that the registry needs. SQL uses `?` placeholders only. */
export interface SqlExecutor {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
}

export type StoredContextKind = 'Hosted' | 'ImplicitlyCreated';

export interface StoredContextRow {
  id: string;
  kind: StoredContextKind;
  /** The JSON text of the document, `{"@context": ...}`. */
  body: string;
  createdAt: string;
  lastUsage: string | null;
  hits: number;
}

export interface HostedContextStore {
  /** false when a row with this id exists already (it is left unchanged). */
  insert(row: StoredContextRow): Promise<boolean>;
  list(kind?: StoredContextKind): Promise<StoredContextRow[]>;
  get(id: string): Promise<StoredContextRow | undefined>;
  remove(id: string): Promise<boolean>;
  addUsage(id: string, hits: number, lastUsage: string): Promise<void>;
}

// Quoted aliases: PostgreSQL folds unquoted ones to lower case.
const columns = 'id, kind, body, created_at AS "createdAt", last_usage AS "lastUsage", hits';

export function createSqlHostedStore(db: SqlExecutor): HostedContextStore {
  return {
    async insert(row) {
      // The url column stays NULL for these kinds: their URL is derived from the broker's base URL
      // when listed, so that a change of host name does not leave stale URLs behind.
      const { changes } = await db.run(
        'INSERT INTO jsonld_contexts (id, url, kind, body, created_at, last_usage, hits) ' +
          'VALUES (?, NULL, ?, ?, ?, NULL, 0) ON CONFLICT (id) DO NOTHING',
        [row.id, row.kind, row.body, row.createdAt],
      );
      return changes > 0;
    },
    list: (kind) =>
      kind === undefined
        ? db.all<StoredContextRow>(`SELECT ${columns} FROM jsonld_contexts ORDER BY created_at, id`)
        : db.all<StoredContextRow>(
            `SELECT ${columns} FROM jsonld_contexts WHERE kind = ? ORDER BY created_at, id`,
            [kind],
          ),
    get: (id) => db.get<StoredContextRow>(`SELECT ${columns} FROM jsonld_contexts WHERE id = ?`, [id]),
    async remove(id) {
      const { changes } = await db.run('DELETE FROM jsonld_contexts WHERE id = ?', [id]);
      return changes > 0;
    },
    async addUsage(id, hits, lastUsage) {
      await db.run('UPDATE jsonld_contexts SET hits = hits + ?, last_usage = ? WHERE id = ?', [
        hits,
        lastUsage,
        id,
      ]);
    },
  };
}

/** The in-memory twin of `createSqlHostedStore`, for tests and for a resolver built without a store. */
export function createMemoryHostedStore(): HostedContextStore {
  const rows = new Map<string, StoredContextRow>();
  return {
    async insert(row) {
      if (rows.has(row.id)) return false;
      rows.set(row.id, { ...row });
      return true;
    },
    async list(kind) {
      return [...rows.values()]
        .filter((r) => kind === undefined || r.kind === kind)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .map((r) => ({ ...r }));
    },
    async get(id) {
      const row = rows.get(id);
      return row === undefined ? undefined : { ...row };
    },
    remove: async (id) => rows.delete(id),
    async addUsage(id, hits, lastUsage) {
      const row = rows.get(id);
      if (row !== undefined) rows.set(id, { ...row, hits: row.hits + hits, lastUsage });
    },
  };
}
