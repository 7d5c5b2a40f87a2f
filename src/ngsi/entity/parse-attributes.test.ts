import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDothiError } from '../../kernel/index.js';
import { isNullInstance, NGSI_NULL } from './attribute-merge.js';
import { CORE } from './model.js';
import { parseAttribute } from './parse-attribute.js';
import { parseAttributes } from './parse-attributes.js';
import { parseEntity } from './parse-entity.js';
import { coreTermMapper, DEFAULT_VOCAB } from './term-mapper.js';

const terms = coreTermMapper();
const V = DEFAULT_VOCAB;

function refused(fn: () => unknown): void {
  assert.throws(fn, (err) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA');
}

describe('parseAttributes', () => {
  it('returns the attributes by expanded name and skips the entity members', () => {
    const attrs = parseAttributes(
      {
        '@context': 'https://x.org/c.jsonld',
        id: 'urn:x:1',
        type: 'T',
        temperature: 21,
        near: { object: 'urn:y:1' },
      },
      terms,
    );
    assert.deepEqual(attrs, {
      [`${V}temperature`]: [{ type: 'Property', value: 21 }],
      [`${V}near`]: [{ type: 'Relationship', object: 'urn:y:1' }],
    });
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of [null, [{ a: 1 }], 'a']) refused(() => parseAttributes(body, terms));
  });

  it('refuses the NGSI-LD Null when appending (allowNull not set)', () => {
    refused(() => parseAttributes({ a: { value: NGSI_NULL } }, terms));
    refused(() => parseAttributes({ a: NGSI_NULL }, terms));
  });

  it('marks deletion with the NGSI-LD Null as the value member of each attribute type when updating', () => {
    const attrs = parseAttributes(
      {
        p: { type: 'Property', value: NGSI_NULL },
        r: { type: 'Relationship', object: NGSI_NULL },
        g: { type: 'GeoProperty', value: NGSI_NULL },
        l: { type: 'LanguageProperty', languageMap: { '@none': NGSI_NULL } },
        v: { type: 'VocabProperty', vocab: NGSI_NULL },
        j: { type: 'JsonProperty', json: NGSI_NULL },
        lp: { type: 'ListProperty', valueList: [NGSI_NULL] },
        lr: { type: 'ListRelationship', objectList: [{ object: NGSI_NULL }] },
        concise: NGSI_NULL,
      },
      terms,
      { allowNull: true },
    );
    assert.equal(Object.keys(attrs).length, 9);
    for (const [name, list] of Object.entries(attrs)) assert.ok(isNullInstance(list[0]!), name);
    assert.deepEqual(attrs[`${V}r`], [{ type: 'Relationship', object: NGSI_NULL }]);
    assert.deepEqual(attrs[`${V}lr`], [{ type: 'ListRelationship', objectList: [NGSI_NULL] }]);
    assert.deepEqual(attrs[`${V}concise`], [{ type: 'Property', value: NGSI_NULL }]);
  });

  it('reads a JSON null attribute as the NGSI-LD Null when updating, as JSON merge patch does', () => {
    const attrs = parseAttributes({ a: null, location: null }, terms, { allowNull: true });
    assert.deepEqual(attrs[`${V}a`], [{ type: 'Property', value: NGSI_NULL }]);
    assert.deepEqual(attrs[`${CORE}location`], [{ type: 'GeoProperty', value: NGSI_NULL }]);
  });

  it('still refuses JSON null as a value member when updating (§5.6.4)', () => {
    refused(() => parseAttributes({ a: { type: 'Property', value: null } }, terms, { allowNull: true }));
    refused(() => parseAttributes({ a: { object: null } }, terms, { allowNull: true }));
  });

  it('keeps one deleted language, a deleted sub-attribute and a deleted observedAt for the merge', () => {
    const attrs = parseAttributes(
      {
        name: { languageMap: { fr: NGSI_NULL, en: 'Lake' } },
        temp: { value: 20, accuracy: NGSI_NULL, observedAt: NGSI_NULL },
      },
      terms,
      { allowNull: true },
    );
    assert.deepEqual(attrs[`${V}name`]?.[0]?.languageMap, { fr: NGSI_NULL, en: 'Lake' });
    assert.deepEqual(attrs[`${V}temp`], [
      {
        type: 'Property',
        value: 20,
        observedAt: NGSI_NULL,
        sub: { [`${V}accuracy`]: { type: 'Property', value: NGSI_NULL } },
      },
    ]);
  });

  it('refuses the NGSI-LD Null as a datasetId even when updating', () => {
    refused(() => parseAttributes({ a: { value: 1, datasetId: NGSI_NULL } }, terms, { allowNull: true }));
  });
});

