import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidName, validateAttributeName } from './validate-name.js';
import { isValidScope } from './validate-scope.js';

describe('isValidName', () => {
  it('accepts terms, compact IRIs and IRIs', () => {
    for (const n of ['speed', 'N-TOT', 'total_2', 'nhiệtĐộ', 'schema:name', 'https://schema.org/name#x']) {
      assert.ok(isValidName(n), n);
    }
  });

  it('refuses empty names, white space, forbidden characters and JSON-LD keywords', () => {
    for (const n of [
      '',
      ' a',
      'a b',
      'a<',
      'a>',
      'a"',
      "a'",
      'a=',
      'a;',
      'a(',
      'a)',
      'a{',
      'a|',
      '@id',
      'a\u0000',
    ]) {
      assert.ok(!isValidName(n), JSON.stringify(n));
    }
    assert.equal(typeof validateAttributeName('a b'), 'string');
    assert.equal(validateAttributeName('ab'), undefined);
  });
});

describe('isValidScope', () => {
  it('accepts /level(/level)* and refuses anything else', () => {
    for (const s of ['/a', '/Hà_Nội/Hoàn-Kiếm', '/a/b/c1']) assert.ok(isValidScope(s), s);
    for (const s of ['', '/', 'a', 'a/b', '/a/', '//a', '/a/#', '/a/+', '/a b'])
      assert.ok(!isValidScope(s), s);
  });
});
