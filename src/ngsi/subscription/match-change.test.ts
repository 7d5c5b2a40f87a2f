import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityChange } from '../entity/entity-deps.js';
import type { StoredEntity } from '../entity/model.js';
import { triggersOf } from './match-change.js';

const T = 'https://example.org/';
const entity = (attrs: string[]): StoredEntity => ({
  id: 'urn:ngsi-ld:Room:1',
  types: [`${T}Room`],
  createdAt: '2026-01-01T00:00:00.000Z',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  attrs: Object.fromEntries(attrs.map((a) => [`${T}${a}`, [{ type: 'Property', value: 1 }]])),
});

const change = (
  kind: EntityChange['kind'],
  before: string[] | undefined,
  after: string[] | undefined,
  attrs: string[],
) =>
  ({
    tenant: '',
    id: 'urn:ngsi-ld:Room:1',
    kind,
    before: before === undefined ? undefined : entity(before),
    after: after === undefined ? undefined : entity(after),
    attrs: attrs.map((a) => `${T}${a}`),
  }) satisfies EntityChange;

describe('notification triggers of an entity change', () => {
  it('fires entityCreated and attributeCreated for a new entity', () => {
    assert.deepEqual(
      [...triggersOf(change('created', undefined, ['a'], ['a']), undefined)],
      ['entityCreated', 'attributeCreated'],
    );
  });

  it('tells created, updated and deleted attributes apart in an update', () => {
    const fired = triggersOf(change('updated', ['a', 'b'], ['a', 'c'], ['a', 'b', 'c']), undefined);
    assert.deepEqual([...fired].sort(), [
      'attributeCreated',
      'attributeDeleted',
      'attributeUpdated',
      'entityUpdated',
    ]);
  });

  it('fires nothing when no watched attribute was touched', () => {
    assert.equal(triggersOf(change('updated', ['a', 'b'], ['a', 'b'], ['b']), new Set([`${T}a`])).size, 0);
  });

  it('fires entityDeleted for a deleted entity', () => {
    assert.deepEqual(
      [...triggersOf(change('deleted', ['a'], undefined, ['a']), undefined)],
      ['entityDeleted'],
    );
  });
});
