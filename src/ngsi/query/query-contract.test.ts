// The query contract on every store: entities indexed by indexRows, filters compiled by this
// module with the store's QueryHooks, the same ids expected from SQLite and PostgreSQL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../../test/support/index.js';
import type { Store } from '../../store/index.js';
import type { AttrInstance, StoredEntity } from '../entity/model.js';
import { insertIndexed } from '../entity/testing.js';
import {
  compileAttrsExist,
  compileIdPattern,
  compileIds,
  compileQ,
  compileScopeQ,
  compileTypeExpr,
  joinFragments,
  parseQ,
  parseScopeQ,
  parseTypeExpr,
  type SqlFragment,
} from './index.js';

const ex = (t: string) => `https://example.org/${t}`;
const expand = (t: string) => (t.includes(':') ? t : ex(t));
const T = '2024-01-01T00:00:00Z';

type Attr = AttrInstance | AttrInstance[];
const P = (value: unknown, more: Partial<AttrInstance> = {}): AttrInstance => ({
  type: 'Property',
  value,
  ...more,
});
const R = (object: string, more: Partial<AttrInstance> = {}): AttrInstance => ({
  type: 'Relationship',
  object,
  ...more,
});
const L = (languageMap: Record<string, string>): AttrInstance => ({ type: 'LanguageProperty', languageMap });
const V = (term: string): AttrInstance => ({ type: 'VocabProperty', vocab: ex(term) });

function E(
  short: string,
  types: string | string[],
  attrs: Record<string, Attr>,
  scope?: string[],
): StoredEntity {
  const typeOf = short.replace(/\d+$/, '');
  return {
    id: `urn:ngsi-ld:${{ S: 'Sensor', B: 'Building', V: 'Vehicle', St: 'Street', T: 'Thing' }[typeOf]}:${short}`,
    types: (Array.isArray(types) ? types : [types]).map(ex),
    createdAt: T,
    modifiedAt: T,
    attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [ex(k), Array.isArray(v) ? v : [v]])),
    ...(scope === undefined ? {} : { scope }),
  };
}

