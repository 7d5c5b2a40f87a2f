import {
  canonicalJson,
  DothiError,
  flatString,
  notFound,
  objectSlot,
  sortNames,
} from '../../kernel/index.js';
import type { SqlExecutor, Store } from '../../store/index.js';
import { addLayouts, layoutDelta, writeLayouts, type LayoutDelta } from './entity-layouts.js';
import type { EntityCache } from './entity-cache.js';
import { sameList, type AttrInstance, type StoredEntity } from './model.js';
import { rowMatch, valueEdits } from './value-edits.js';

// Reads and writes entities and their secondary index rows (types, scalar values, shapes).
// Written once for every dialect; spatial writes go through the dialect's geo hooks.

export interface ValueRow {
  path: string;
  str: string | null;
  num: number | null;
}

/** What the repository needs to index an entity; supplied by the query and geo-query modules. */
export interface EntityIndexer {
  valueRows(entity: StoredEntity): ValueRow[];
  /** The value rows of one attribute (all its instances): a part of valueRows. */
  attrValueRows(attrIri: string, instances: readonly AttrInstance[]): ValueRow[];
  insertShapes(tx: SqlExecutor, pk: number, entity: StoredEntity): Promise<void>;
  /** `before`: the stored state, whose shapes are indexed now. */
  replaceShapes(tx: SqlExecutor, pk: number, entity: StoredEntity, before: StoredEntity): Promise<void>;
  deleteShapes(tx: SqlExecutor, pk: number, before: StoredEntity): Promise<void>;
}

export interface LoadedEntity {
  pk: number;
  entity: StoredEntity;
}

const VALUES_PER_STATEMENT = 200;
const insertSqlCache = new Map<number, string>();

function insertValuesSql(rows: number): string {
  let sql = insertSqlCache.get(rows);
  if (sql === undefined) {
    sql = `INSERT INTO attr_values (pk, path, str, num) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`;
    insertSqlCache.set(rows, sql);
  }
  return sql;
}

// Entity documents are stored as canonical JSON (members sorted by name), so that one state has
// one text on every store (PostgreSQL's JSONB keeps no member order): a state's hash, as the audit
// log keeps it, is the hash of its stored text. The text of each state read from or written to
// the store is kept with it, so that it is written once per write and never for a loaded one.
const documents = objectSlot<StoredEntity, string>('document');

/**
 * The JSON text of an entity's stored document: the text it was read from (SQLite) or is written
 * as. States are not changed once stored, so the text is computed once per state.
 */
export function entityDocument(entity: StoredEntity): string {
  let text = documents.get(entity);
  if (text === undefined) {
    text = composeDocument(entity);
    documents.set(entity, text);
  }
  return text;
}

/**
 * The text of each attribute's instance list, kept with the list. A write replaces the lists it
 * changes and shares the others with the state before it, so a document is written from the
 * texts of the lists that did not change and those of the new ones.
 */
const listTexts = objectSlot<readonly AttrInstance[], string>('list text');

/** Members of a stored entity other than `attrs`, which sorts before them all. */
const memberNames = new Set(['id', 'types', 'scope', 'createdAt', 'modifiedAt']);

/** canonicalJson(entity), with each attribute's instance list written once per list. */
function composeDocument(entity: StoredEntity): string {
  for (const k in entity) if (k !== 'attrs' && !memberNames.has(k)) return canonicalJson(entity);
  const names = Object.keys(entity.attrs);
  sortNames(names);
  let attrs = '';
  for (const name of names) {
    const list = entity.attrs[name];
    if (list === undefined) continue;
    let text = listTexts.get(list);
    if (text === undefined) {
      text = canonicalJson(list);
      listTexts.set(list, text);
    }
    attrs += `${attrs === '' ? '' : ','}${JSON.stringify(name)}:${text}`;
  }
  const rest = canonicalJson({ ...entity, attrs: undefined });
  return flatString(`{"attrs":{${attrs}}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`);
}

export function hasGeoProperty(attrs: Record<string, AttrInstance[]>, names?: Iterable<string>): boolean {
  const keys = names ?? Object.keys(attrs);
  for (const k of keys) {
    const list = attrs[k];
    if (list !== undefined && list.some((i) => i.type === 'GeoProperty')) return true;
  }
  return false;
}

/**
 * The next entity key of each SQLite store, for pipelined inserts, which cannot read one back: the
 * process is the store's one writer, so keys are handed out here (and moved past every key an
 * ordinary insert got from SQLite).
 */
