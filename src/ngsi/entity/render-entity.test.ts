import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CORE, type AttrInstance, type StoredEntity } from './model.js';
import { parseEntity } from './parse-entity.js';
import { renderEntity, type RenderOptions } from './render-entity.js';
import { coreTermMapper, DEFAULT_VOCAB } from './term-mapper.js';

const terms = coreTermMapper();
const V = DEFAULT_VOCAB;
const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-01-02T00:00:00.000Z';
const point = { type: 'Point', coordinates: [105.85, 21.03] };

function stamped(i: AttrInstance): AttrInstance {
  return { ...i, createdAt: T0, modifiedAt: T1 };
}

const lake: StoredEntity = {
  id: 'urn:ngsi-ld:Lake:HoanKiem',
  types: [`${V}Lake`],
  scope: ['/Hanoi/HoanKiem'],
  createdAt: T0,
  modifiedAt: T1,
  attrs: {
    [`${V}depth`]: [stamped({ type: 'Property', value: 1.5, unitCode: 'MTR', observedAt: T1 })],
    [`${V}area`]: [stamped({ type: 'Property', value: 12 })],
    [`${V}temperature`]: [
      stamped({ type: 'Property', value: 24 }),
      stamped({ type: 'Property', value: 23.5, datasetId: 'urn:ngsi-ld:Dataset:Buoy' }),
    ],
    [`${CORE}location`]: [stamped({ type: 'GeoProperty', value: point })],
    [`${V}managedBy`]: [
      stamped({
        type: 'Relationship',
        object: 'urn:ngsi-ld:Organisation:HN',
        objectType: `${V}Organisation`,
        sub: { [`${V}since`]: { type: 'Property', value: 2010 } },
      }),
    ],
    [`${V}name`]: [stamped({ type: 'LanguageProperty', languageMap: { vi: 'Hồ Gươm', en: 'Sword Lake' } })],
    [`${V}openDays`]: [stamped({ type: 'VocabProperty', vocab: [`${V}Monday`, `${V}Sunday`] })],
    [`${V}extra`]: [stamped({ type: 'JsonProperty', json: { type: 'Property', value: 1 } })],
    [`${V}readings`]: [stamped({ type: 'ListProperty', valueList: [1, 2, 3] })],
    [`${V}inlets`]: [
      stamped({ type: 'ListRelationship', objectList: ['urn:ngsi-ld:River:1', 'urn:ngsi-ld:River:2'] }),
    ],
    [`${V}centre`]: [stamped({ type: 'Property', value: point })],
  },
};

function render(opts: Partial<RenderOptions> = {}, e: StoredEntity = lake): Record<string, unknown> {
  return renderEntity(e, terms, { format: 'normalized', sysAttrs: false, ...opts });
}

describe('renderEntity normalized', () => {
  it('compacts names, types, vocab and objectType and renders every attribute type', () => {
    assert.deepEqual(render(), {
      id: 'urn:ngsi-ld:Lake:HoanKiem',
      type: 'Lake',
      scope: '/Hanoi/HoanKiem',
      depth: { type: 'Property', value: 1.5, unitCode: 'MTR', observedAt: T1 },
      area: { type: 'Property', value: 12 },
      temperature: [
        { type: 'Property', value: 24 },
        { type: 'Property', value: 23.5, datasetId: 'urn:ngsi-ld:Dataset:Buoy' },
      ],
      location: { type: 'GeoProperty', value: point },
      managedBy: {
        type: 'Relationship',
        object: 'urn:ngsi-ld:Organisation:HN',
        objectType: 'Organisation',
        since: { type: 'Property', value: 2010 },
      },
      name: { type: 'LanguageProperty', languageMap: { vi: 'Hồ Gươm', en: 'Sword Lake' } },
      openDays: { type: 'VocabProperty', vocab: ['Monday', 'Sunday'] },
      extra: { type: 'JsonProperty', json: { type: 'Property', value: 1 } },
      readings: { type: 'ListProperty', valueList: [1, 2, 3] },
      inlets: {
        type: 'ListRelationship',
        objectList: [{ object: 'urn:ngsi-ld:River:1' }, { object: 'urn:ngsi-ld:River:2' }],
      },
      centre: { type: 'Property', value: point },
    });
  });

  it('renders several types as an array', () => {
    const out = render({}, { ...lake, types: [`${V}Lake`, 'https://x.org/Water'], scope: ['/a', '/b'] });
    assert.deepEqual(out.type, ['Lake', 'https://x.org/Water']);
    assert.deepEqual(out.scope, ['/a', '/b']);
  });

  it('parses back to the same attributes', () => {
    const { createdAt: _c, modifiedAt: _m, ...input } = lake;
    const reparsed = parseEntity(render(), terms);
    const bare = (list: AttrInstance[]) => list.map(({ createdAt: _a, modifiedAt: _b, ...rest }) => rest);
    const expected = Object.fromEntries(Object.entries(input.attrs).map(([k, list]) => [k, bare(list)]));
    assert.deepEqual(reparsed, { ...input, attrs: expected });
  });
});