const entities: StoredEntity[] = [
  E(
    'S1',
    'Sensor',
    {
      temperature: P(20, { observedAt: '2024-01-01T10:00:00Z', unitCode: 'CEL' }),
      name: P('Alpha'),
      active: P(true),
    },
    ['/city/north'],
  ),
  E(
    'S2',
    'Sensor',
    {
      temperature: P(25.5, { observedAt: '2024-02-01T10:00:00Z' }),
      name: P('Beta'),
      active: P(false),
    },
    ['/city/north/park'],
  ),
  E('S3', 'Sensor', { temperature: P([18, 30]), name: P('Gamma') }, ['/city/south']),
  E('S4', 'Sensor', { temperature: [P(15), P(35, { datasetId: 'urn:ds:raw' })], name: P('Delta') }),
  E('S5', 'Sensor', { temperature: P('20'), name: P('Epsilon') }),
  E('S6', 'Sensor', { name: P('Zeta'), humidity: P(50) }),
  E('S7', 'Sensor', {
    temperature: P(22, {
      observedAt: '2023-06-01T00:00:00Z',
      sub: { [ex('accuracy')]: P(0.5), [ex('source')]: P('lab') },
    }),
  }),
  E('S8', 'Sensor', {
    temperature: P(28, {
      sub: { [ex('accuracy')]: P(2), [ex('calibration')]: P({ by: 'acme', year: 2023 }) },
    }),
  }),
  E('S9', ['Sensor', 'Device'], { temperature: P(-5), name: P('Eta') }),
  E('S10', 'Sensor', { temperature: P(1000), name: P('Theta (big)') }),
  E('S11', 'Sensor', { temperature: P(20, { datasetId: 'urn:ds:only' }) }),
  E(
    'B1',
    'Building',
    {
      address: P({
        street: 'Main',
        number: 10,
        city: 'Hanoi',
        tags: ['old', 'tall'],
        renovated: '2010-01-01T00:00:00+07:00',
        listed: true,
      }),
      owner: R('urn:ngsi-ld:Person:1'),
      category: V('commercial'),
    },
    ['/city/north'],
  ),
  E('B2', 'Building', {
    address: P({ street: 'Main', number: 12, city: 'Da Nang' }),
    owner: [R('urn:ngsi-ld:Person:2'), R('urn:ngsi-ld:Person:3', { datasetId: 'urn:ds:b' })],
    category: V('residential'),
  }),
  E('B3', 'Building', {
    address: P({ street: 'Side', number: '12a', city: 'Hanoi', geo: { lat: 21.0 } }),
    category: V('commercial'),
    name: L({ en: 'Opera House', vi: 'Nhà hát lớn' }),
  }),
  E('B4', 'Building', { address: P('Main 10') }),
  E('B5', 'Building', {
    openingHours: { type: 'JsonProperty', json: { mon: { open: '08:00' } } },
    builtAt: P('1990-05-01T00:00:00Z'),
    floors: P(5),
  }),
  E('B6', 'Building', { builtAt: P('2005-01-01T00:00:00Z'), floors: P(12), name: L({ en: 'Tower' }) }, [
    '/city/south/center',
    '/utilities',
  ]),
  E('B7', 'Building', { floors: P('12'), builtAt: P('not a date') }),
  E('B8', 'Building', { address: P({ street: 'Oak', number: 3, renovated: '2020-06-01T00:00:00Z' }) }),
  E(
    'V1',
    'Vehicle',
    {
      speed: P(50, { observedAt: '2024-05-01T00:00:00Z', unitCode: 'KMH' }),
      brand: P('Ford'),
      colors: P(['red', 'blue']),
    },
    ['/fleet/a'],
  ),
  E('V2', 'Vehicle', { speed: P(80), brand: P('ford'), colors: P(['green']) }, ['/fleet/a/1']),
  E('V3', 'Vehicle', { speed: P(120), brand: P('Audi'), colors: P('red') }, ['/fleet/b/2/x']),
  E('V4', 'Vehicle', { speed: P(0), brand: P('BMW'), parkedIn: R('urn:ngsi-ld:Building:B1') }, ['/fleet']),
  E('V5', 'Vehicle', {
    speed: P(65.5),
    brand: P('Mercedes-Benz'),
    parkedIn: R('urn:ngsi-ld:Building:B2'),
    enabled: P(true),
  }),
  E('V6', 'Vehicle', {
    brand: P('Tesla'),
    enabled: P(false),
    speed: { type: 'ListProperty', valueList: [10, 20, 30] },
  }),
  E('V7', 'Vehicle', {
    brand: P('Ford'),
    tags: { type: 'ListProperty', valueList: ['x', 'y'] },
    speed: P('fast'),
  }),
  E('St1', 'Street', { name: P('Main Street'), lanes: P(2), closed: P(false) }, ['/city/north/park/east']),
  E('St2', 'Street', { name: P('Le Loi'), lanes: P(4) }),
  E('St3', 'Street', { name: P('100'), lanes: P(4.0) }),
  E('St4', 'Street', { name: P('Main'), lanes: P(1) }),
  E('T1', 'Thing', { category: V('residential'), weird: P('a;b|c') }, ['/city/northern']),
  E('T2', ['Thing', 'Building'], { floors: P(3) }, ['/city/north.x']),
  E('T3', 'Thing', {}, ['/x/y']),
  E('T4', 'Thing', { day: P('2024-01-01'), time: P('12:30:00') }),
  E('T5', 'Thing', {
    levels: { type: 'ListProperty', valueList: [1, 2, 3] },
    links: { type: 'ListRelationship', objectList: ['urn:x:1', 'urn:x:2'] },
  }),
  E('T6', 'Thing', { measure: P(5, { observedAt: '2024-01-01T00:00:00+02:00' }) }),
  E('T7', 'Thing', {
    measure: P(6, { createdAt: '2021-03-01T00:00:00Z', modifiedAt: '2025-03-01T00:00:00Z' }),
  }),
];

const otherTenant = E('S99', 'Sensor', { temperature: P(20), name: P('Alpha') }, ['/city/north']);

async function insert(store: Store, tenant: string, entity: StoredEntity): Promise<void> {
  await store.write((tx) => insertIndexed(store, tx, tenant, entity));
}

const short = (id: string) => id.slice(id.lastIndexOf(':') + 1);

