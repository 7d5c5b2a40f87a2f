import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../kernel/index.js';
import { entityDocument, type ValueRow } from './entity-repo.js';
import { valueEdits } from './value-edits.js';
import type { StoredEntity } from './model.js';

const row = (path: string, str: string | null, num: number | null): ValueRow => ({ path, str, num });

describe('valueEdits', () => {
  it('writes nothing when the rows are the same', () => {
    const rows = [row('a', null, 1), row('b', 'x', null)];
    assert.deepEqual(valueEdits(rows, [...rows]), { moved: [], stale: [], fresh: [] });
  });

  it('updates in place only the row whose value changed', () => {
    const r = valueEdits([row('a', null, 1), row('b', 'x', null)], [row('a', null, 2), row('b', 'x', null)]);
    assert.deepEqual(r, {
      moved: [{ from: row('a', null, 1), to: row('a', null, 2) }],
      stale: [],
      fresh: [],
    });
  });

  it('moves a value from number to text within the same path', () => {
    const r = valueEdits([row('a', null, 1)], [row('a', 'one', null)]);
    assert.deepEqual(r, {
      moved: [{ from: row('a', null, 1), to: row('a', 'one', null) }],
      stale: [],
      fresh: [],
    });
  });

  it('rewrites every copy of a row whose count changed', () => {
    const r = valueEdits([row('a', 'x', null), row('a', 'x', null)], [row('a', 'x', null)]);
    assert.deepEqual(r, { moved: [], stale: [row('a', 'x', null)], fresh: [row('a', 'x', null)] });
  });

  it('adds rows of new attributes and removes rows of deleted ones', () => {
    const r = valueEdits([row('a', null, 1)], [row('b', null, 1)]);
    assert.deepEqual(r, { moved: [], stale: [row('a', null, 1)], fresh: [row('b', null, 1)] });
  });

  it('pairs as many changed rows of a path as it can and deletes or inserts the rest', () => {
    const r = valueEdits([row('a', null, 1), row('a', null, 2)], [row('a', null, 3)]);
    assert.equal(r.moved.length, 1);
    assert.equal(r.stale.length, 1);
    assert.deepEqual(r.fresh, []);
    const back = valueEdits([row('a', null, 3)], [row('a', null, 1), row('a', null, 2)]);
    assert.equal(back.moved.length, 1);
    assert.equal(back.fresh.length, 1);
    assert.deepEqual(back.stale, []);
  });
});

describe('entityDocument', () => {
  const base: StoredEntity = {
    id: 'urn:ngsi-ld:T:1',
    types: ['https://example.org/T'],
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    attrs: {
      'https://example.org/b': [{ type: 'Property', value: { z: 1, a: [2, 'x'] }, unitCode: 'CEL' }],
      'https://example.org/a': [
        { type: 'Relationship', object: 'urn:x', datasetId: 'urn:d:1' },
        { type: 'Property', value: 'ü "quoted"' },
      ],
    },
  };

  it('is the canonical JSON of the state, whatever lists it shares with another', () => {
    assert.equal(entityDocument(base), canonicalJson(base));
    const next: StoredEntity = {
      ...base,
      scope: ['/a/b'],
      modifiedAt: '2026-01-02T00:00:00.000Z',
      attrs: { ...base.attrs, 'https://example.org/c': [{ type: 'Property', value: null }] },
    };
    assert.equal(entityDocument(next), canonicalJson(next));
    const fewer: StoredEntity = {
      ...next,
      attrs: { 'https://example.org/b': base.attrs['https://example.org/b']! },
    };
    assert.equal(entityDocument(fewer), canonicalJson(fewer));
    const empty: StoredEntity = { ...base, attrs: {} };
    assert.equal(entityDocument(empty), canonicalJson(empty));
    JSON.parse(entityDocument(next));
  });

  it('writes a state with members of its own as canonical JSON too', () => {
    const odd = { ...base, Extra: 1, attrs: { ...base.attrs } } as unknown as StoredEntity;
    assert.equal(entityDocument(odd), canonicalJson(odd));
  });
});
