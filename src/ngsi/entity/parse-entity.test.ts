import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDothiError } from '../../kernel/index.js';
import { CORE } from './model.js';
import { parseEntity } from './parse-entity.js';
import { coreTermMapper, DEFAULT_VOCAB } from './term-mapper.js';

const terms = coreTermMapper();
const V = DEFAULT_VOCAB;
const ID = 'urn:ngsi-ld:Vehicle:A1';

function entity(attrs: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: ID, type: 'Vehicle', ...attrs };
}

function attrsOf(attrs: Record<string, unknown>) {
  return parseEntity(entity(attrs), terms).attrs;
}

function refused(body: unknown, opts = {}): void {
  assert.throws(
    () => parseEntity(body, terms, opts),
    (err) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA',
  );
}

describe('parseEntity: entity members', () => {
  it('parses id, type and a normalized Property into the normal form with expanded names', () => {
    const e = parseEntity(entity({ speed: { type: 'Property', value: 80, unitCode: 'KMH' } }), terms);
    assert.deepEqual(e, {
      id: ID,
      types: [`${V}Vehicle`],
      attrs: { [`${V}speed`]: [{ type: 'Property', value: 80, unitCode: 'KMH' }] },
    });
  });

  it('accepts any absolute URI as id and refuses what is not one', () => {
    assert.equal(parseEntity({ id: 'urn:ngsi-ld:T:1', type: 'T' }, terms).id, 'urn:ngsi-ld:T:1');
    assert.equal(
      parseEntity({ id: 'https://example.org/e/1', type: 'T' }, terms).id,
      'https://example.org/e/1',
    );
    for (const id of ['abc', 'not a uri', '1:x', 'urn:a b', '', 42, null, 'urn:x%zz', 'urn:ngsi-ld:null']) {
      refused({ id, type: 'T' });
    }
  });

  it('requires an id unless requireId is false, then leaves it empty', () => {
    refused({ type: 'T' });
    assert.equal(parseEntity({ type: 'T' }, terms, { requireId: false }).id, '');
  });

  it('requires a type, a name or a non-empty array of names, expanded and without repeats', () => {
    refused({ id: ID });
    refused({ id: ID, type: [] });
    refused({ id: ID, type: 7 });
    refused({ id: ID, type: ['A', 3] });
    refused({ id: ID, type: 'Bad Type' });
    refused({ id: ID, type: 'urn:ngsi-ld:null' }, { allowNull: true });
    assert.deepEqual(parseEntity({ id: ID, type: ['A', 'https://x.org/B', 'A'] }, terms).types, [
      `${V}A`,
      'https://x.org/B',
    ]);
    assert.deepEqual(parseEntity({ id: ID }, terms, { requireType: false }).types, []);
  });

  it('accepts a scope or a list of scopes of the form /level(/level)* and refuses others', () => {
    assert.deepEqual(parseEntity(entity({ scope: '/Madrid/Centro' }), terms).scope, ['/Madrid/Centro']);
    assert.deepEqual(parseEntity(entity({ scope: ['/a', '/b/c_d-1'] }), terms).scope, ['/a', '/b/c_d-1']);
    for (const scope of ['Madrid', '/a//b', '/a b', '/a/#', '/', [], ['/a', 'b'], 5])
      refused(entity({ scope }));
  });

  it('skips @context and the system members createdAt, modifiedAt and deletedAt', () => {
    const e = parseEntity(
      entity({ '@context': 'https://x.org/ctx.jsonld', createdAt: 'x', modifiedAt: 'y', deletedAt: 'z' }),
      terms,
    );
    assert.deepEqual(e.attrs, {});
  });

  it('refuses JSON-LD keywords other than @context', () => {
    refused({ '@id': ID, '@type': 'T' });
    refused(entity({ '@graph': [] }));
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of [null, [], 'entity', 3]) refused(body);
  });
});

describe('parseEntity: attribute names', () => {
  it('refuses names with white space or characters such as < > " \' = ; ( )', () => {
    for (const name of [
      'my attr',
      'a<b',
      'a>b',
      'a"b',
      "a'b",
      'a=b',
      'a;b',
      'a(b)',
      'trailing ',
      'a\tb',
      '',
    ]) {
      refused(entity({ [name]: 1 }));
    }
  });

  it('accepts terms with digits, _ and -, and full IRIs, which stay as they are', () => {
    const attrs = attrsOf({ 'N-TOT': 1, total_2: 2, 'https://schema.org/name': 'x', 'Cr-VI': 3 });
    assert.deepEqual(Object.keys(attrs), [
      `${V}N-TOT`,
      `${V}total_2`,
      'https://schema.org/name',
      `${V}Cr-VI`,
    ]);
  });

  it('adds up a term and its IRI as one attribute, so a second default instance is refused', () => {
    refused(entity({ speed: 1, [`${V}speed`]: 2 }));
    const attrs = attrsOf({ speed: 1, [`${V}speed`]: { value: 2, datasetId: 'urn:ds:1' } });
    assert.equal(attrs[`${V}speed`]?.length, 2);
  });
});