/** [q, expected ids]; the type filter, when given, is ANDed. */
const qCases: Array<[string, string, string?]> = [
  ['temperature==20', 'S1 S11'],
  ['temperature=="20"', 'S5'],
  ['temperature>25', 'S10 S2 S3 S4 S8'],
  ['temperature<0', 'S9'],
  ['temperature==-5', 'S9'],
  ['temperature==1e3', 'S10'],
  ['temperature==18..22', 'S1 S11 S3 S7'],
  ['temperature!=20', 'S10 S2 S3 S4 S5 S7 S8 S9'],
  ['temperature!=18', 'S1 S10 S11 S2 S4 S5 S7 S8 S9'],
  ['temperature!=15..25', 'S10 S2 S5 S8 S9'],
  ['temperature', 'S1 S10 S11 S2 S3 S4 S5 S7 S8 S9'],
  ['!temperature', 'S6', 'Sensor'],
  ['temperature==15,35', 'S4'],
  ['temperature==35', 'S4'],
  ['temperature.accuracy<1', 'S7'],
  ['temperature.accuracy', 'S7 S8'],
  ['temperature.accuracy!=0.5', 'S8'],
  ['temperature.source=="lab"', 'S7'],
  ['temperature.observedAt>=2024-01-15T00:00:00Z', 'S2'],
  ['temperature.observedAt<2024-01-01T10:00:01Z', 'S1 S7'],
  ['temperature.observedAt==2024-01-01T11:00:00+01:00', 'S1'],
  ['temperature.observedAt==2023-01-01T00:00:00Z..2023-12-31T00:00:00Z', 'S7'],
  ['temperature.unitCode=="CEL"', 'S1'],
  ['temperature.datasetId==urn:ds:raw', 'S4'],
  ['measure.observedAt==2023-12-31T22:00:00Z', 'T6'],
  ['measure.modifiedAt>2025-01-01T00:00:00Z', 'T7'],
  ['measure.createdAt<2022-01-01T00:00:00Z;measure==6', 'T7'],
  ['name=="Alpha"|name=="Beta"', 'S1 S2'],
  ['name~="^(Al|Ga)"', 'S1 S3'],
  ['name!~="a$"', 'S10 S5', 'Sensor'],
  ['temperature==20|temperature==25.5;name=="Beta"', 'S1 S11 S2'],
  ['(temperature==20|temperature==25.5);name=="Beta"', 'S2'],
  ['((temperature>100|temperature<0);(name=="Eta"|name=="Theta (big)"))', 'S10 S9'],
  ['active==true', 'S1'],
  ['active==false', 'S2'],
  ['enabled!=true', 'V6'],
  ['closed==false', 'St1'],
  ['owner==urn:ngsi-ld:Person:1', 'B1'],
  ['owner=="urn:ngsi-ld:Person:3"', 'B2'],
  ['owner!=urn:ngsi-ld:Person:2', 'B1'],
  ['parkedIn==urn:ngsi-ld:Building:B1,urn:ngsi-ld:Building:B2', 'V4 V5'],
  ['category==commercial', 'B1 B3'],
  ['category==residential', 'B2 T1'],
  ['colors=="red"', 'V1 V3'],
  ['colors!="red"', 'V2'],
  ['colors=="red","green"', 'V1 V2 V3'],
  ['address[street]=="Main"', 'B1 B2'],
  ['address[number]>10', 'B2'],
  ['address[number]==10', 'B1'],
  ['address[number]=="12a"', 'B3'],
  ['address[tags]=="tall"', 'B1'],
  ['address[geo.lat]>20', 'B3'],
  ['address[geo][lat]==21', 'B3'],
  ['address[city]!="Hanoi"', 'B2'],
  ['address[city]', 'B1 B2 B3'],
  ['address[city]~="^Ha"', 'B1 B3'],
  ['address[renovated]>2015-01-01T00:00:00Z', 'B8'],
  ['address[renovated]<2010-01-01T00:00:00Z', 'B1'],
  ['address[renovated]=="2020-06-01T00:00:00Z"', 'B8'],
  ['address[listed]==true', 'B1'],
  ['address[listed]!=false', 'B1'],
  ['address[tags.0]=="old"', 'B1'],
  ['address[tags][1]=="old"', ''],
  ['levels[1]==2', 'T5'],
  ['temperature.calibration[by]=="acme"', 'S8'],
  ['temperature.calibration[year]>=2023', 'S8'],
  ['temperature.calibration', 'S8'],
  ['name=="Tower"', 'B6'],
  ['name[vi]=="Nhà hát lớn"', 'B3'],
  ['name[en]~="House"', 'B3'],
  ['openingHours[mon.open]=="08:00"', 'B5'],
  ['openingHours', 'B5'],
  ['builtAt<2000-01-01T00:00:00Z', 'B5'],
  ['builtAt>1900-01-01T00:00:00Z', 'B5 B6'],
  ['builtAt=="not a date"', 'B7'],
  ['builtAt~="^19"', 'B5'],
  ['floors==12', 'B6'],
  ['floors=="12"', 'B7'],
  ['floors>4', 'B5 B6'],
  ['floors=="1".."2"', 'B7'],
  ['floors<4', 'T2', 'Thing'],
  ['levels==2', 'T5'],
  ['links==urn:x:2', 'T5'],
  ['speed==20', 'V6'],
  ['tags=="y"', 'V7'],
  ['speed>=65.5', 'V2 V3 V5'],
  ['speed.observedAt>2024-04-01T00:00:00Z', 'V1'],
  ['speed.unitCode==KMH', 'V1'],
  ['brand~="^[Ff]ord$"', 'V1 V2 V7'],
  ['brand~=Benz', 'V5'],
  ['brand>"M"', 'V2 V5 V6'],
  ['day==2024-01-01', 'T4'],
  ['time>=12:00:00', 'T4'],
  ['weird=="a;b|c"', 'T1'],
  ['lanes==4', 'St2 St3'],
  ['lanes!=4', 'St1 St4'],
  ['nothing==1|nothing', ''],
];

