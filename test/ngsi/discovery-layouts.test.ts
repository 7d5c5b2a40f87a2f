import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';
import type { SqlExecutor } from '../../src/store/index.js';

// Discovery reads the entity layouts that every entity write keeps (src/ngsi/entity/entity-layouts.ts).
// Here a seeded run of every kind of entity write, several at a time in two tenants, must leave
// discovery answering what the entities themselves say, and the layout counts equal to a recount.

type Json = Record<string, unknown>;
const E = '/ngsi-ld/v1/entities';
const OPS = '/ngsi-ld/v1/entityOperations';
const TENANTS = ['', 'north'];
const headersOf = (tenant: string): Record<string, string> =>
  tenant === '' ? {} : { 'NGSILD-Tenant': tenant };
const TYPES = ['Alpha', 'Beta', 'Gamma'];
const ATTRS = ['speed', 'level', 'owner', 'label'];

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const name of storeNames()) {
  describe(`discovery follows every entity write (${name})`, () => {
    let t: TestApp;
    const random = rng(20261123);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const some = <T>(xs: readonly T[]): T[] => {
      const chosen = xs.filter(() => random() < 0.5);
      return chosen.length > 0 ? chosen : [pick(xs)];
    };
    const id = () => `urn:ngsi-ld:Thing:${Math.floor(random() * 10)}`;
    const attr = (): Json =>
      // The attribute type varies too: discovery lists each one an attribute has.
      random() < 0.25
        ? { type: 'Relationship', object: `urn:ngsi-ld:Thing:${Math.floor(random() * 10)}` }
        : { type: 'Property', value: Math.floor(random() * 100) };
    const attrs = (): Json => Object.fromEntries(some(ATTRS).map((a) => [a, attr()]));
    const entity = (): Json => {
      const types = some(TYPES);
      return { id: id(), type: types.length === 1 ? types[0] : types, ...attrs() };
    };

    /** One random write of any kind; its outcome (404, 409, 207 …) does not matter. */
    function write(headers: Record<string, string>): Promise<unknown> {
      const target = `${E}/${encodeURIComponent(id())}`;
      switch (Math.floor(random() * 11)) {
        case 0:
        case 1:
          return t.post(E, entity(), { headers });
        case 2:
          return t.put(target, { type: some(TYPES), ...attrs() }, { headers });
        case 3:
          return t.post(`${target}/attrs`, attrs(), { headers });
        case 4:
          return t.patch(`${target}/attrs`, attrs(), { headers });
        case 5:
          return t.del(`${target}/attrs/${pick(ATTRS)}`, { headers });
        case 6:
          return t.patch(target, { type: some(TYPES), ...attrs() }, { headers });
        case 7:
          return t.post(
            `${target}/attrs?options=noOverwrite`,
            { [pick(ATTRS)]: { ...(attr() as object), datasetId: 'urn:ngsi-ld:Dataset:second' } },
            { headers },
          );
        case 8:
          return t.post(`${OPS}/upsert${random() < 0.5 ? '?options=update' : ''}`, [entity(), entity()], {
            headers,
          });
        case 9:
          return t.post(`${OPS}/delete`, [id(), id()], { headers });
        default:
          return t.del(target, { headers });
      }
    }

    before(async () => {
      t = await makeTestApp(name);
      // Tenants exist once written to.
      for (const tenant of TENANTS) {
        const headers = headersOf(tenant);
        assert.equal((await t.post(E, entity(), { headers })).statusCode, 201);
      }
      // Writes go several at a time, so that units of work share transactions (group commit).
      for (let round = 0; round < 60; round += 1) {
        await Promise.all(
          Array.from({ length: 6 }, () => {
            return write(headersOf(pick(TENANTS)));
          }),
        );
      }
    });
    after(async () => t.dispose());

    for (const tenant of TENANTS) {
      const headers = headersOf(tenant);

      it(`answers what the entities of tenant ${JSON.stringify(tenant)} say`, async () => {
        const res = await t.get(`${E}?type=${TYPES.join(',')}&limit=1000`, { headers });
        assert.equal(res.statusCode, 200);
        const entities = res.json() as Json[];
        assert.ok(entities.length > 0, 'the run left entities');
        const typesOf = (e: Json) => (Array.isArray(e.type) ? e.type : [e.type]) as string[];
        const attrsOf = (e: Json) => ATTRS.filter((a) => e[a] !== undefined);
        const typeOfAttr = (e: Json, a: string) =>
          ((Array.isArray(e[a]) ? (e[a] as Json[])[0] : e[a]) as Json).type as string;

        const listed = (await t.get('/ngsi-ld/v1/attributes?details=true', { headers })).json() as Json[];
        const expectedAttrs = ATTRS.filter((a) => entities.some((e) => e[a] !== undefined));
        assert.deepEqual(listed.map((a) => a.attributeName).sort(), expectedAttrs.sort());
        for (const a of listed) {
          const having = entities.filter((e) => e[a.attributeName as string] !== undefined);
          const one = (
            await t.get(`/ngsi-ld/v1/attributes/${String(a.attributeName)}`, { headers })
          ).json() as Json;
          assert.equal(one.attributeCount, having.length, `attributeCount of ${String(a.attributeName)}`);
          assert.deepEqual(one.typeNames, a.typeNames);
          assert.deepEqual(
            [...(a.typeNames as string[])].sort(),
            [...new Set(having.flatMap(typesOf))].sort(),
            `typeNames of ${String(a.attributeName)}`,
          );
          assert.deepEqual(
            [...(one.attributeTypes as string[])].sort(),
            [...new Set(having.map((e) => typeOfAttr(e, a.attributeName as string)))].sort(),
            `attributeTypes of ${String(a.attributeName)}`,
          );
        }

        for (const type of TYPES) {
          const ofType = entities.filter((e) => typesOf(e).includes(type));
          const res = await t.get(`/ngsi-ld/v1/types/${type}`, { headers });
          if (ofType.length === 0) {
            assert.equal(res.statusCode, 404, type);
            continue;
          }
          const info = res.json() as Json;
          assert.equal(info.entityCount, ofType.length, `entityCount of ${type}`);
          const details = info.attributeDetails as Json[];
          assert.deepEqual(
            details.map((d) => d.attributeName).sort(),
            [...new Set(ofType.flatMap(attrsOf))].sort(),
            `attributes of ${type}`,
          );
        }
      });
    }

    it('writes one change per layout for a batch operation, however many entities it has', async () => {
      const store = t.app.store;
      const write = store.write.bind(store);
      let layoutWrites = 0;
      const counting = (tx: SqlExecutor): SqlExecutor =>
        new Proxy(tx, {
          get(target, prop, receiver) {
            if (prop === 'defer')
              return (sql: string, params?: readonly unknown[]) => {
                if (sql.includes('entity_layouts')) layoutWrites += 1;
                return target.defer(sql, params);
              };
            const value: unknown = Reflect.get(target, prop, receiver);
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
      store.write = (work) => write((tx) => work(counting(tx)));
      try {
        const batch = Array.from({ length: 50 }, (_, i) => ({
          id: `urn:ngsi-ld:Batch:${i}`,
          type: 'Delta',
          speed: { type: 'Property', value: i },
        }));
        assert.equal((await t.post(`${OPS}/upsert`, batch, { headers: headersOf('batch') })).statusCode, 201);
        assert.equal(layoutWrites, 1);
      } finally {
        store.write = write;
      }
      const info = (await t.get('/ngsi-ld/v1/types/Delta', { headers: headersOf('batch') })).json() as Json;
      assert.equal(info.entityCount, 50);
    });

    // Last: it writes the layout counts again.
    it('keeps the layout counts equal to a recount of the stored entities by the migration', async () => {
      const store = t.app.store;
      const rows = async () =>
        (await store.read.all<Json>('SELECT tenant, layout, n FROM entity_layouts WHERE n <> 0'))
          .map((r) => `${String(r.tenant)}|${String(r.layout)}|${Number(r.n)}`)
          .sort();
      const kept = await rows();
      assert.ok(kept.length > 1);
      // The migration's statement that fills the table from the stored entities.
      const file =
        name === 'sqlite'
          ? 'sqlite/migrations/023-entity-layouts.sql'
          : 'postgres/migrations/021-entity-layouts.sql';
      const sql = readFileSync(new URL(`../../src/store/${file}`, import.meta.url), 'utf8');
      const fill = sql.slice(sql.indexOf('INSERT INTO entity_layouts'));
      await store.write(async (tx) => {
        await tx.run('DELETE FROM entity_layouts');
        await tx.run(fill);
      });
      assert.deepEqual(await rows(), kept);
    });
  });
}
