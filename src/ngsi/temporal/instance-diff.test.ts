import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityChange } from '../entity/entity-deps.js';
import type { AttrInstance, StoredEntity } from '../entity/model.js';
import { instanceEvents, instanceJson } from './instance-diff.js';

const T = 'https://example.org/temperature';
const entity = (attrs: Record<string, AttrInstance[]>): StoredEntity => ({
  id: 'urn:x:1',
  types: ['https://example.org/Sensor'],
  createdAt: '2026-01-01T00:00:00.000Z',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  attrs,
});
const prop = (value: unknown, more: Partial<AttrInstance> = {}): AttrInstance => ({
  type: 'Property',
  value,
  ...more,
});
const change = (kind: EntityChange['kind'], before?: StoredEntity, after?: StoredEntity): EntityChange => ({
  tenant: '',
  id: 'urn:x:1',
  kind,
  before,
  after,
  attrs: [T],
});

describe('instance events of an entity change', () => {
  it('a created attribute is one new instance', () => {
    const events = instanceEvents(change('created', undefined, entity({ [T]: [prop(1)] })));
    assert.deepEqual(events, [{ attr: T, instance: prop(1), removed: undefined }]);
  });

  it('an unchanged value is no event even when its system dates moved', () => {
    const before = entity({ [T]: [prop(1, { modifiedAt: 'a' })] });
    const after = entity({ [T]: [prop(1, { modifiedAt: 'b' })] });
    assert.deepEqual(instanceEvents(change('updated', before, after)), []);
  });

  it('a new observedAt on the same value is a new instance', () => {
    const before = entity({ [T]: [prop(1, { observedAt: '2026-01-01T00:00:00Z' })] });
    const after = entity({ [T]: [prop(1, { observedAt: '2026-01-01T00:01:00Z' })] });
    assert.equal(instanceEvents(change('updated', before, after)).length, 1);
  });

  it('only the datasetId that changed is a new instance', () => {
    const before = entity({ [T]: [prop(1), prop(2, { datasetId: 'urn:ds:a' })] });
    const after = entity({ [T]: [prop(1), prop(3, { datasetId: 'urn:ds:a' })] });
    const events = instanceEvents(change('updated', before, after));
    assert.deepEqual(
      events.map((e) => e.instance?.datasetId),
      ['urn:ds:a'],
    );
  });

  it('a removed instance and a deleted entity are deletions', () => {
    const before = entity({ [T]: [prop(1), prop(2, { datasetId: 'urn:ds:a' })] });
    const events = instanceEvents(change('updated', before, entity({ [T]: [prop(1)] })));
    assert.deepEqual(
      events.map((e) => [e.instance, e.removed?.datasetId]),
      [[undefined, 'urn:ds:a']],
    );
    assert.equal(instanceEvents(change('deleted', before, undefined)).filter((e) => e.removed).length, 2);
  });

  it('canonical JSON ignores member order', () => {
    assert.equal(instanceJson({ b: 1, a: { d: 2, c: 3 } }), instanceJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});