describe('parseEntity: concise and keyValues attributes', () => {
  it('reads a bare value as a Property', () => {
    assert.deepEqual(attrsOf({ n: 3, s: 'x', b: false, a: [1, 2] }), {
      [`${V}n`]: [{ type: 'Property', value: 3 }],
      [`${V}s`]: [{ type: 'Property', value: 'x' }],
      [`${V}b`]: [{ type: 'Property', value: false }],
      [`${V}a`]: [{ type: 'Property', value: [1, 2] }],
    });
  });

  it('infers the type from the value member when type is omitted', () => {
    const attrs = attrsOf({
      p: { value: 1, observedAt: '2024-05-01T10:00:00Z' },
      r: { object: 'urn:ngsi-ld:Car:1' },
      lp: { languageMap: { en: 'Hello', vi: 'Xin chào' } },
      vp: { vocab: 'Sunday' },
      jp: { json: { a: { b: 1 } } },
      lip: { valueList: [1, 2, 3] },
      lir: { objectList: ['urn:a:1', { object: 'urn:a:2' }] },
    });
    assert.deepEqual(attrs[`${V}p`], [
      { type: 'Property', value: 1, observedAt: '2024-05-01T10:00:00.000Z' },
    ]);
    assert.deepEqual(attrs[`${V}r`], [{ type: 'Relationship', object: 'urn:ngsi-ld:Car:1' }]);
    assert.deepEqual(attrs[`${V}lp`], [
      { type: 'LanguageProperty', languageMap: { en: 'Hello', vi: 'Xin chào' } },
    ]);
    assert.deepEqual(attrs[`${V}vp`], [{ type: 'VocabProperty', vocab: `${V}Sunday` }]);
    assert.deepEqual(attrs[`${V}jp`], [{ type: 'JsonProperty', json: { a: { b: 1 } } }]);
    assert.deepEqual(attrs[`${V}lip`], [{ type: 'ListProperty', valueList: [1, 2, 3] }]);
    assert.deepEqual(attrs[`${V}lir`], [{ type: 'ListRelationship', objectList: ['urn:a:1', 'urn:a:2'] }]);
  });

  it('reads a GeoJSON geometry, bare or as value, as a GeoProperty', () => {
    const point = { type: 'Point', coordinates: [105.85, 21.03] };
    const attrs = attrsOf({ position: point, area: { value: point, observedAt: '2024-01-01T00:00:00Z' } });
    assert.deepEqual(attrs[`${V}position`], [{ type: 'GeoProperty', value: point }]);
    assert.equal(attrs[`${V}area`]?.[0]?.type, 'GeoProperty');
  });

  it('reads any value of location, observationSpace or operationSpace as a GeoProperty', () => {
    refused(entity({ location: 'Hanoi' }));
    refused(entity({ operationSpace: { value: [1, 2] } }));
    refused(entity({ location: { type: 'Property', value: { type: 'Point', coordinates: [1, 2] } } }));
    const attrs = attrsOf({ observationSpace: { type: 'Point', coordinates: [1, 2] } });
    assert.equal(attrs[`${CORE}observationSpace`]?.[0]?.type, 'GeoProperty');
  });

  it('reads a JSON object without value member as a Property value whose keys are not expanded', () => {
    const address = { type: 'PostalAddress', streetAddress: '1 Tràng Tiền', addressLocality: 'Hà Nội' };
    assert.deepEqual(attrsOf({ address }), { [`${V}address`]: [{ type: 'Property', value: address }] });
  });

  it('accepts a plain value whose type is a list of names, and refuses one whose type is not a name', () => {
    const value = { type: ['Place', 'Museum'], name: 'x' };
    assert.deepEqual(attrsOf({ venue: value })[`${V}venue`], [{ type: 'Property', value }]);
    refused(entity({ venue: { type: 3, name: 'x' } }));
  });

  it('refuses a misspelt attribute type instead of taking the object as a value', () => {
    refused(entity({ a: { type: 'property', value: 1 } }));
    refused(entity({ a: { type: 'Property ', value: 1 } }));
    refused(entity({ a: { type: 'Relationship ' } }));
    refused(entity({ a: { type: 'DateTime', value: '2024-01-01T00:00:00Z' } }));
    refused(entity({ a: { type: { '@type': 'Property' }, '@value': 1 } }));
  });

  it('refuses an instance with two value members', () => {
    refused(entity({ a: { value: 1, object: 'urn:x:1' } }));
    refused(entity({ a: { type: 'Property', value: 1, object: 'urn:x:1' } }));
  });
});

