import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../../kernel/index.js';
import { parseQ } from './index.js';
import type { QCompare, QExpr, QPattern, QTerm } from './index.js';

function rejects(text: string, code: string, position?: number): void {
  assert.throws(
    () => parseQ(text),
    (err: unknown) => {
      assert.ok(isDothiError(err), `not a DothiError: ${String(err)}`);
      assert.equal(err.code, code, `${text}: ${err.message}`);
      if (position !== undefined) assert.equal(err.extra.position, position, `${text}: ${err.message}`);
      return true;
    },
  );
}

const term = (text: string): QTerm => {
  const e = parseQ(text);
  assert.ok(e.kind !== 'and' && e.kind !== 'or');
  return e;
};
const compare = (text: string): QCompare => {
  const t = term(text);
  assert.equal(t.kind, 'compare');
  return t as QCompare;
};

/** A compact rendering of the tree, to assert structure and precedence. */
function show(e: QExpr): string {
  if (e.kind === 'and' || e.kind === 'or') return `${e.kind}(${e.items.map(show).join(', ')})`;
  if (e.kind === 'exists') return `${e.negated ? '!' : ''}${e.path.text}`;
  if (e.kind === 'pattern') return `${e.path.text}${e.negated ? '!~=' : '~='}${e.pattern}`;
  return `${e.path.text}${e.op}${JSON.stringify(e.value)}`;
}

