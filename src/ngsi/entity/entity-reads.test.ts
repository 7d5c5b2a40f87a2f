// The statements of an entity query on SQLite: a query whose only indexed filter is its entity
// types reads the keys of those types in order from entity_types (no walk of the tenant, no sort);
// a q, geo, id or scope term that an index serves keeps the query on the entities and that index.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../../test/support/index.js';
import type { Store } from '../../store/index.js';
import { compileEntityQuery, type EntityQuerySpec } from '../api/entity-query.js';
import type { ActiveContext } from '../context/index.js';
import { entityQuerySql, queryEntities } from './entity-reads.js';
import type { StoredEntity } from './model.js';
import { Tenants } from './tenants.js';
import { insertIndexed } from './testing.js';
import { LookupCounts } from './lookup-counts.js';

const ctx = { expand: (t: string) => `https://example.org/${t}` } as ActiveContext;
const T = '2024-01-01T00:00:00Z';

describe('entity query statements (sqlite)', () => {
  let store: Store & { dispose(): Promise<void> };
  before(async () => {
    store = await makeStore('sqlite');
  });
  after(async () => store.dispose());

  /** The query plan of the page, one line per step: compiled, or a walk of `keyBudget` keys. */
  async function plan(spec: EntityQuerySpec, keyBudget?: number): Promise<string> {
    const filters = compileEntityQuery(spec, ctx, store.dialect);
    const sql = entityQuerySql(store.dialect, 't', filters, { limit: 20, offset: 0 }, keyBudget).page;
    return (await store.read.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql.sql}`, sql.params))
      .map((r) => r.detail)
      .join('\n');
  }

  const typeDriven = [
    { selectors: [{ type: 'Sensor' }] },
    { selectors: [{ type: 'Sensor,Room,Street' }] },
    { selectors: [{ type: 'Sensor|Room' }] },
    { selectors: [{ type: 'Sensor;Room' }] },
    { selectors: [{ type: 'Sensor', idPattern: '^urn:x' }], attrs: ['name', 'speed'] },
    { selectors: [{ type: 'Sensor' }], q: 'speed!=40;!name|address[city]=="Hue"' },
    { selectors: [{ type: 'Sensor' }, { type: 'Room' }, { type: 'Street' }] },
  ];
  for (const spec of typeDriven) {
    it(`walks the first keys of ${JSON.stringify(spec)} from entity_types in order`, async () => {
      const page = await plan(spec, 2000);
      assert.match(page, /SEARCH entity_types USING PRIMARY KEY \(tenant=\? AND type=\?\)/, page);
      assert.match(page, /SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/, page);
      assert.doesNotMatch(page, /TEMP B-TREE|sqlite_autoindex_entities_1|SCAN e\b/, page);
      if (spec.selectors.length > 1 || spec.selectors[0]!.type.includes(','))
        assert.match(page, /MERGE \(UNION\)/, page);
    });
  }

  /** The query plan of the count. */
  async function countPlan(spec: EntityQuerySpec): Promise<string> {
    const filters = compileEntityQuery(spec, ctx, store.dialect);
    const sql = entityQuerySql(store.dialect, 't', filters, { limit: 20, offset: 0 }).count;
    return (await store.read.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql.sql}`, sql.params))
      .map((r) => r.detail)
      .join('\n');
  }

  for (const type of ['Sensor', 'Sensor,Room']) {
    it(`counts type=${type} from the tenant's range of the type key alone`, async () => {
      const count = await countPlan({ selectors: [{ type }] });
      assert.match(
        count,
        /entity_types USING (COVERING INDEX|PRIMARY KEY) .*\(tenant=\? AND type=\?\)/,
        count,
      );
      assert.doesNotMatch(count, /SEARCH e |SCAN e\b|entities/, count);
    });
  }

  it('counts a type with other filters over the entities', async () => {
    const count = await countPlan({ selectors: [{ type: 'Sensor', idPattern: '^urn:x' }] });
    assert.match(count, /sqlite_autoindex_entities_1 \(tenant=\?\)/, count);
  });

  it('walks the first keys of the table for per-entity tests alone', async () => {
    const page = await plan({ selectors: [{ idPattern: '^urn:x' }], attrs: ['name'] }, 2000);
    assert.match(page, /SCAN entities\n/, page);
    assert.match(page, /SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/, page);
    assert.doesNotMatch(page, /TEMP B-TREE|sqlite_autoindex_entities_1/, page);
  });

  const indexDriven: Array<[EntityQuerySpec, RegExp]> = [
    [{ selectors: [{ type: 'Sensor' }], q: 'speed>40' }, /INDEX attr_values_num \(path=\? AND num>\?\)/],
    [
      { selectors: [{ type: 'Sensor', id: 'urn:x:1' }] },
      /INDEX sqlite_autoindex_entities_1 \(tenant=\? AND id=\?\)/,
    ],
    [
      { selectors: [{ type: 'Sensor' }, { type: 'Room', idPattern: 'x' }] },
      /INDEX sqlite_autoindex_entities_1 \(tenant=\?\)/,
    ],
    [
      {
        selectors: [{ type: 'Sensor' }],
        geo: { georel: 'near;maxDistance==100', geometry: 'Point', coordinates: [106.7, 10.8] },
      },
      /SCAN r VIRTUAL TABLE INDEX/,
    ],
  ];
  for (const [spec, index] of indexDriven) {
    it(`starts ${JSON.stringify(spec)} from the entities and its own index`, async () => {
      const page = await plan(spec);
      assert.match(page, index, page);
      assert.doesNotMatch(page, /SEARCH entity_types|MERGE/, page);
    });
  }
});

