import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../../kernel/index.js';
import { parseAttrList, parseIdList, parseScopeQ, parseTypeExpr } from './index.js';
import type { ScopeExpr, TypeExpr } from './index.js';

function rejects(run: () => unknown, code: string, position?: number): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(isDothiError(err), String(err));
    assert.equal(err.code, code, err.message);
    if (position !== undefined) assert.equal(err.extra.position, position, err.message);
    return true;
  });
}

function showType(e: TypeExpr): string {
  return e.kind === 'type' ? e.name : `${e.kind}(${e.items.map(showType).join(', ')})`;
}

function showScope(e: ScopeExpr): string {
  if (e.kind !== 'scope') return `${e.kind}(${e.items.map(showScope).join(', ')})`;
  return `[${e.levels.join(' ')}${e.descendants ? ' #' : ''}]`;
}

describe('parseTypeExpr', () => {
  it('reads one type, a term or an IRI', () => {
    assert.equal(showType(parseTypeExpr('Building')), 'Building');
    assert.equal(
      showType(parseTypeExpr('https://example.org/ns#Building')),
      'https://example.org/ns#Building',
    );
  });

  it('reads , and | as OR and ; as AND, AND binding tighter', () => {
    assert.equal(showType(parseTypeExpr('A,B')), 'or(A, B)');
    assert.equal(showType(parseTypeExpr('A|B;C')), 'or(A, and(B, C))');
    assert.equal(showType(parseTypeExpr('(A,B);C')), 'and(or(A, B), C)');
  });

  it('refuses empty names and unbalanced parentheses', () => {
    rejects(() => parseTypeExpr('A,,B'), 'BAD_REQUEST_DATA', 2);
    rejects(() => parseTypeExpr('(A;B'), 'BAD_REQUEST_DATA', 0);
    rejects(() => parseTypeExpr('A)'), 'BAD_REQUEST_DATA', 1);
    rejects(() => parseTypeExpr(''), 'BAD_REQUEST_DATA', 0);
  });
});

describe('parseScopeQ', () => {
  it('reads scopes, + levels and # descendants', () => {
    assert.equal(showScope(parseScopeQ('/Madrid/Gardens')), '[Madrid Gardens]');
    assert.equal(showScope(parseScopeQ('/Madrid/#')), '[Madrid #]');
    assert.equal(showScope(parseScopeQ('/#')), '[ #]');
    assert.equal(showScope(parseScopeQ('/Madrid/+/Park')), '[Madrid + Park]');
  });

  it('reads , and | as OR and ; as AND, with parentheses', () => {
    assert.equal(showScope(parseScopeQ('/a,/b;/c')), 'or([a], and([b], [c]))');
    assert.equal(showScope(parseScopeQ('(/a|/b);/c/#')), 'and(or([a], [b]), [c #])');
  });

  it('refuses scopes without a leading slash, empty levels, # before the end', () => {
    rejects(() => parseScopeQ('Madrid'), 'BAD_REQUEST_DATA', 0);
    rejects(() => parseScopeQ('/a//b'), 'BAD_REQUEST_DATA', 3);
    rejects(() => parseScopeQ('/a/'), 'BAD_REQUEST_DATA', 3);
    rejects(() => parseScopeQ('/#/a'), 'BAD_REQUEST_DATA', 2);
    rejects(() => parseScopeQ('/a,'), 'BAD_REQUEST_DATA', 3);
  });
});

describe('parseIdList', () => {
  it('reads a comma list of URIs, dropping duplicates', () => {
    assert.deepEqual(parseIdList('urn:ngsi-ld:A:1,urn:ngsi-ld:A:2,urn:ngsi-ld:A:1'), [
      'urn:ngsi-ld:A:1',
      'urn:ngsi-ld:A:2',
    ]);
  });

  it('refuses empty items and non-URIs, at their position', () => {
    rejects(() => parseIdList('urn:a:1,,urn:a:2'), 'BAD_REQUEST_DATA', 8);
    rejects(() => parseIdList('urn:a:1,plain'), 'BAD_REQUEST_DATA', 8);
  });

  it('refuses more than 1000 ids as too complex', () => {
    rejects(
      () => parseIdList(Array.from({ length: 1001 }, (_, i) => `urn:a:${i}`).join(',')),
      'TOO_COMPLEX_QUERY',
    );
  });
});

describe('parseAttrList', () => {
  it('reads names, compact and full IRIs, and id/type for pick and omit', () => {
    assert.deepEqual(parseAttrList('id,type,name,ex:speed,https://example.org/a'), [
      'id',
      'type',
      'name',
      'ex:speed',
      'https://example.org/a',
    ]);
  });

  it('refuses empty items and names with separators or quotes', () => {
    rejects(() => parseAttrList('a,'), 'BAD_REQUEST_DATA', 2);
    rejects(() => parseAttrList('a,b;c'), 'BAD_REQUEST_DATA', 2);
    rejects(() => parseAttrList('"a"'), 'BAD_REQUEST_DATA', 0);
  });
});
