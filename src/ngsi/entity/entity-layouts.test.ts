import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { layoutDelta } from './entity-layouts.js';
import type { StoredEntity } from './model.js';

const T = '2024-01-01T00:00:00Z';
const entity = (types: string[], attrs: Record<string, string>): StoredEntity => ({
  id: 'urn:x:1',
  types,
  createdAt: T,
  modifiedAt: T,
  attrs: Object.fromEntries(
    Object.entries(attrs).map(([name, type]) => [name, [{ type, value: 1 } as never]]),
  ),
});
const counts = (delta: Map<string, number>) => Object.fromEntries(delta);

describe('entity layout changes', () => {
  it('counts a created entity in the layout of its sorted types and attributes', () => {
    const created = entity(['urn:B', 'urn:A'], { speed: 'Property', owner: 'Relationship' });
    assert.deepEqual(counts(layoutDelta(undefined, created)), {
      'urn:A urn:B\nowner Relationship\nspeed Property': 1,
    });
    assert.deepEqual(counts(layoutDelta(created, undefined)), {
      'urn:A urn:B\nowner Relationship\nspeed Property': -1,
    });
    assert.deepEqual(counts(layoutDelta(undefined, entity(['urn:A'], {}))), { 'urn:A': 1 });
  });

  it('changes nothing for a change of values, and moves the entity for a change of layout', () => {
    const before = entity(['urn:A'], { speed: 'Property', owner: 'Relationship' });
    const values = entity(['urn:A'], { speed: 'Property', owner: 'Relationship' });
    assert.equal(layoutDelta(before, values, ['speed']).size, 0);
    assert.equal(layoutDelta(before, values).size, 0);
    assert.deepEqual(counts(layoutDelta(before, entity(['urn:A'], { speed: 'Property' }), ['owner'])), {
      'urn:A\nowner Relationship\nspeed Property': -1,
      'urn:A\nspeed Property': 1,
    });
    assert.deepEqual(
      counts(layoutDelta(before, entity(['urn:A'], { speed: 'Property', owner: 'Property' }), ['owner'])),
      { 'urn:A\nowner Relationship\nspeed Property': -1, 'urn:A\nowner Property\nspeed Property': 1 },
    );
    assert.deepEqual(
      counts(layoutDelta(before, entity(['urn:C'], { speed: 'Property', owner: 'Relationship' }), [])),
      { 'urn:A\nowner Relationship\nspeed Property': -1, 'urn:C\nowner Relationship\nspeed Property': 1 },
    );
  });
});