describe('renderEntity sysAttrs', () => {
  it('adds createdAt and modifiedAt to the entity and every instance', () => {
    const out = render({ sysAttrs: true });
    assert.equal(out.createdAt, T0);
    assert.equal(out.modifiedAt, T1);
    assert.deepEqual(out.area, { type: 'Property', value: 12, createdAt: T0, modifiedAt: T1 });
  });

  it('leaves them out by default', () => {
    const out = render();
    assert.equal(out.createdAt, undefined);
    assert.equal((out.area as Record<string, unknown>).createdAt, undefined);
  });

  it('adds them only to the entity in keyValues', () => {
    const out = render({ format: 'keyValues', sysAttrs: true });
    assert.equal(out.modifiedAt, T1);
    assert.equal(out.area, 12);
  });
});

describe('renderEntity concise', () => {
  const out = render({ format: 'concise' });

  it('shows a Property with nothing else as its bare value and drops inferable types', () => {
    assert.equal(out.area, 12);
    assert.deepEqual(out.depth, { value: 1.5, unitCode: 'MTR', observedAt: T1 });
    assert.deepEqual(out.location, point);
    assert.deepEqual(out.managedBy, {
      object: 'urn:ngsi-ld:Organisation:HN',
      objectType: 'Organisation',
      since: 2010,
    });
    assert.deepEqual(out.name, { languageMap: { vi: 'Hồ Gươm', en: 'Sword Lake' } });
    assert.deepEqual(out.readings, { valueList: [1, 2, 3] });
  });

  it('keeps the type of a Property whose value looks like a geometry', () => {
    assert.deepEqual(out.centre, { type: 'Property', value: point });
  });

  it('keeps instances of a multi-attribute as objects', () => {
    assert.deepEqual(out.temperature, [
      { value: 24 },
      { value: 23.5, datasetId: 'urn:ngsi-ld:Dataset:Buoy' },
    ]);
  });

  it('keeps the value member of a Property whose bare value would read as something else', () => {
    const e: StoredEntity = {
      ...lake,
      attrs: {
        [`${V}a`]: [{ type: 'Property', value: { value: 1 } }],
        [`${V}b`]: [{ type: 'Property', value: [{ object: 'urn:x:1' }] }],
        [`${V}c`]: [{ type: 'Property', value: { type: 'PostalAddress', street: 'x' } }],
      },
    };
    const c = render({ format: 'concise' }, e);
    assert.deepEqual(c.a, { value: { value: 1 } });
    assert.deepEqual(c.b, { value: [{ object: 'urn:x:1' }] });
    assert.deepEqual(parseEntity(c, terms).attrs, e.attrs);
  });

  it('parses back to the same entity as the normalized form', () => {
    assert.deepEqual(parseEntity(out, terms), parseEntity(render(), terms));
  });
});

describe('renderEntity keyValues', () => {
  it('shows each attribute as its value, wrapping the types whose bare value would be ambiguous', () => {
    assert.deepEqual(render({ format: 'keyValues' }), {
      id: 'urn:ngsi-ld:Lake:HoanKiem',
      type: 'Lake',
      scope: '/Hanoi/HoanKiem',
      depth: 1.5,
      area: 12,
      temperature: { dataset: { '@none': 24, 'urn:ngsi-ld:Dataset:Buoy': 23.5 } },
      location: point,
      managedBy: 'urn:ngsi-ld:Organisation:HN',
      name: { languageMap: { vi: 'Hồ Gươm', en: 'Sword Lake' } },
      openDays: { vocab: ['Monday', 'Sunday'] },
      extra: { json: { type: 'Property', value: 1 } },
      readings: { valueList: [1, 2, 3] },
      inlets: { objectList: ['urn:ngsi-ld:River:1', 'urn:ngsi-ld:River:2'] },
      centre: point,
    });
  });
});

