import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withMembers } from './with-members.js';

describe('withMembers', () => {
  it('gives what a spread with more members gives: members, order and undefined members alike', () => {
    const source = { type: 'Property', value: 1, createdAt: 'old', [Symbol.for('s')]: 'kept' };
    const made = withMembers(source, { createdAt: 'c', modifiedAt: 'm', gone: undefined });
    const spread = { ...source, createdAt: 'c', modifiedAt: 'm', gone: undefined };
    assert.deepEqual(made, spread);
    assert.deepEqual(Reflect.ownKeys(made), Reflect.ownKeys(spread));
    assert.equal(source.createdAt, 'old', 'the source is left as it was');
  });

  it('copies no non-enumerable member, as a spread copies none', () => {
    const source = { a: 1 };
    Object.defineProperty(source, 'hidden', { value: 2, enumerable: false });
    assert.deepEqual(Object.getOwnPropertyNames(withMembers(source, { b: 3 })), ['a', 'b']);
  });

  it('keeps an own __proto__ member a member, never the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const made = withMembers(parsed, { b: 2 }) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(made), Object.prototype);
    assert.equal(made.polluted, undefined);
    assert.deepEqual(Object.keys(made), ['__proto__', 'a', 'b']);
  });
});