const nextKeys = new WeakMap<Store, { next: number }>();

/** Ids looked up together by `prefetch`, per statement. */
const PREFETCH_CHUNK = 500;

export class EntityRepo {
  private readonly jsonParam: string;
  /**
   * The committed states a batch looked up at once (prefetch), for the loads of the same pipelined
   * unit of work; null: no such entity. Cleared by `endPrefetch` when the unit's loop ends.
   */
  private prefetched:
    { db: SqlExecutor; tenant: string; states: Map<string, LoadedEntity | null> } | undefined;
  /** The layout changes gathered for one unit of work (gatherLayouts), by tenant. */
  private gathered: { tx: SqlExecutor; deltas: Map<string, LayoutDelta> } | undefined;

  /**
   * `cache` keeps recent states in memory (see entity-cache.ts): only for a store that no other
   * process writes.
   */
  constructor(
    private readonly store: Store,
    private readonly indexer: EntityIndexer,
    private readonly cache?: EntityCache,
  ) {
    this.jsonParam = store.dialect.jsonParam();
  }

  /**
   * The entity's current state as `db` sees it: the store's read connection (committed state) or
   * a unit of work's executor (with its own writes). States are shared: never change one (the
   * tests freeze them, see entity-cache.ts).
   */
  async load(db: SqlExecutor, tenant: string, id: string): Promise<LoadedEntity | undefined> {
    let prefetched: LoadedEntity | null | undefined;
    if (db.committed !== undefined && this.cache !== undefined) {
      // Pipelined: the last state a unit still in the pipeline wrote, else the committed one.
      const pending = this.cache.pendingState(tenant, id);
      if (pending !== undefined) return pending.state;
      if (this.prefetched?.db === db && this.prefetched.tenant === tenant)
        prefetched = this.prefetched.states.get(id);
      db = db.committed;
    }
    const cached = this.cache?.get(tenant, id);
    if (cached !== undefined) return cached;
    if (prefetched !== undefined) return prefetched ?? undefined;
    const row = await db.get<{ pk: number; doc: unknown }>(
      'SELECT pk, doc FROM entities WHERE tenant = ? AND id = ?',
      [tenant, id],
    );
    if (row === undefined) return undefined;
    const entity = this.store.dialect.parseJson(row.doc) as StoredEntity;
    if (typeof row.doc === 'string') documents.set(entity, row.doc);
    const loaded = { pk: Number(row.pk), entity };
    this.cache?.remember(tenant, id, loaded);
    return loaded;
  }