const typeCases: Array<[string, string]> = [
  ['Device', 'S9'],
  ['Sensor;Device', 'S9'],
  ['Building;Thing', 'T2'],
  ['Street,https://example.org/Device', 'S9 St1 St2 St3 St4'],
  ['(Vehicle|Street);Vehicle', 'V1 V2 V3 V4 V5 V6 V7'],
  ['Thing', 'T1 T2 T3 T4 T5 T6 T7'],
];

const scopeCases: Array<[string, string]> = [
  ['/city/north', 'B1 S1'],
  ['/city/north/#', 'B1 S1 S2 St1'],
  ['/city/+', 'B1 S1 S3 T1 T2'],
  ['/city/+/park', 'S2'],
  ['/city/+/#', 'B1 B6 S1 S2 S3 St1 T1 T2'],
  ['/#', 'B1 B6 S1 S2 S3 St1 T1 T2 T3 V1 V2 V3 V4'],
  ['/fleet/a,/fleet/b/#', 'V1 V3'],
  ['/fleet/#;/fleet/a/#', 'V1 V2'],
  ['/city/south/#;/utilities', 'B6'],
  ['/fleet/+/+/x', 'V3'],
];

for (const name of storeNames()) {
  describe(`query compiler on the index (${name})`, () => {
    let store: Store & { dispose(): Promise<void> };
    before(async () => {
      store = await makeStore(name);
      for (const e of entities) await insert(store, 'main', e);
      await insert(store, 'other', otherTenant);
    });
    after(async () => store.dispose());

    async function ids(...filters: SqlFragment[]): Promise<string> {
      const where = joinFragments('AND', filters);
      const rows = await store.read.all<{ id: string }>(
        `SELECT e.id FROM entities e WHERE e.tenant = ? AND ${where.sql} ORDER BY e.pk`,
        ['main', ...where.params],
      );
      return rows
        .map((r) => short(r.id))
        .sort()
        .join(' ');
    }

    for (const [q, expected, type] of qCases) {
      it(`q=${q}${type === undefined ? '' : ` with type=${type}`} selects [${expected}]`, async () => {
        const filters = [compileQ(parseQ(q), expand, store.dialect.query)];
        if (type !== undefined) filters.push(compileTypeExpr(parseTypeExpr(type), expand));
        assert.equal(await ids(...filters), expected);
      });
    }

    for (const [type, expected] of typeCases) {
      it(`type=${type} selects [${expected}]`, async () => {
        assert.equal(await ids(compileTypeExpr(parseTypeExpr(type), expand)), expected);
      });
    }

    for (const [scopeQ, expected] of scopeCases) {
      it(`scopeQ=${scopeQ} selects [${expected}]`, async () => {
        assert.equal(await ids(compileScopeQ(parseScopeQ(scopeQ), store.dialect.query)), expected);
      });
    }

    it('selects by id list, ignoring unknown ids', async () => {
      const list = ['urn:ngsi-ld:Sensor:S1', 'urn:ngsi-ld:Street:St2', 'urn:ngsi-ld:Nope:1'];
      assert.equal(await ids(compileIds(list)), 'S1 St2');
      assert.equal(await ids(compileIds([])), '');
    });

    it('selects by idPattern, anchored or not', async () => {
      const hooks = store.dialect.query;
      assert.equal(await ids(compileIdPattern('^urn:ngsi-ld:Vehicle:V[1-3]$', hooks)), 'V1 V2 V3');
      assert.equal(await ids(compileIdPattern('Street', hooks)), 'St1 St2 St3 St4');
    });

    it('selects entities having any of the attrs, object and JSON values included', async () => {
      const hooks = store.dialect.query;
      assert.equal(
        await ids(compileAttrsExist([ex('openingHours'), ex('lanes')], hooks)),
        'B5 St1 St2 St3 St4',
      );
      assert.equal(await ids(compileAttrsExist([ex('humidity')], hooks)), 'S6');
    });

    it('combines type, q, scopeQ and idPattern with AND', async () => {
      const hooks = store.dialect.query;
      assert.equal(
        await ids(
          compileTypeExpr(parseTypeExpr('Sensor'), expand),
          compileQ(parseQ('temperature>=20'), expand, hooks),
          compileScopeQ(parseScopeQ('/city/#'), hooks),
          compileIdPattern('S[12]$', hooks),
        ),
        'S1 S2',
      );
    });

    if (name === 'sqlite') {
      it('answers type + q from the attr_values indexes (EXPLAIN QUERY PLAN)', async () => {
        const hooks = store.dialect.query;
        for (const [q, index] of [
          ['temperature>25', 'attr_values_num'],
          ['name=="Alpha"', 'attr_values_str'],
          ['temperature.unitCode=="CEL"', 'attr_values_str'],
          ['owner==urn:ngsi-ld:Person:1', 'attr_values_str'],
        ] as const) {
          const where = joinFragments('AND', [
            compileTypeExpr(parseTypeExpr('Sensor'), expand),
            compileQ(parseQ(q), expand, hooks),
          ]);
          const plan = await store.read.all<{ detail: string }>(
            `EXPLAIN QUERY PLAN SELECT e.pk, e.doc FROM entities e WHERE e.tenant = ? AND ${where.sql} ORDER BY e.pk LIMIT ? OFFSET ?`,
            ['main', ...where.params, 20, 0],
          );
          const text = plan.map((r) => r.detail).join('\n');
          assert.match(
            text,
            new RegExp(`SEARCH v USING (COVERING )?INDEX ${index} \\(path=\\? AND`),
            `${q}:\n${text}`,
          );
          assert.match(
            text,
            /SEARCH t (EXISTS )?USING PRIMARY KEY \(tenant=\? AND type=\? AND pk=\?\)/,
            `${q}:\n${text}`,
          );
          assert.doesNotMatch(text, /SCAN (v|t)\b/, `${q}:\n${text}`);
        }
      });

      it('probes negated terms and attrs per entity through attr_values_pk (EXPLAIN QUERY PLAN)', async () => {
        const hooks = store.dialect.query;
        for (const filter of [
          compileQ(parseQ('temperature!=20'), expand, hooks),
          compileQ(parseQ('!temperature'), expand, hooks),
          compileQ(parseQ('name!~="a$"'), expand, hooks),
          compileAttrsExist([ex('name'), ex('lanes')], hooks),
        ]) {
          const plan = await store.read.all<{ detail: string }>(
            `EXPLAIN QUERY PLAN SELECT e.pk FROM entities e WHERE e.tenant = ? AND ${filter.sql} ORDER BY e.pk LIMIT 20`,
            ['main', ...filter.params],
          );
          const text = plan.map((r) => r.detail).join('\n');
          assert.match(
            text,
            /SEARCH v (EXISTS )?USING INDEX attr_values_pk \(pk=\?\)/,
            `${filter.sql}:\n${text}`,
          );
          assert.doesNotMatch(
            text,
            /SCAN v\b|INDEX attr_values_(str|num) \(path=\?\)/,
            `${filter.sql}:\n${text}`,
          );
        }
      });
    }
  });
}
