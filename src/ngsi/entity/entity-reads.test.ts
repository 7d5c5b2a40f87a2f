// The statements of an entity query on SQLite: a query whose only indexed filter is its entity
// types reads the keys of those types in order from entity_types (no walk of the tenant, no sort);
// a q, geo, id or scope term that an index serves keeps the query on the entities and that index.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore } from '../../../test/support/index.js';
import type { Store } from '../../store/index.js';
import { compileEntityQuery, type EntityQuerySpec } from '../api/entity-query.js';
import type { ActiveContext } from '../context/index.js';
import { entityQuerySql } from './entity-reads.js';

const ctx = { expand: (t: string) => `https://example.org/${t}` } as ActiveContext;

describe('entity query statements (sqlite)', () => {
  let store: Store & { dispose(): Promise<void> };
  before(async () => {
    store = await makeStore('sqlite');
  });
  after(async () => store.dispose());

  /** The query plans of the page and the count, one line per step. */
  async function plans(spec: EntityQuerySpec): Promise<{ page: string; count: string }> {
    const sql = entityQuerySql(store.dialect, 't', compileEntityQuery(spec, ctx, store.dialect), {
      limit: 20,
      offset: 0,
    });
    const explain = async (s: { sql: string; params: unknown[] }) =>
      (await store.read.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${s.sql}`, s.params))
        .map((r) => r.detail)
        .join('\n');
    return { page: await explain(sql.page), count: await explain(sql.count) };
  }

  const typeDriven = [
    { selectors: [{ type: 'Sensor' }] },
    { selectors: [{ type: 'Sensor,Room,Street' }] },
    { selectors: [{ type: 'Sensor|Room' }] },
    { selectors: [{ type: 'Sensor;Room' }] },
    { selectors: [{ type: 'Sensor', idPattern: '^urn:x' }], attrs: ['name', 'speed'] },
    { selectors: [{ type: 'Sensor' }], q: 'speed!=40;!name|address[city]=="Hue"' },
  ];
  for (const spec of typeDriven) {
    it(`reads the keys of ${JSON.stringify(spec)} from entity_types in order`, async () => {
      const { page, count } = await plans(spec);
      for (const plan of [page, count]) {
        assert.match(plan, /SEARCH entity_types USING PRIMARY KEY \(type=\?\)/, plan);
        assert.match(plan, /SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE|sqlite_autoindex_entities_1|SCAN e\b/, plan);
      }
      if (spec.selectors[0]!.type.includes(',')) assert.match(page, /MERGE \(UNION\)/, page);
    });
  }

  const indexDriven: Array<[EntityQuerySpec, RegExp]> = [
    [{ selectors: [{ type: 'Sensor' }], q: 'speed>40' }, /INDEX attr_values_num \(path=\? AND num>\?\)/],
    [
      { selectors: [{ type: 'Sensor', id: 'urn:x:1' }] },
      /INDEX sqlite_autoindex_entities_1 \(tenant=\? AND id=\?\)/,
    ],
    [
      { selectors: [{ type: 'Sensor' }, { type: 'Room' }] },
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
      const { page } = await plans(spec);
      assert.match(page, index, page);
      assert.doesNotMatch(page, /SEARCH entity_types|MERGE/, page);
    });
  }
});