describe('parseEntity: per-type checks', () => {
  it('refuses a Property without value, and a value of JSON null', () => {
    refused(entity({ a: { type: 'Property' } }));
    refused(entity({ a: { type: 'Property', value: null } }));
    refused(entity({ a: { type: 'Property', observedAt: '2024-01-01T00:00:00Z' } }));
  });

  it('keeps JSON object values as given and checks the date of a DateTime typed value', () => {
    const typed = { '@type': 'DateTime', '@value': '2024-05-01T10:00:00+07:00' };
    assert.deepEqual(attrsOf({ d: { type: 'Property', value: typed } })[`${V}d`], [
      { type: 'Property', value: typed },
    ]);
    refused(
      entity({ d: { type: 'Property', value: { '@type': 'DateTime', '@value': '2024-02-30T10:00:00Z' } } }),
    );
    refused(entity({ d: { type: 'Property', value: { '@type': 'Date', '@value': '2024-13-01' } } }));
    refused(
      entity({ d: { type: 'Property', value: { '@type': 'DateTime', '@value': '2024-05-01T10:00:00' } } }),
    );
    refused(entity({ d: { type: 'Property', value: { '@type': 'Intangible', '@value': null } } }));
  });

  it('refuses a Relationship whose object is not a URI or a non-empty array of URIs', () => {
    for (const object of ['Car 1', 'car1', '', [], ['urn:a:1', 'nope'], 3, null, { id: 'urn:a:1' }]) {
      refused(entity({ r: { type: 'Relationship', object } }));
    }
    assert.deepEqual(attrsOf({ r: { type: 'Relationship', object: ['urn:a:1', 'urn:a:2'] } })[`${V}r`], [
      { type: 'Relationship', object: ['urn:a:1', 'urn:a:2'] },
    ]);
  });

  it('expands objectType of a Relationship and refuses it on a Property', () => {
    const attrs = attrsOf({ r: { type: 'Relationship', object: 'urn:a:1', objectType: ['Car', 'Vehicle'] } });
    assert.deepEqual(attrs[`${V}r`]?.[0]?.objectType, [`${V}Car`, `${V}Vehicle`]);
    refused(entity({ p: { type: 'Property', value: 1, objectType: 'Car' } }));
  });

  it('refuses a ListRelationship item that is not a URI', () => {
    refused(entity({ l: { type: 'ListRelationship', objectList: ['urn:a:1', 'x'] } }));
    refused(entity({ l: { type: 'ListRelationship', objectList: [{ object: 'x y' }] } }));
    refused(entity({ l: { type: 'ListRelationship', objectList: 'urn:a:1' } }));
  });

  it('refuses a languageMap with a bad tag, a non-string text, or no entry', () => {
    refused(entity({ l: { type: 'LanguageProperty', languageMap: { 'not a tag': 'x' } } }));
    refused(entity({ l: { type: 'LanguageProperty', languageMap: { en: 3 } } }));
    refused(entity({ l: { type: 'LanguageProperty', languageMap: {} } }));
    refused(entity({ l: { type: 'LanguageProperty', languageMap: 'Hello' } }));
    const ok = { '@none': 'x', 'zh-Hant-TW': ['a', 'b'] };
    assert.deepEqual(attrsOf({ l: { languageMap: ok } })[`${V}l`]?.[0]?.languageMap, ok);
  });

  it('expands vocab terms and refuses what is not a term', () => {
    assert.deepEqual(
      attrsOf({ v: { type: 'VocabProperty', vocab: ['Mon', 'https://x.org/Tue'] } })[`${V}v`],
      [{ type: 'VocabProperty', vocab: [`${V}Mon`, 'https://x.org/Tue'] }],
    );
    refused(entity({ v: { type: 'VocabProperty', vocab: 'two words' } }));
    refused(entity({ v: { type: 'VocabProperty', vocab: [] } }));
  });

  it('stores JsonProperty json as given and refuses JSON null', () => {
    const json = { 'not:expanded': [1, { x: null }] };
    assert.deepEqual(attrsOf({ j: { type: 'JsonProperty', json } })[`${V}j`], [
      { type: 'JsonProperty', json },
    ]);
    refused(entity({ j: { type: 'JsonProperty', json: null } }));
  });

  it('refuses a ListProperty whose valueList is not an array or holds null', () => {
    refused(entity({ l: { type: 'ListProperty', valueList: 3 } }));
    refused(entity({ l: { type: 'ListProperty', valueList: [1, null] } }));
  });

  it('checks GeoProperty values with the built-in check or the injected validator', () => {
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    refused(entity({ location: { type: 'GeoProperty', value: open } }));
    refused(entity({ location: { type: 'GeoProperty', value: { type: 'Circle', coordinates: [0, 0] } } }));
    const seen: unknown[] = [];
    const validateGeometry = (g: unknown) => (seen.push(g), 'self-intersection');
    const point = { type: 'Point', coordinates: [0, 0] };
    refused(entity({ location: point }), { validateGeometry });
    assert.deepEqual(seen, [point]);
  });
});