  /**
   * For a batch in a pipelined unit of work: the committed states of the entities of `ids` that are
   * neither pending nor cached, read in one statement per 500 ids instead of one per entity, for
   * the loads that follow in the same unit (whose writes are pending, so they are looked up first).
   * The unit calls `endPrefetch` when its loop ends. Elsewhere (a transaction, no cache) a no-op.
   */
  async prefetch(db: SqlExecutor, tenant: string, ids: readonly string[]): Promise<void> {
    this.prefetched = undefined;
    const cache = this.cache;
    if (db.committed === undefined || cache === undefined || ids.length < 2) return;
    const wanted = [
      ...new Set(ids.filter((id) => cache.pendingState(tenant, id) === undefined && !cache.has(tenant, id))),
    ];
    const states = new Map<string, LoadedEntity | null>();
    for (let start = 0; start < wanted.length; start += PREFETCH_CHUNK) {
      const chunk = wanted.slice(start, start + PREFETCH_CHUNK);
      for (const id of chunk) states.set(id, null);
      const rows = await db.committed.all<{ pk: number; id: string; doc: unknown }>(
        `SELECT pk, id, doc FROM entities WHERE tenant = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
        [tenant, ...chunk],
      );
      for (const row of rows) {
        const entity = this.store.dialect.parseJson(row.doc) as StoredEntity;
        if (typeof row.doc === 'string') documents.set(entity, row.doc);
        states.set(row.id, { pk: Number(row.pk), entity });
      }
    }
    this.prefetched = { db, tenant, states };
  }

  /**
   * Gathers the layout changes of the writes in `tx` until `writeGatheredLayouts`, so that a batch
   * operation, whose entities mostly share a few layouts, writes one row change per layout rather
   * than one per entity (1,000 creates: 1,000 upserts, about 5 ms of the writer thread).
   */
  gatherLayouts(tx: SqlExecutor): void {
    this.gathered = { tx, deltas: new Map() };
  }

  /** Writes the gathered layout changes of `tx`, and gathers no more. */
  async writeGatheredLayouts(tx: SqlExecutor): Promise<void> {
    const gathered = this.gathered;
    this.gathered = undefined;
    if (gathered?.tx !== tx) return;
    for (const [tenant, delta] of gathered.deltas) await writeLayouts(tx, tenant, delta);
  }

  /** Forgets gathered layout changes (the unit of work failed). */
  dropGatheredLayouts(): void {
    this.gathered = undefined;
  }

  private async layouts(tx: SqlExecutor, tenant: string, delta: LayoutDelta): Promise<void> {
    const gathered = this.gathered;
    if (gathered?.tx !== tx) return writeLayouts(tx, tenant, delta);
    let into = gathered.deltas.get(tenant);
    if (into === undefined) gathered.deltas.set(tenant, (into = new Map()));
    addLayouts(into, delta);
  }

  endPrefetch(): void {
    this.prefetched = undefined;
  }

  /** Loads an entity that must exist: RESOURCE_NOT_FOUND otherwise. */
  async require(db: SqlExecutor, tenant: string, id: string): Promise<LoadedEntity> {
    const found = await this.load(db, tenant, id);
    if (found === undefined) throw notFound(`entity ${id} not found`);
    return found;
  }

  /**
   * Inserts a new entity with its index rows; ALREADY_EXISTS when the id is taken (no extra look-up
   * in a transaction; pipelined, a look-up of the pending or committed state).
   */
  async insert(tx: SqlExecutor, tenant: string, entity: StoredEntity): Promise<number> {
    const pk =
      tx.committed !== undefined
        ? await this.insertPipelined(tx, tenant, entity)
        : await this.insertRow(tx, tenant, entity);
    this.cache?.written(tx, tenant, entity.id, { pk, entity }, false);
    await this.insertTypes(tx, tenant, pk, entity.types);
    await this.layouts(tx, tenant, layoutDelta(undefined, entity));
    await this.insertValues(tx, pk, entity);
    if (hasGeoProperty(entity.attrs)) await this.indexer.insertShapes(tx, pk, entity);
    return pk;
  }

  private async insertRow(tx: SqlExecutor, tenant: string, entity: StoredEntity): Promise<number> {
    const row = await tx.get<{ pk: number }>(
      `INSERT INTO entities (tenant, id, doc, created_at, modified_at) VALUES (?, ?, ${this.jsonParam}, ?, ?)
       ON CONFLICT (tenant, id) DO NOTHING RETURNING pk`,
      [tenant, entity.id, entityDocument(entity), entity.createdAt, entity.modifiedAt],
    );
    if (row === undefined) throw new DothiError('ALREADY_EXISTS', `entity ${entity.id} already exists`);
    const pk = Number(row.pk);
    const key = nextKeys.get(this.store);
    if (key !== undefined && key.next <= pk) key.next = pk + 1;
    return pk;
  }

  private async insertPipelined(tx: SqlExecutor, tenant: string, entity: StoredEntity): Promise<number> {
    // Without the cache's view of pending writes, an existing id cannot be told apart.
    if (this.cache === undefined) return this.insertRow(tx, tenant, entity);
    if ((await this.load(tx, tenant, entity.id)) !== undefined)
      throw new DothiError('ALREADY_EXISTS', `entity ${entity.id} already exists`);
    let key = nextKeys.get(this.store);
    if (key === undefined) {
      // No pipelined insert yet: the committed maximum is the store's.
      const row = await tx.committed!.get<{ pk: number | null }>('SELECT MAX(pk) AS pk FROM entities');
      key = nextKeys.get(this.store) ?? { next: Number(row?.pk ?? 0) + 1 };
      nextKeys.set(this.store, key);
    }
    const pk = key.next++;
    await tx.defer(
      `INSERT INTO entities (pk, tenant, id, doc, created_at, modified_at) VALUES (?, ?, ?, ${this.jsonParam}, ?, ?)`,
      [pk, tenant, entity.id, entityDocument(entity), entity.createdAt, entity.modifiedAt],
    );
    return pk;
  }

  /**
   * Writes the new state of an entity. `geoChanged` says whether any GeoProperty was added,
   * changed or removed, so that spatial rows are rewritten only when needed; `touched` names
   * every attribute that may differ between the two states, so that only their value rows are
   * compared.
   */
  async update(
    tx: SqlExecutor,
    tenant: string,
    pk: number,
    before: StoredEntity,
    after: StoredEntity,
    geoChanged: boolean,
    touched: readonly string[],
  ) {
    this.cache?.written(tx, tenant, after.id, { pk, entity: after });
    await tx.defer(`UPDATE entities SET doc = ${this.jsonParam}, modified_at = ? WHERE pk = ?`, [
      entityDocument(after),
      after.modifiedAt,
      pk,
    ]);
    if (!sameList(before.types, after.types)) {
      await this.deleteTypes(tx, tenant, pk, before.types);
      await this.insertTypes(tx, tenant, pk, after.types);
    }
    await this.layouts(tx, tenant, layoutDelta(before, after, touched));
    await this.updateValues(tx, pk, before, after, touched);
    if (geoChanged) await this.indexer.replaceShapes(tx, pk, after, before);
  }

  async delete(tx: SqlExecutor, tenant: string, pk: number, entity: StoredEntity): Promise<void> {
    this.cache?.written(tx, tenant, entity.id, undefined);
    await tx.defer('DELETE FROM entities WHERE pk = ?', [pk]);
    await this.deleteTypes(tx, tenant, pk, entity.types);
    await this.layouts(tx, tenant, layoutDelta(entity, undefined));
    await tx.defer('DELETE FROM attr_values WHERE pk = ?', [pk]);
    await this.indexer.deleteShapes(tx, pk, entity);
  }

  /** By primary key (tenant, type, pk): the stored types are known, so no index on pk is needed. */
  private async deleteTypes(tx: SqlExecutor, tenant: string, pk: number, types: string[]): Promise<void> {
    for (const type of types)
      await tx.defer('DELETE FROM entity_types WHERE tenant = ? AND type = ? AND pk = ?', [tenant, type, pk]);
  }

  private async insertTypes(tx: SqlExecutor, tenant: string, pk: number, types: string[]): Promise<void> {
    for (const type of types)
      await tx.defer('INSERT INTO entity_types (tenant, type, pk) VALUES (?, ?, ?)', [tenant, type, pk]);
  }

  private async insertValues(tx: SqlExecutor, pk: number, entity: StoredEntity): Promise<void> {
    await this.insertRows(tx, pk, this.indexer.valueRows(entity));
  }

  /**
   * Writes only the value rows that differ: a PATCH of one value changes one row, not all of the
   * entity's. A value that changed in place (one row of a path for another) is one UPDATE, which
   * leaves the row and its `pk` index entry where they are; a row whose count changed is deleted
   * in all its copies and written again.
   */
  private async updateValues(
    tx: SqlExecutor,
    pk: number,
    before: StoredEntity,
    after: StoredEntity,
    touched: readonly string[],
  ) {
    // Scope rows are not an attribute's: a scope change compares every row.
    const edits = sameList(before.scope, after.scope)
      ? valueEdits(this.attrRows(before, touched), this.attrRows(after, touched))
      : valueEdits(this.indexer.valueRows(before), this.indexer.valueRows(after));
    for (const { from, to } of edits.moved) {
      const where = rowMatch(pk, from);
      await tx.defer(`UPDATE attr_values SET str = ?, num = ? WHERE ${where.sql}`, [
        to.str,
        to.num,
        ...where.params,
      ]);
    }
    for (const row of edits.stale) {
      const where = rowMatch(pk, row);
      await tx.defer(`DELETE FROM attr_values WHERE ${where.sql}`, where.params);
    }
    await this.insertRows(tx, pk, edits.fresh);
  }

  private attrRows(entity: StoredEntity, names: readonly string[]): ValueRow[] {
    const rows: ValueRow[] = [];
    for (const name of names) {
      const list = entity.attrs[name];
      if (list !== undefined) rows.push(...this.indexer.attrValueRows(name, list));
    }
    return rows;
  }

  private async insertRows(tx: SqlExecutor, pk: number, rows: readonly ValueRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += VALUES_PER_STATEMENT) {
      const chunk = rows.slice(start, start + VALUES_PER_STATEMENT);
      const params: unknown[] = [];
      for (const r of chunk) params.push(pk, r.path, r.str, r.num);
      await tx.defer(insertValuesSql(chunk.length), params);
    }
  }
}