describe('parseQ', () => {
  it('reads an attribute alone as an existence test', () => {
    const t = term('temperature');
    assert.deepEqual(t, {
      kind: 'exists',
      path: { names: ['temperature'], keys: [], text: 'temperature', position: 0 },
      negated: false,
    });
  });

  it('reads every comparison operator', () => {
    for (const op of ['==', '!=', '>=', '>', '<=', '<'] as const) {
      const t = compare(`speed${op}5`);
      assert.equal(t.op, op);
      assert.deepEqual(t.value, { kind: 'number', value: 5 });
    }
  });

  it('reads negative numbers, decimals and exponents', () => {
    assert.deepEqual(compare('a==-5').value, { kind: 'number', value: -5 });
    assert.deepEqual(compare('a>=1.25').value, { kind: 'number', value: 1.25 });
    assert.deepEqual(compare('a<-1.5e-3').value, { kind: 'number', value: -0.0015 });
    assert.deepEqual(compare('a==2E3').value, { kind: 'number', value: 2000 });
  });

  it('reads booleans, and quoted strings that look like numbers or booleans stay strings', () => {
    assert.deepEqual(compare('a==true').value, { kind: 'boolean', value: true });
    assert.deepEqual(compare('a!=false').value, { kind: 'boolean', value: false });
    assert.deepEqual(compare('a=="42"').value, { kind: 'string', value: '42' });
    assert.deepEqual(compare('a=="true"').value, { kind: 'string', value: 'true' });
  });

  it('reads quoted strings with escaped quotes and the separators ;|,() inside', () => {
    assert.deepEqual(compare('name=="say \\"hi\\"; a|b, (c)"').value, {
      kind: 'string',
      value: 'say "hi"; a|b, (c)',
    });
    assert.deepEqual(compare('name=="back\\\\slash"').value, { kind: 'string', value: 'back\\slash' });
    assert.equal(
      show(parseQ('a=="x;y"|b=="(z)"')),
      'or(a=={"kind":"string","value":"x;y"}, b=={"kind":"string","value":"(z)"})',
    );
  });

  it('reads URIs with colons, slashes and hashes as URI values', () => {
    assert.deepEqual(compare('rel==urn:ngsi-ld:Building:B1').value, {
      kind: 'uri',
      value: 'urn:ngsi-ld:Building:B1',
    });
    assert.deepEqual(compare('rel==https://example.org/a/b#frag').value, {
      kind: 'uri',
      value: 'https://example.org/a/b#frag',
    });
  });

  it('reads date-times (with their instant), dates and times', () => {
    assert.deepEqual(compare('a.observedAt>2024-01-02T03:04:05Z').value, {
      kind: 'dateTime',
      value: '2024-01-02T03:04:05Z',
      ms: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    assert.deepEqual(compare('a<2024-01-02T03:04:05.250+02:00').value, {
      kind: 'dateTime',
      value: '2024-01-02T03:04:05.250+02:00',
      ms: Date.UTC(2024, 0, 2, 1, 4, 5, 250),
    });
    assert.deepEqual(compare('a==2024-01-02').value, { kind: 'date', value: '2024-01-02' });
    assert.deepEqual(compare('a>=12:30:00Z').value, { kind: 'time', value: '12:30:00Z' });
  });

  it('reads a date-time whose + offset was form-decoded to a space', () => {
    assert.deepEqual(compare('a>2024-01-02T03:04:05 02:00').value, {
      kind: 'dateTime',
      value: '2024-01-02T03:04:05+02:00',
      ms: Date.UTC(2024, 0, 2, 1, 4, 5),
    });
  });

  it('reads unquoted words as terms', () => {
    assert.deepEqual(compare('category==commercial').value, { kind: 'term', value: 'commercial' });
  });

  it('reads ranges of numbers, strings and date-times', () => {
    assert.deepEqual(compare('a==1..5').value, {
      kind: 'range',
      min: { kind: 'number', value: 1 },
      max: { kind: 'number', value: 5 },
    });
    assert.deepEqual(compare('a!=-1.5..2.5').value, {
      kind: 'range',
      min: { kind: 'number', value: -1.5 },
      max: { kind: 'number', value: 2.5 },
    });
    assert.deepEqual(compare('a=="a".."m"').value, {
      kind: 'range',
      min: { kind: 'string', value: 'a' },
      max: { kind: 'string', value: 'm' },
    });
    const r = compare('a==2024-01-01T00:00:00Z..2024-02-01T00:00:00Z').value;
    assert.equal(r.kind, 'range');
  });

  it('reads value lists of mixed literals', () => {
    assert.deepEqual(compare('a==1,"two",true,urn:x:3').value, {
      kind: 'list',
      items: [
        { kind: 'number', value: 1 },
        { kind: 'string', value: 'two' },
        { kind: 'boolean', value: true },
        { kind: 'uri', value: 'urn:x:3' },
      ],
    });
  });

  it('reads sub-attribute and metadata paths', () => {
    assert.deepEqual(compare('temperature.accuracy<0.5').path.names, ['temperature', 'accuracy']);
    assert.deepEqual(compare('a.b.c==1').path.names, ['a', 'b', 'c']);
    assert.deepEqual(compare('temperature.observedAt>2024-01-01T00:00:00Z').path.names, [
      'temperature',
      'observedAt',
    ]);
  });

  it('reads compound paths in both the [x.y] and [x][y] forms, after sub-attributes too', () => {
    for (const text of ['address[street.name]=="Main"', 'address[street][name]=="Main"']) {
      const p = compare(text).path;
      assert.deepEqual([p.names, p.keys], [['address'], ['street', 'name']]);
    }
    const p = compare('a.b[x]==1').path;
    assert.deepEqual([p.names, p.keys], [['a', 'b'], ['x']]);
  });

  it('reads full IRIs and compact IRIs as attribute names', () => {
    assert.deepEqual(compare('https://example.org/ns/speed>5').path.names, ['https://example.org/ns/speed']);
    assert.deepEqual(compare('ex:speed.ex:accuracy>5').path.names, ['ex:speed', 'ex:accuracy']);
  });

  it('reads patterns, quoted or raw, with parentheses and classes inside', () => {
    const p = term('name~="^Ma(in|rk)"') as QPattern;
    assert.deepEqual([p.kind, p.negated, p.pattern], ['pattern', false, '^Ma(in|rk)']);
    const raw = term('name!~=^a(b|c)[;)]d$') as QPattern;
    assert.deepEqual([raw.negated, raw.pattern], [true, '^a(b|c)[;)]d$']);
    assert.equal(show(parseQ('(name~=^x.*)|b')), 'or(name~=^x.*, b)');
    assert.equal((term('name~="(?i)main"') as QPattern).pattern, '(?i)main');
  });

  it('gives AND precedence over OR', () => {
    assert.equal(show(parseQ('a|b;c')), 'or(a, and(b, c))');
    assert.equal(show(parseQ('a;b|c')), 'or(and(a, b), c)');
    const e = parseQ('a==1|b==2;c==3');
    assert.equal(e.kind, 'or');
    assert.equal(e.kind === 'or' && e.items[1]?.kind, 'and');
  });

  it('groups with nested parentheses', () => {
    assert.equal(show(parseQ('(a|b);c')), 'and(or(a, b), c)');
    assert.equal(show(parseQ('((a;(b|c)))|d')), 'or(and(a, or(b, c)), d)');
  });

  it('skips white space between tokens', () => {
    assert.equal(show(parseQ(' a == 1 ; ( b | c ) ')), show(parseQ('a==1;(b|c)')));
  });

  it('reads !attr as non-existence', () => {
    assert.deepEqual(term('!a'), {
      kind: 'exists',
      path: { names: ['a'], keys: [], text: 'a', position: 1 },
      negated: true,
    });
  });

  it('returns frozen trees', () => {
    const e = parseQ('a==1,2;b.c[x]==1..2');
    assert.ok(Object.isFrozen(e));
    assert.ok(e.kind === 'and' && Object.isFrozen(e.items));
    const t = e.kind === 'and' ? (e.items[0] as QCompare) : undefined;
    assert.ok(
      t !== undefined && Object.isFrozen(t.path) && Object.isFrozen(t.path.names) && Object.isFrozen(t.value),
    );
  });

  describe('refuses', () => {
    it('an unclosed parenthesis, at its position', () => rejects('a;(b|c', 'BAD_REQUEST_DATA', 2));
    it('an unmatched closing parenthesis', () => rejects('a)', 'BAD_REQUEST_DATA', 1));
    it('empty terms', () => {
      rejects('', 'BAD_REQUEST_DATA', 0);
      rejects('a;;b', 'BAD_REQUEST_DATA', 2);
      rejects('a|', 'BAD_REQUEST_DATA', 2);
      rejects('()', 'BAD_REQUEST_DATA', 1);
      rejects(';a', 'BAD_REQUEST_DATA', 0);
    });
    it('a single = and unknown operators', () => {
      rejects('a=1', 'BAD_REQUEST_DATA', 1);
      rejects('a=>1', 'BAD_REQUEST_DATA', 1);
      rejects('a~1', 'BAD_REQUEST_DATA', 1);
    });
    it('an unterminated string, at its opening quote', () => rejects('a==1;b=="abc', 'BAD_REQUEST_DATA', 8));
    it('bad ranges', () => {
      rejects('a==1..', 'BAD_REQUEST_DATA');
      rejects('a==1.."z"', 'BAD_REQUEST_DATA', 1);
      rejects('a>1..5', 'BAD_REQUEST_DATA', 1);
      rejects('a==true..false', 'BAD_REQUEST_DATA', 1);
    });
    it('ordering against booleans, URIs, lists', () => {
      rejects('a>true', 'BAD_REQUEST_DATA', 1);
      rejects('a<urn:x:1', 'BAD_REQUEST_DATA', 1);
      rejects('a>=1,2', 'BAD_REQUEST_DATA', 1);
    });
    it('a missing value and unquoted garbage', () => {
      rejects('a==', 'BAD_REQUEST_DATA', 3);
      rejects('a==;b', 'BAD_REQUEST_DATA', 3);
      rejects('a==hello world', 'BAD_REQUEST_DATA', 9);
      rejects('a==@@', 'BAD_REQUEST_DATA', 3);
    });
    it('bad paths', () => {
      rejects('a.==1', 'BAD_REQUEST_DATA', 2);
      rejects('a[]==1', 'BAD_REQUEST_DATA', 2);
      rejects('a[x==1', 'BAD_REQUEST_DATA', 3);
      rejects('==1', 'BAD_REQUEST_DATA', 0);
    });
    it('invalid regular expressions and named groups', () => {
      rejects('a~="("', 'BAD_REQUEST_DATA', 3);
      rejects('a~="(?<n>x)"', 'BAD_REQUEST_DATA', 3);
      rejects('a~="\\p{L}"', 'BAD_REQUEST_DATA', 3);
      rejects('a~=', 'BAD_REQUEST_DATA', 3);
    });
    it('negating anything but existence', () => rejects('!a==1', 'BAD_REQUEST_DATA', 0));
    it('text beyond 8 KB as too complex', () => rejects(`a==${'1'.repeat(9000)}`, 'TOO_COMPLEX_QUERY'));
    it('deep nesting as too complex', () =>
      rejects(`${'('.repeat(40)}a${')'.repeat(40)}`, 'TOO_COMPLEX_QUERY'));
    it('too many terms as too complex', () =>
      rejects(Array.from({ length: 600 }, () => 'a').join(';'), 'TOO_COMPLEX_QUERY'));
  });
});