for (const name of storeNames()) {
  describe(`entity queries by type with a q that matches many (${name})`, () => {
    // 2,400 entities of the default tenant: A (three in four) and B; `n` = i mod 100, `tag` one of
    // seven, `kind` "even" or "odd" and `level` 0 or 1 (1,200 rows each: common values). 1,200
    // more of type C, with `m`, in another tenant. A walk tests the types' entities in key order;
    // its pages must be those of the q's lookups, whichever answers.
    let store: Store & { dispose(): Promise<void> };
    /** With remembered counts of equality lookups (`memo`), or (undefined) none, as on PostgreSQL. */
    const deps = (memo: LookupCounts | undefined) => ({
      store,
      tenants: new Tenants(),
      ...(memo === undefined ? {} : { lookupCounts: memo }),
    });
    const sqlRun: string[] = [];
    /** Statements that counted lookups' rows before the page. */
    const counts: string[] = [];
    const ex = (t: string) => `https://example.org/${t}`;

    before(async () => {
      store = await makeStore(name);
      const entity = (i: number, type: string, attrs: Record<string, unknown>): StoredEntity => ({
        id: `urn:ngsi-ld:${type}:${String(i).padStart(5, '0')}`,
        types: [ex(type)],
        createdAt: T,
        modifiedAt: T,
        attrs: Object.fromEntries(
          Object.entries(attrs).map(([k, v]) => [ex(k), [{ type: 'Property', value: v }]]),
        ),
      });
      const all: Array<[string, StoredEntity]> = [];
      for (let i = 0; i < 2400; i++)
        all.push([
          '',
          entity(i, i % 4 === 3 ? 'B' : 'A', {
            n: i % 100,
            tag: `x${i % 7}`,
            kind: i % 2 === 0 ? 'even' : 'odd',
            level: i % 2,
          }),
        ]);
      for (let i = 0; i < 1200; i++) all.push(['u', entity(i, 'C', { m: i })]);
      await store.write(async (tx) => {
        for (const [tenant, e] of all) await insertIndexed(store, tx, tenant, e);
      });
    });
    after(async () => store.dispose());

    /** Statements of the read worker that answered one row (counts). */
    const scanGets: string[] = [];
    /** The store, with the statements queryEntities runs recorded. */
    const spied = () =>
      Object.create(store, {
        read: {
          value: {
            ...store.read,
            get: (sql: string, params?: readonly unknown[]) => {
              if (sql.includes('COUNT(*)')) counts.push(sql);
              return store.read.get(sql, params);
            },
          },
        },
        scan: {
          value: {
            ...store.scan,
            all: (sql: string, params?: readonly unknown[]) => {
              sqlRun.push(sql);
              return store.scan.all(sql, params);
            },
            get: (sql: string, params?: readonly unknown[]) => {
              scanGets.push(sql);
              return store.scan.get(sql, params);
            },
          },
        },
      }) as Store;

    /** The page through queryEntities, and the same page from the lookups' statement alone. */
    async function pages(
      spec: EntityQuerySpec,
      page: { limit: number; offset: number },
      // null: none remembered.
      memo: LookupCounts | null = new LookupCounts(),
    ) {
      const filters = compileEntityQuery(spec, ctx, store.dialect);
      sqlRun.length = 0;
      counts.length = 0;
      const got = await queryEntities({ ...deps(memo ?? undefined), store: spied() }, '', filters, {
        ...page,
        count: false,
      });
      const direct = entityQuerySql(store.dialect, '', filters, page).page;
      const want = await store.read.all<{ doc: unknown }>(direct.sql, direct.params);
      const ids = (docs: unknown[]) => docs.map((d) => (store.dialect.parseJson(d) as StoredEntity).id);
      return { got: got.entities.map((e) => e.id), want: ids(want.map((r) => r.doc)) };
    }

    const sqlite = name === 'sqlite';

    // How SQLite answers: a walk of the types' keys, the lookups of the selective terms with the
    // dense ones tested per entity, or the q as compiled. PostgreSQL runs every q as compiled.
    type Plan = 'walk' | 'selective lookups' | 'as compiled';
    const planOf = (sql: string): Plan =>
      /LIMIT \? \+ 0\) AS d CROSS JOIN entities e/.test(sql)
        ? 'walk'
        : /EXISTS \(SELECT 1 FROM attr_values v WHERE v\.pk = e\.pk/.test(sql) &&
            /e\.pk IN \(SELECT v\.pk/.test(sql)
          ? 'selective lookups'
          : 'as compiled';

    for (const [q, type, offset, plan] of [
      ['n>=0', 'A', 0, 'walk'],
      ['n>=0', 'A', 500, 'walk'],
      ['n>=0', 'A,B', 40, 'walk'],
      ['n>=10|tag=="x1"', 'A', 0, 'walk'],
      ['n==1..99', 'B', 20, 'walk'],
      ['n>=1;tag~="x[0-5]"', 'B', 20, 'selective lookups'],
      ['n>=98', 'A', 0, 'as compiled'],
      ['n>=50;tag=="x3"', 'A', 0, 'selective lookups'],
      ['(n>=10|n<5);tag=="x3"', 'A,B', 0, 'selective lookups'],
      ['tag=="x3"', 'A', 0, 'as compiled'],
    ] as const) {
      it(`type=${type}&q=${q} from offset ${offset}: ${sqlite ? plan : 'as compiled'}`, async () => {
        const { got, want } = await pages({ selectors: [{ type }], q }, { limit: 20, offset });
        assert.equal(want.length, 20);
        assert.deepEqual(got, want);
        assert.equal(sqlRun.length, 1, sqlRun.join('\n'));
        assert.equal(planOf(sqlRun[0]!), sqlite ? plan : 'as compiled', sqlRun.join('\n'));
        // Ranges and equalities are counted, in one statement; PostgreSQL counts nothing.
        assert.equal(counts.length, sqlite ? 1 : 0, counts.join('\n'));
      });
    }

    for (const [q, type, plan] of [
      ['kind=="even"', 'A', 'walk'],
      ['level==1', 'A,B', 'walk'],
      ['kind=="odd";tag=="x3"', 'A', 'selective lookups'],
      // A list of values, one of them common; n>=99 selects 24 entities of B and drives.
      ['kind=="odd","other";n>=99', 'B', 'selective lookups'],
    ] as const) {
      it(`type=${type}&q=${q}, a common value: ${sqlite ? plan : 'as compiled'}`, async () => {
        const { got, want } = await pages({ selectors: [{ type }], q }, { limit: 20, offset: 4 });
        assert.equal(want.length, 20);
        assert.deepEqual(got, want);
        assert.deepEqual(sqlRun.map(planOf), [sqlite ? plan : 'as compiled'], sqlRun.join('\n'));
        assert.equal(counts.length, sqlite ? 1 : 0, counts.join('\n'));
      });
    }

    it('counts an equality once, then takes its remembered count', async () => {
      const memo = new LookupCounts();
      for (const expected of [1, 0]) {
        const spec = { selectors: [{ type: 'A' }], q: 'kind=="even"' };
        const { got, want } = await pages(spec, { limit: 20, offset: 0 }, memo);
        assert.deepEqual(got, want);
        assert.deepEqual(sqlRun.map(planOf), [sqlite ? 'walk' : 'as compiled'], sqlRun.join('\n'));
        assert.equal(counts.length, sqlite ? expected : 0, counts.join('\n'));
      }
    });

    it('takes an equality to be selective where no counts are remembered', async () => {
      const spec = { selectors: [{ type: 'A' }], q: 'kind=="even"' };
      const { got, want } = await pages(spec, { limit: 20, offset: 0 }, null);
      assert.deepEqual(got, want);
      assert.deepEqual(sqlRun.map(planOf), ['as compiled'], sqlRun.join('\n'));
      assert.equal(counts.length, 0, counts.join('\n'));
    });

    it('counts what the compiled query counts, over the type keys when the q is tested per entity', async () => {
      for (const [spec, walked] of [
        [{ selectors: [{ type: 'A' }], q: 'n>=0' }, true],
        [{ selectors: [{ type: 'A,B' }], q: 'kind=="even"' }, true],
        [{ selectors: [{ type: 'B' }], q: 'n>=50;tag=="x3"' }, false],
        [{ selectors: [], q: 'level==1' }, false],
        [{ selectors: [{ type: 'A' }], q: 'n>=98' }, false],
        [{ selectors: [{ type: 'C' }], q: 'm>=0' }, true],
      ] as Array<[EntityQuerySpec, boolean]>) {
        const filters = compileEntityQuery(spec, ctx, store.dialect);
        const direct = entityQuerySql(store.dialect, '', filters, { limit: 0, offset: 0 }).count;
        const want = Number((await store.read.get<{ n: number }>(direct.sql, direct.params))?.n);
        scanGets.length = 0;
        const got = await queryEntities({ ...deps(new LookupCounts()), store: spied() }, '', filters, {
          limit: 0,
          offset: 0,
          count: true,
        });
        assert.equal(got.count, want, JSON.stringify(spec));
        assert.equal(scanGets.length, 1);
        assert.equal(
          /AS d CROSS JOIN entities e/.test(scanGets[0]!),
          sqlite && walked,
          `${JSON.stringify(spec)}\n${scanGets[0]}`,
        );
      }
    });

    it('tests a count per entity up to fewCandidates entities, and counts as compiled past them', async () => {
      // 1,800 entities of type A, 2,400 in the tenant: the boundary on each side, with a type and without.
      for (const [spec, candidates] of [
        [{ selectors: [{ type: 'A' }], q: 'n>=0' }, 1800],
        [{ selectors: [], q: 'level==1' }, 2400],
      ] as Array<[EntityQuerySpec, number]>) {
        const filters = compileEntityQuery(spec, ctx, store.dialect);
        const compiled = entityQuerySql(store.dialect, '', filters, { limit: 0, offset: 0 }).count;
        const want = Number((await store.read.get<{ n: number }>(compiled.sql, compiled.params))?.n);
        for (const few of [candidates, candidates - 1]) {
          scanGets.length = 0;
          const got = await queryEntities(
            { ...deps(new LookupCounts()), store: spied(), fewCandidates: few },
            '',
            filters,
            { limit: 0, offset: 0, count: true },
          );
          const label = `${JSON.stringify(spec)} with fewCandidates ${few}`;
          assert.equal(got.count, want, label);
          assert.equal(scanGets.length, 1, label);
          // Past the boundary, or on PostgreSQL (no lookup counts): the compiled count itself.
          assert.equal(scanGets[0] === compiled.sql, !sqlite || few < candidates, `${label}\n${scanGets[0]}`);
        }
      }
    });

    it('tests the dense terms per entity without a type, the selective ones driving', async () => {
      const { got, want } = await pages({ selectors: [], q: 'n>=5;tag=="x2"' }, { limit: 20, offset: 0 });
      assert.equal(want.length, 20);
      assert.deepEqual(got, want);
      assert.equal(planOf(sqlRun[0]!), sqlite ? 'selective lookups' : 'as compiled', sqlRun.join('\n'));
      // All dense and no type: the first keys of all entities are walked.
      const dense = await pages({ selectors: [], q: 'n>=0' }, { limit: 20, offset: 0 });
      assert.deepEqual(dense.got, dense.want);
      assert.equal(planOf(sqlRun[0]!), sqlite ? 'walk' : 'as compiled', sqlRun.join('\n'));
    });

    it('walks the first keys of all entities for per-entity tests alone, the compiled query answering past them', async () => {
      for (const spec of [
        { selectors: [], attrs: ['tag'] },
        { selectors: [{ idPattern: '[13]$' }] },
        { selectors: [], q: '!m' },
      ]) {
        const { got, want } = await pages(spec, { limit: 20, offset: 40 });
        assert.equal(want.length, 20);
        assert.deepEqual(got, want, JSON.stringify(spec));
        assert.deepEqual(sqlRun.map(planOf), [sqlite ? 'walk' : 'as compiled'], JSON.stringify(spec));
      }
      // No entity of the default tenant has `m`: the walk finds no page, the compiled query answers.
      const none = await pages({ selectors: [], attrs: ['m'] }, { limit: 20, offset: 0 });
      assert.deepEqual(none, { got: [], want: [] });
      assert.deepEqual(sqlRun.map(planOf), sqlite ? ['walk', 'as compiled'] : ['as compiled']);
    });

    it('falls back to the compiled query when the first keys hold no full page', async () => {
      // `m` is on 1,200 entities of another tenant: many rows, and none among the 2,400 keys of A and B.
      const none = await pages({ selectors: [{ type: 'A,B' }], q: 'm>=0' }, { limit: 20, offset: 0 });
      assert.deepEqual(none, { got: [], want: [] });
      assert.deepEqual(sqlRun.map(planOf), sqlite ? ['walk', 'as compiled'] : ['as compiled']);
      // The last page of the 1,800 entities of A is not full, but the walk saw every key of A.
      const late = await pages({ selectors: [{ type: 'A' }], q: 'n>=0' }, { limit: 20, offset: 1790 });
      assert.equal(late.want.length, 10);
      assert.deepEqual(late.got, late.want);
      assert.deepEqual(sqlRun.map(planOf), sqlite ? ['walk'] : ['as compiled']);
    });
  });
}
