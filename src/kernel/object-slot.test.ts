import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectSlot } from './object-slot.js';

describe('objectSlot', () => {
  it('keeps a value per object, apart from every other slot', () => {
    const a = objectSlot<object, string>('a');
    const b = objectSlot<object, string>('a');
    const x = {};
    const y: unknown[] = [];
    assert.equal(a.get(x), undefined);
    a.set(x, 'one');
    a.set(y, 'list');
    b.set(x, 'other');
    assert.equal(a.get(x), 'one');
    assert.equal(a.get(y), 'list');
    assert.equal(b.get(x), 'other');
    assert.equal(b.get(y), undefined);
    a.set(x, 'two');
    assert.equal(a.get(x), 'two');
    a.take(x);
    assert.equal(a.get(x), undefined);
    assert.equal(b.get(x), 'other');
  });

  it('is invisible to keys, JSON, structured clone and spread: a copy does not inherit the value', () => {
    const slot = objectSlot<object, string>('text');
    const state = { id: 'urn:x', attrs: { a: [1] } };
    slot.set(state, 'the text of this state');
    assert.deepEqual(Object.keys(state), ['id', 'attrs']);
    assert.deepEqual(
      Reflect.ownKeys(state).filter((k) => typeof k === 'string'),
      ['id', 'attrs'],
    );
    assert.equal(JSON.stringify(state), '{"id":"urn:x","attrs":{"a":[1]}}');
    const keys: string[] = [];
    for (const k in state) keys.push(k);
    assert.deepEqual(keys, ['id', 'attrs']);
    assert.equal(slot.get({ ...state }), undefined);
    assert.equal(slot.get(Object.assign({}, state)), undefined);
    assert.equal(slot.get(structuredClone(state)), undefined);
    const list = [1, 2];
    slot.set(list, '[1,2]');
    assert.equal(slot.get([...list]), undefined);
    assert.equal(slot.get(list.slice()), undefined);
    assert.deepEqual(structuredClone(list), [1, 2]);
  });

  it('works on frozen objects, set before or after they were frozen', () => {
    const slot = objectSlot<object, number>('n');
    const early = { a: 1 };
    slot.set(early, 1);
    Object.freeze(early);
    assert.equal(slot.get(early), 1);
    slot.set(early, 2);
    assert.equal(slot.get(early), 2);
    const late = Object.freeze({ b: 1 });
    assert.equal(slot.get(late), undefined);
    slot.set(late, 3);
    assert.equal(slot.get(late), 3);
    slot.take(late);
    assert.equal(slot.get(late), undefined);
    assert.ok(Object.isFrozen(late));
  });
});