describe('parseAttribute (replace)', () => {
  it('parses a whole attribute, short or expanded name, into its instances', () => {
    assert.deepEqual(parseAttribute('speed', { type: 'Property', value: 3 }, terms), [
      { type: 'Property', value: 3 },
    ]);
    assert.deepEqual(parseAttribute(`${V}speed`, 3, terms), [{ type: 'Property', value: 3 }]);
    assert.equal(
      parseAttribute('speed', [{ value: 3 }, { value: 4, datasetId: 'urn:d:1' }], terms).length,
      2,
    );
  });

  it('refuses an invalid attribute name, an incomplete attribute and a non-GeoProperty location', () => {
    refused(() => parseAttribute('bad name', 3, terms));
    refused(() => parseAttribute('speed', { type: 'Property' }, terms));
    refused(() => parseAttribute('location', { type: 'Property', value: 1 }, terms));
  });
});

describe('parseAttribute (partial update)', () => {
  it('returns only the members the body gives, without inventing a type', () => {
    assert.deepEqual(parseAttribute('speed', { value: 90 }, terms, { partial: true }), [{ value: 90 }]);
    assert.deepEqual(
      parseAttribute('speed', { observedAt: '2024-05-01T10:00:00+02:00' }, terms, { partial: true }),
      [{ observedAt: '2024-05-01T08:00:00.000Z' }],
    );
    assert.deepEqual(
      parseAttribute('speed', { type: 'Property', value: 1, unitCode: 'KMH' }, terms, { partial: true }),
      [{ type: 'Property', value: 1, unitCode: 'KMH' }],
    );
  });

  it('checks members against the stored type when the service passes it', () => {
    const opts = { partial: true, existingType: 'GeoProperty' } as const;
    refused(() => parseAttribute('area', { value: { type: 'Point', coordinates: [1] } }, terms, opts));
    refused(() => parseAttribute('r', { value: 3 }, terms, { partial: true, existingType: 'Relationship' }));
    assert.deepEqual(
      parseAttribute('r', { object: 'urn:x:2' }, terms, { partial: true, existingType: 'Relationship' }),
      [{ object: 'urn:x:2' }],
    );
  });

  it('checks the geometry of location even when neither the body nor the service gives the type', () => {
    refused(() => parseAttribute('location', { value: 'here' }, terms, { partial: true }));
  });

  it('allows the NGSI-LD Null unless told otherwise', () => {
    assert.deepEqual(parseAttribute('speed', { value: NGSI_NULL }, terms, { partial: true }), [
      { value: NGSI_NULL },
    ]);
    refused(() => parseAttribute('speed', { value: NGSI_NULL }, terms, { partial: true, allowNull: false }));
  });

  it('refuses an empty fragment, a non-object body and an unknown type', () => {
    refused(() => parseAttribute('speed', {}, terms, { partial: true }));
    refused(() => parseAttribute('speed', 3, terms, { partial: true }));
    refused(() => parseAttribute('speed', { type: 'Number', value: 3 }, terms, { partial: true }));
  });
});

describe('parseEntity for merge', () => {
  it('accepts a fragment without id and type, and reads a Null scope as an empty scope', () => {
    const e = parseEntity({ scope: NGSI_NULL, a: NGSI_NULL }, terms, {
      requireId: false,
      requireType: false,
      allowNull: true,
    });
    assert.deepEqual(e, {
      id: '',
      types: [],
      scope: [],
      attrs: { [`${V}a`]: [{ type: 'Property', value: NGSI_NULL }] },
    });
  });
});
