import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../../kernel/index.js';
import { compactTypeExpr, expandTypeExpr, typeMatcher } from './type-selector.js';

const ex = (t: string) => `https://example.org/${t}`;
const unex = (iri: string) => iri.replace('https://example.org/', '');

describe('type expressions of entity selectors', () => {
  it('expands every name and compacts back to an equivalent expression', () => {
    const stored = expandTypeExpr('(A;B)|C,D', ex);
    assert.equal(stored, `(${ex('A')};${ex('B')}),${ex('C')},${ex('D')}`);
    assert.equal(compactTypeExpr(stored, unex), '(A;B),C,D');
    assert.equal(expandTypeExpr('A;(B,C)', ex), `${ex('A')};(${ex('B')},${ex('C')})`);
  });

  it('keeps a plain type name a plain IRI', () => {
    assert.equal(expandTypeExpr('Room', ex), ex('Room'));
    assert.equal(
      expandTypeExpr(ex('Room'), (t) => t),
      ex('Room'),
    );
  });

  it('matches AND, OR and groups against the types of an entity', () => {
    const m = typeMatcher(expandTypeExpr('(A;B),C', ex));
    assert.equal(m([ex('A'), ex('B')]), true);
    assert.equal(m([ex('A')]), false);
    assert.equal(m([ex('C')]), true);
    assert.equal(m([ex('B'), ex('D')]), false);
    const and = typeMatcher(expandTypeExpr('A;(B|C)', ex));
    assert.equal(and([ex('A'), ex('C')]), true);
    assert.equal(and([ex('B'), ex('C')]), false);
  });

  it('refuses a malformed expression and a name that expands to an IRI with a separator', () => {
    const bad = (f: () => unknown) =>
      assert.throws(f, (e: unknown) => isDothiError(e) && e.code === 'BAD_REQUEST_DATA');
    bad(() => expandTypeExpr('(A;B', ex));
    bad(() => expandTypeExpr('A;;B', ex));
    bad(() => expandTypeExpr('A', () => 'https://example.org/a;b'));
  });
});