describe('renderEntity lang', () => {
  const withNames = (languageMap: Record<string, string>): StoredEntity => ({
    ...lake,
    attrs: { [`${V}name`]: [{ type: 'LanguageProperty', languageMap }] },
  });

  it('turns a LanguageProperty into a Property in the asked language, with a lang member', () => {
    assert.deepEqual(render({ lang: 'en' }).name, { type: 'Property', value: 'Sword Lake', lang: 'en' });
    assert.deepEqual(render({ lang: 'en', format: 'concise' }).name, { value: 'Sword Lake', lang: 'en' });
    assert.equal(render({ lang: 'vi', format: 'keyValues' }).name, 'Hồ Gươm');
  });

  it('follows the q order, matches subtags, then falls back to @none, then to any language', () => {
    const e = withNames({ 'en-GB': 'Lake', vi: 'Hồ', '@none': 'Ho' });
    const value = (lang: string) => (render({ lang }, e).name as Record<string, unknown>).value;
    assert.equal(value('fr,vi;q=0.5,en;q=0.9'), 'Lake');
    assert.equal(value('fr;q=0.1,vi'), 'Hồ');
    assert.equal(value('EN'), 'Lake');
    assert.equal(value('en-GB-oxendict'), 'Lake');
    assert.equal(value('*'), 'Lake');
    assert.equal(value('ja'), 'Ho');
    assert.equal(
      (render({ lang: 'ja' }, withNames({ vi: 'Hồ' })).name as Record<string, unknown>).lang,
      'vi',
    );
  });

  it('reduces LanguageProperty sub-attributes too', () => {
    const e: StoredEntity = {
      ...lake,
      attrs: {
        [`${V}a`]: [
          {
            type: 'Property',
            value: 1,
            sub: { [`${V}label`]: { type: 'LanguageProperty', languageMap: { vi: 'x' } } },
          },
        ],
      },
    };
    assert.deepEqual(render({ lang: 'vi' }, e).a, {
      type: 'Property',
      value: 1,
      label: { type: 'Property', value: 'x', lang: 'vi' },
    });
  });
});

describe('renderEntity projection', () => {
  const keys = (o: Record<string, unknown>) => Object.keys(o).sort();

  it('attrs shows the named attributes with id, type and scope', () => {
    assert.deepEqual(keys(render({ attrs: new Set([`${V}area`]) })), ['area', 'id', 'scope', 'type']);
  });

  it('pick shows only the named members, id and type included', () => {
    assert.deepEqual(keys(render({ pick: new Set(['id', `${V}area`]) })), ['area', 'id']);
    assert.deepEqual(keys(render({ pick: new Set(['type', `${CORE}scope`]) })), ['scope', 'type']);
  });

  it('omit leaves out the named members', () => {
    const out = render({ omit: new Set(['type', `${V}area`, `${CORE}location`]) });
    assert.ok(!('type' in out) && !('area' in out) && !('location' in out) && 'id' in out && 'depth' in out);
  });

  it('datasetId keeps the chosen instances and drops attributes without one', () => {
    const out = render({ datasetId: ['urn:ngsi-ld:Dataset:Buoy'] });
    assert.deepEqual(keys(out), ['id', 'scope', 'temperature', 'type']);
    assert.deepEqual(out.temperature, {
      type: 'Property',
      value: 23.5,
      datasetId: 'urn:ngsi-ld:Dataset:Buoy',
    });
    assert.deepEqual(render({ datasetId: ['@none'], format: 'keyValues' }).temperature, 24);
  });

  it('adds @context when asked to', () => {
    const ctx = ['https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld'];
    assert.deepEqual(render({ includeContext: ctx })['@context'], ctx);
    assert.ok(!('@context' in render()));
  });
});