describe('parseEntity: metadata, sub-attributes and multi-attributes', () => {
  it('normalizes observedAt to the toISOString form and refuses other dates', () => {
    const attrs = attrsOf({ t: { value: 21, observedAt: '2024-05-01T17:00:00+07:00' } });
    assert.equal(attrs[`${V}t`]?.[0]?.observedAt, '2024-05-01T10:00:00.000Z');
    for (const observedAt of [
      '2024-05-01T10:00:00',
      '2024-02-30T00:00:00Z',
      'yesterday',
      1714557600000,
      null,
    ]) {
      refused(entity({ t: { value: 21, observedAt } }));
    }
  });

  it('refuses a unitCode that is not a string and a datasetId that is not a URI', () => {
    refused(entity({ t: { value: 21, unitCode: 3 } }));
    refused(entity({ t: { value: 21, datasetId: 'dataset 1' } }));
    refused(entity({ t: { value: 21, datasetId: 'urn:ngsi-ld:null' } }));
  });

  it('ignores instance members that only the broker writes', () => {
    const attrs = attrsOf({ t: { value: 1, createdAt: 'x', modifiedAt: 'y', instanceId: 'urn:i:1' } });
    assert.deepEqual(attrs[`${V}t`], [{ type: 'Property', value: 1 }]);
  });

  it('parses sub-attributes and their sub-attributes under expanded names', () => {
    const attrs = attrsOf({
      t: {
        type: 'Property',
        value: 21,
        providedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Device:1', since: { value: 2019 } },
        accuracy: 0.5,
      },
    });
    assert.deepEqual(attrs[`${V}t`], [
      {
        type: 'Property',
        value: 21,
        sub: {
          [`${V}providedBy`]: {
            type: 'Relationship',
            object: 'urn:ngsi-ld:Device:1',
            sub: { [`${V}since`]: { type: 'Property', value: 2019 } },
          },
          [`${V}accuracy`]: { type: 'Property', value: 0.5 },
        },
      },
    ]);
    refused(entity({ t: { value: 1, 'bad name': 2 } }));
    refused(entity({ t: { value: 1, s: [{ value: 1 }, { value: 2, datasetId: 'urn:d:1' }] } }));
  });

  it('reads an array of instances as a multi-attribute, one instance per datasetId', () => {
    const attrs = attrsOf({
      speed: [
        { type: 'Property', value: 55 },
        { value: 54, datasetId: 'urn:ngsi-ld:Dataset:Radar' },
      ],
    });
    assert.deepEqual(attrs[`${V}speed`], [
      { type: 'Property', value: 55 },
      { type: 'Property', value: 54, datasetId: 'urn:ngsi-ld:Dataset:Radar' },
    ]);
  });

  it('refuses a repeated datasetId, two default instances, and instances mixed with plain values', () => {
    refused(
      entity({
        s: [
          { value: 1, datasetId: 'urn:d:1' },
          { value: 2, datasetId: 'urn:d:1' },
        ],
      }),
    );
    refused(entity({ s: [{ value: 1 }, { value: 2 }] }));
    refused(entity({ s: [{ value: 1 }, 2] }));
  });

  it('refuses null where no deletion is possible: JSON null and the NGSI-LD Null on create', () => {
    refused(entity({ a: null }));
    refused(entity({ a: 'urn:ngsi-ld:null' }));
    refused(entity({ a: { type: 'Relationship', object: 'urn:ngsi-ld:null' } }));
    refused(entity({ a: { value: 1, sub: null } }));
  });
});
