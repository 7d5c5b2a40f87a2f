import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore } from '../../../test/support/index.js';
import { systemClock } from '../../kernel/index.js';
import type { SqlExecutor, Store } from '../../store/index.js';
import { entityIndexer } from '../ngsi.js';
import { EntityCache } from './entity-cache.js';
import type { EntityChange } from './entity-deps.js';
import { createEntityService, type EntityService } from './entity-service.js';
import type { AttrInstance, StoredEntity } from './model.js';

// The entity cache on a real SQLite store: whatever the interleaving of reads, writes, group
// commits and failures, a read by id gives what the store holds.

const T = 'https://example.org/temperature';
const ID = 'urn:ngsi-ld:Sensor:c1';
const value = (v: unknown): Record<string, AttrInstance[]> => ({ [T]: [{ type: 'Property', value: v }] });
const valueOf = (e: StoredEntity) => e.attrs[T]?.[0]?.value;

describe('entity cache (sqlite)', () => {
  let store: Store & { dispose(): Promise<void> };
  let cache: EntityCache;
  let entities: EntityService;
  /** For each change recorded, whether its unit of work ran pipelined (the writer thread). */
  const pipelined: boolean[] = [];
  /** Changes whose recorder waits for this promise before the unit of work goes on. */
  let hold: Promise<void> | undefined;

  before(async () => {
    store = await makeStore('sqlite');
    cache = new EntityCache(100, { freeze: true });
    const recorder = async (tx: SqlExecutor, change: EntityChange) => {
      pipelined.push(tx.committed !== undefined);
      const v = change.after === undefined ? undefined : valueOf(change.after);
      if (v === 'hold') await hold;
      if (v === 'boom') throw new Error('recorder refused the change');
      // A write SQLite refuses only when it runs (on the writer thread, when pipelined), and late
      // enough for the next unit to be built on this one's state meanwhile.
      if (v === 'poison')
        await tx.defer(
          `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000)
           INSERT INTO tenants (name, created_at) SELECT 'p', 'x' FROM c WHERE x IN (1, 300000)`,
        );
    };
    entities = createEntityService({
      store,
      indexer: entityIndexer(store),
      clock: systemClock,
      recorders: [recorder],
      cache,
    });
    await entities.create('', { id: ID, types: ['https://example.org/Sensor'], attrs: value(1) });
  });
  after(async () => store.dispose());

  /** What the store itself holds, past the cache. */
  const stored = async (id = ID) => {
    const row = await store.read.get<{ doc: string }>(
      'SELECT doc FROM entities WHERE tenant = ? AND id = ?',
      ['', id],
    );
    return row === undefined ? undefined : (JSON.parse(row.doc) as StoredEntity);
  };

  it('answers reads from memory once cached, and a read after a write sees the write', async () => {
    assert.equal(valueOf(await entities.retrieve('', ID)), 1);
    const hits = cache.stats().hits;
    assert.equal(valueOf(await entities.retrieve('', ID)), 1);
    assert.equal(cache.stats().hits, hits + 1);
    await entities.updateAttributes('', ID, value(2));
    const { hits: before, misses } = cache.stats();
    assert.equal(valueOf(await entities.retrieve('', ID)), 2);
    assert.deepEqual(
      [cache.stats().hits, cache.stats().misses],
      [before + 1, misses],
      'the write was cached',
    );
    assert.equal(valueOf((await stored())!), 2);
  });

  it('gives out frozen states, so that no reader can change another reader’s copy', async () => {
    const e = await entities.retrieve('', ID);
    assert.throws(() => {
      (e.attrs[T]![0] as { value: unknown }).value = 99;
    }, TypeError);
    assert.throws(() => {
      e.types.push('https://example.org/Other');
    }, TypeError);
    assert.equal(valueOf(await entities.retrieve('', ID)), 2);
  });

  it('keeps the committed state when a unit of work that wrote the entity is undone', async () => {
    await assert.rejects(entities.updateAttributes('', ID, value('boom')), /refused/);
    assert.equal(valueOf(await entities.retrieve('', ID)), 2);
    assert.equal(valueOf((await stored())!), 2);
  });

  it('caches the last committed state of an entity several units of one group commit wrote', async () => {
    // Submitted in one turn: one transaction, retried with savepoints after the failure.
    const results = await Promise.allSettled([
      entities.updateAttributes('', ID, value(3)),
      entities.updateAttributes('', ID, value(4)),
      entities.updateAttributes('', ID, value('boom')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected'],
    );
    assert.equal(valueOf((await stored())!), 4);
    assert.equal(valueOf(await entities.retrieve('', ID)), 4);
  });

  it('caches nothing a unit of work read of its own writes when it is undone', async () => {
    const item = (v: unknown) => ({
      ok: true as const,
      value: { id: ID, types: ['https://example.org/Sensor'], attrs: value(v) },
    });
    // The second item reads the first one's write inside the transaction, then the unit fails.
    await assert.rejects(entities.batchUpsert('', [item(7), item('boom')], 'update'), /refused/);
    assert.equal(valueOf((await stored())!), 4);
    assert.equal(valueOf(await entities.retrieve('', ID)), 4);
  });

  it('serves the committed state while a write is in progress, and caches nothing read meanwhile', async () => {
    let release!: () => void;
    hold = new Promise<void>((r) => (release = r));
    const writing = entities.updateAttributes('', ID, value('hold'));
    // Let the unit of work reach the recorder, which holds it open after writing the entity.
    for (let i = 0; i < 20 && cache.get('', ID) !== undefined; i++) await new Promise((r) => setImmediate(r));
    assert.equal(cache.get('', ID), undefined, 'a write in progress: not served from memory');
    assert.equal(valueOf(await entities.retrieve('', ID)), 4, 'readers see the committed state');
    assert.equal(cache.get('', ID), undefined, 'and what they read is not cached');
    release();
    await writing;
    hold = undefined;
    assert.equal(valueOf(cache.get('', ID)!.entity), 'hold');
    assert.equal(valueOf(await entities.retrieve('', ID)), 'hold');
  });

  it('forgets a deleted entity and caches one created again under its id', async () => {
    await entities.delete('', ID);
    await assert.rejects(entities.retrieve('', ID), /not found/);
    await entities.create('', { id: ID, types: ['https://example.org/Sensor'], attrs: value(5) });
    assert.equal(valueOf(await entities.retrieve('', ID)), 5);
    assert.equal(valueOf((await stored())!), 5);
  });

  it('answers batch writes from the cache and the store alike', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `urn:ngsi-ld:Sensor:b${i}`);
    const items = (v: number) =>
      ids.map((id) => ({
        ok: true as const,
        value: { id, types: ['https://example.org/Sensor'], attrs: value(v) },
      }));
    await entities.batchUpsert('', items(1), 'update');
    // Half of them read (cached), half not: the update reads both kinds.
    for (const id of ids.slice(0, 10)) await entities.retrieve('', id);
    await entities.batchUpsert('', items(2), 'update');
    for (const id of ids) {
      assert.equal(valueOf(await entities.retrieve('', id)), 2);
      assert.equal(valueOf((await stored(id))!), 2);
    }
  });

  it('looks up the entities of a batch in one statement, and still sees the batch’s own writes', async () => {
    // A service without cached states: every entity is read from the store.
    const uncached = createEntityService({
      store,
      indexer: entityIndexer(store),
      clock: systemClock,
      cache: new EntityCache(0),
    });
    const old = ['urn:ngsi-ld:Sensor:pf0', 'urn:ngsi-ld:Sensor:pf1'];
    const item = (id: string, v: number) => ({
      ok: true as const,
      value: { id, types: ['https://example.org/Sensor'], attrs: value(v) },
    });
    await uncached.batchUpsert(
      '',
      old.map((id) => item(id, 1)),
      'update',
    );
    const NEW = 'urn:ngsi-ld:Sensor:pf-new';
    const reads: string[] = [];
    const read = store.read as SqlExecutor;
    const { get, all } = read;
    read.get = ((sql: string, params?: readonly unknown[]) => {
      reads.push(sql.slice(0, 30));
      return get.call(read, sql, params);
    }) as SqlExecutor['get'];
    read.all = ((sql: string, params?: readonly unknown[]) => {
      reads.push(sql.slice(0, 30));
      return all.call(read, sql, params);
    }) as SqlExecutor['all'];
    let result;
    try {
      // The new entity twice: its second upsert updates what the first created.
      result = await uncached.batchUpsert(
        '',
        [item(old[0]!, 2), item(NEW, 3), item(NEW, 4), item(old[1]!, 5)],
        'update',
      );
    } finally {
      read.get = get;
      read.all = all;
    }
    assert.deepEqual(result.created, [NEW]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(reads, ['SELECT pk, id, doc FROM entiti']);
    assert.deepEqual(
      await Promise.all([old[0]!, NEW, old[1]!].map(async (id) => valueOf((await stored(id))!))),
      [2, 4, 5],
    );
  });

  it('undoes writes built on a pipelined group that failed', async () => {
    const P = 'urn:ngsi-ld:Sensor:poisoned';
    const creating = entities.create('', {
      id: P,
      types: ['https://example.org/Sensor'],
      attrs: value('poison'),
    });
    // The next unit runs once the create has gone to the writer thread, on the state it wrote.
    await new Promise((r) => setImmediate(r));
    const updating = entities.updateAttributes('', P, value(5));
    await assert.rejects(creating, /UNIQUE/);
    await assert.rejects(updating, /not found/);
    assert.equal(await stored(P), undefined);
    assert.equal(cache.get('', P), undefined);
  });

  it('moves and deletes a located entity pipelined, and the spatial index follows', async () => {
    const L = 'urn:ngsi-ld:Sensor:located';
    const LOC = 'https://uri.etsi.org/ngsi-ld/location';
    const at = (x: number, y: number): Record<string, AttrInstance[]> => ({
      [LOC]: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [x, y] } }],
    });
    const boxes = async () =>
      store.read.all<{ min_x: number }>(
        'SELECT r.min_x FROM geo_shapes s JOIN geo_rtree r ON r.gid = s.gid WHERE s.pk = (SELECT pk FROM entities WHERE id = ?)',
        [L],
      );
    await entities.create('', { id: L, types: ['https://example.org/Sensor'], attrs: at(106, 10) });
    pipelined.length = 0;
    await entities.updateAttributes('', L, at(107, 11));
    const moved = await boxes();
    assert.equal(moved.length, 1);
    assert.ok(Math.abs(moved[0]!.min_x - 107) < 0.01);
    const pk = (await store.read.get<{ pk: number }>('SELECT pk FROM entities WHERE id = ?', [L]))!.pk;
    await entities.delete('', L);
    const left = await store.read.get<{ n: number }>(
      'SELECT (SELECT COUNT(*) FROM geo_rtree WHERE gid BETWEEN ? AND ?) + (SELECT COUNT(*) FROM geo_shapes WHERE pk = ?) AS n',
      [pk * 65536, pk * 65536 + 65535, pk],
    );
    assert.equal(Number(left?.n), 0);
    assert.deepEqual(pipelined, [true, true], 'neither write needed a transaction of its own');
  });

  it('admits a new entity when it is first read or updated, not when it is created', async () => {
    const id = 'urn:ngsi-ld:Sensor:admitted';
    const entries = cache.stats().entries;
    await entities.create('', { id, types: ['https://example.org/Sensor'], attrs: value(10) });
    assert.equal(cache.has('', id), false, 'a create leaves the cache as it was');
    assert.equal(cache.stats().entries, entries);
    assert.equal(valueOf(await entities.retrieve('', id)), 10, 'read from the store');
    assert.equal(cache.has('', id), true, 'the first read caches the state');
    const other = 'urn:ngsi-ld:Sensor:updated-first';
    await entities.create('', { id: other, types: ['https://example.org/Sensor'], attrs: value(20) });
    await entities.updateAttributes('', other, value(21));
    assert.equal(cache.has('', other), true, 'an update caches the state it writes');
    assert.equal(valueOf(await entities.retrieve('', other)), 21);
    await entities.batchUpsert(
      '',
      [1, 2, 3].map((n) => ({
        ok: true as const,
        value: { id: `urn:ngsi-ld:Sensor:bulk${n}`, types: ['https://example.org/Sensor'], attrs: value(n) },
      })),
      'update',
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => cache.has('', `urn:ngsi-ld:Sensor:bulk${n}`)),
      [false, false, false],
      'a bulk import pushes out no state in use',
    );
    assert.equal(cache.has('', id), true);
  });

  it('stays within its size', async () => {
    assert.ok(cache.stats().entries <= 100);
    const small = new EntityCache(2);
    const loaded = (id: string) => ({
      pk: 1,
      entity: { id, types: [], attrs: {}, createdAt: '', modifiedAt: '' },
    });
    for (const id of ['a', 'b', 'c']) small.remember('', id, loaded(id));
    assert.equal(small.stats().entries, 2);
    assert.equal(small.get('', 'a'), undefined, 'the least recently used went first');
    assert.equal(small.get('', 'c')?.entity.id, 'c');
  });
});
