import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, sameJson, sortNames } from './canonical-json.js';

/** The reference: JSON.stringify of a copy whose objects have sorted, non-integer-like keys. */
function reference(v: unknown, omit?: ReadonlySet<string>): string {
  return (
    JSON.stringify(v, (key, x: unknown) => {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) if (!omit?.has(k)) out[k] = (x as Record<string, unknown>)[k];
      return out;
    }) ?? 'null'
  );
}

/** A small seeded generator of JSON-like values, undefined members and odd numbers included. */
function generator(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.4)
      return pick([0, -0, 1.5, 1e21, NaN, Infinity, 'a', 'é"\n', '', true, false, null, undefined]);
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--)
      o[pick(['b', 'a', 'createdAt', 'zz', 'B', 'value'])] = value(depth + 1);
    return o;
  };
  return value;
}

describe('canonical JSON', () => {
  it('writes what JSON.stringify writes, with members sorted by name', () => {
    const value = generator(7);
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      assert.equal(canonicalJson(v), reference(v));
    }
  });

  it('sorts member names as the built-in sort does, short lists and long ones', () => {
    const value = generator(3);
    const alphabet = ['a', 'B', 'b', 'é', '😀', 'Z', 'createdAt', 'value', '', 'aa', '10', '9'];
    for (let n = 0; n < 40; n++) {
      const names = [
        ...new Set(
          Array.from({ length: n }, (_, i) => `${alphabet[i % alphabet.length]}${String(value(9))}`),
        ),
      ];
      const expected = [...names].sort();
      sortNames(names);
      assert.deepEqual(names, expected);
    }
  });

  it('gives one text whatever the order members were written in, and can leave members out', () => {
    const a = { type: 'Property', value: { y: 2, x: [1, { q: null, p: 'v' }] }, createdAt: 't1' };
    const b = { createdAt: 't2', value: { x: [1, { p: 'v', q: null }], y: 2 }, type: 'Property' };
    assert.notEqual(canonicalJson(a), canonicalJson(b));
    const omit = new Set(['createdAt']);
    assert.equal(canonicalJson(a, omit), canonicalJson(b, omit));
    assert.equal(canonicalJson(a, omit), '{"type":"Property","value":{"x":[1,{"p":"v","q":null}],"y":2}}');
  });

  it('compares values exactly as their texts compare, without writing them', () => {
    const value = generator(11);
    const omit = new Set(['createdAt']);
    let equal = 0;
    for (let i = 0; i < 4000; i++) {
      const a = value(0);
      const b = i % 3 === 0 ? structuredClone(a) : value(0);
      const expected = canonicalJson(a, omit) === canonicalJson(b, omit);
      if (expected) equal++;
      assert.equal(sameJson(a, b, omit), expected, `${canonicalJson(a)} vs ${canonicalJson(b)}`);
    }
    assert.ok(equal > 1000, 'the generator gives equal pairs too');
  });

  it('tells a member that is null from one that is absent', () => {
    assert.equal(sameJson({ a: null }, { a: undefined }), false);
    assert.equal(sameJson({ a: undefined }, {}), true);
    assert.equal(sameJson([undefined], [null]), true);
  });
});
