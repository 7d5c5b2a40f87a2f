import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEntity } from '../entity/model.js';
import { dateTimeMs, indexAttrRows, indexPathsOf, indexRows } from './index.js';

const ex = (t: string) => `https://example.org/${t}`;
const core = (t: string) => `https://uri.etsi.org/ngsi-ld/${t}`;
const T0 = '2024-03-01T10:00:00Z';
const ms0 = Date.UTC(2024, 2, 1, 10);

const entity = (attrs: StoredEntity['attrs'], scope?: string[]): StoredEntity => ({
  id: 'urn:ngsi-ld:T:1',
  types: [ex('T')],
  createdAt: T0,
  modifiedAt: T0,
  attrs,
  ...(scope === undefined ? {} : { scope }),
});

describe('indexRows', () => {
  it('gives numbers num, strings str, booleans str true/false, date-time strings both', () => {
    const rows = indexRows(
      entity({
        [ex('n')]: [{ type: 'Property', value: 21.5 }],
        [ex('s')]: [{ type: 'Property', value: '42' }],
        [ex('b')]: [{ type: 'Property', value: false }],
        [ex('d')]: [{ type: 'Property', value: T0 }],
      }),
    );
    assert.deepEqual(rows, [
      { path: ex('n'), str: null, num: 21.5 },
      { path: ex('s'), str: '42', num: null },
      { path: ex('b'), str: 'false', num: null },
      { path: ex('d'), str: T0, num: ms0 },
    ]);
  });

  it('gives one row per scalar element of an array, and a marker row for objects and empty arrays', () => {
    const rows = indexRows(
      entity({
        [ex('a')]: [{ type: 'Property', value: ['x', 1, { y: 1 }, ['nested']] }],
        [ex('o')]: [{ type: 'Property', value: { street: 'Main' } }],
        [ex('e')]: [{ type: 'Property', value: [] }],
        [ex('j')]: [{ type: 'JsonProperty', json: { any: 1 } }],
      }),
    );
    assert.deepEqual(rows, [
      { path: ex('a'), str: 'x', num: null },
      { path: ex('a'), str: null, num: 1 },
      { path: ex('o'), str: null, num: null },
      { path: ex('e'), str: null, num: null },
      { path: ex('j'), str: null, num: null },
    ]);
  });

  it('reads each attribute type from its own member', () => {
    const rows = indexRows(
      entity({
        [ex('r')]: [{ type: 'Relationship', object: 'urn:x:1' }],
        [ex('v')]: [{ type: 'VocabProperty', vocab: [ex('red'), ex('blue')] }],
        [ex('l')]: [{ type: 'LanguageProperty', languageMap: { en: 'Hello', vi: ['Xin chào', 'Chào'] } }],
        [ex('lp')]: [{ type: 'ListProperty', valueList: [3, 'x'] }],
        [ex('lr')]: [{ type: 'ListRelationship', objectList: ['urn:x:2'] }],
      }),
    );
    assert.deepEqual(
      rows.map((r) => [r.path.slice(20), r.str ?? r.num]),
      [
        ['r', 'urn:x:1'],
        ['v', ex('red')],
        ['v', ex('blue')],
        ['l', 'Hello'],
        ['l', 'Xin chào'],
        ['l', 'Chào'],
        ['lp', 3],
        ['lp', 'x'],
        ['lr', 'urn:x:2'],
      ],
    );
  });

  it('indexes every instance, metadata but observedAt, and sub-attributes under space-separated paths', () => {
    const rows = indexRows(
      entity({
        [ex('t')]: [
          { type: 'Property', value: 20, observedAt: T0, unitCode: 'CEL' },
          {
            type: 'Property',
            value: 21,
            datasetId: 'urn:ds:2',
            sub: {
              [ex('acc')]: {
                type: 'Property',
                value: 0.5,
                sub: { [ex('src')]: { type: 'Property', value: 'lab' } },
              },
            },
          },
        ],
      }),
    );
    assert.deepEqual(rows, [
      { path: ex('t'), str: null, num: 20 },
      { path: `${ex('t')} ${core('unitCode')}`, str: 'CEL', num: null },
      { path: ex('t'), str: null, num: 21 },
      { path: `${ex('t')} ${core('datasetId')}`, str: 'urn:ds:2', num: null },
      { path: `${ex('t')} ${ex('acc')}`, str: null, num: 0.5 },
      { path: `${ex('t')} ${ex('acc')} ${ex('src')}`, str: 'lab', num: null },
    ]);
  });

  it('indexes scopes under the scope IRI', () => {
    assert.deepEqual(indexRows(entity({}, ['/a', '/a/b'])), [
      { path: core('scope'), str: '/a', num: null },
      { path: core('scope'), str: '/a/b', num: null },
    ]);
  });

  it('indexes one attribute alone the same way', () => {
    const instances = [{ type: 'Property' as const, value: 1 }];
    assert.deepEqual(indexAttrRows(ex('a'), instances), indexRows(entity({ [ex('a')]: instances })));
  });

  it('selects the rows of one attribute without LIKE wildcards', () => {
    assert.deepEqual(indexPathsOf('https://x/my_attr'), {
      sql: '(path = ? OR substr(path, 1, ?) = ?)',
      params: ['https://x/my_attr', 18, 'https://x/my_attr '],
    });
  });
});

describe('dateTimeMs', () => {
  it('reads ISO 8601 date-times, UTC when no offset is written', () => {
    assert.equal(dateTimeMs('2024-03-01T10:00:00Z'), ms0);
    assert.equal(dateTimeMs('2024-03-01T10:00:00'), ms0);
    assert.equal(dateTimeMs('2024-03-01T10:00'), ms0);
    assert.equal(dateTimeMs('2024-03-01T12:00:00.000+02:00'), ms0);
  });

  it('ignores other strings', () => {
    for (const s of [
      '2024-03-01',
      'hello',
      '2024-03-01T10:00:00 and more',
      '12:00:00',
      'urn:2024-03-01T10:00',
    ]) {
      assert.equal(dateTimeMs(s), undefined, s);
    }
  });
});
