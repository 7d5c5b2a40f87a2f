import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../../kernel/index.js';
import { postgresDialect, sqliteDialect } from '../../store/index.js';
import {
  compileAttrsExist,
  compileIdPattern,
  compileIds,
  compileQ,
  compileScopeQ,
  compileTypeExpr,
  parseQ,
  parseScopeQ,
  parseTypeExpr,
  type SqlFragment,
} from './index.js';

const expand = (t: string) => (t.includes(':') ? t : `https://example.org/${t}`);

/** `?` outside quoted literals, the way the PostgreSQL placeholder rewriter counts them. */
function placeholderCount(sql: string): number {
  let n = 0;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') n++;
  }
  return n;
}

const userText = 'Zq7_secret';
const queries = [
  `name=="${userText}"`,
  `a.b.observedAt>2024-01-01T00:00:00Z;(x==1..9|y!="${userText}")`,
  `address[street.name]=="${userText}"|address[n]>=3;c[k]!=1,2,"${userText}"`,
  `name~="^${userText}"|!gone;name!~="${userText}$"`,
  `category==${userText}`,
];

function rejects(run: () => unknown, code: string): void {
  assert.throws(run, (err: unknown) => isDothiError(err) && err.code === code);
}

for (const dialect of [sqliteDialect, postgresDialect]) {
  describe(`compiled SQL (${dialect.name})`, () => {
    const hooks = dialect.query;
    const all: SqlFragment[] = [
      ...queries.map((q) => compileQ(parseQ(q), expand, hooks)),
      compileTypeExpr(parseTypeExpr(`(A,B);${userText}`), expand),
      compileScopeQ(parseScopeQ(`/a/+/${userText}/#,/b;/c/#`), hooks),
      compileIds([`urn:x:${userText}`, 'urn:x:2']),
      compileIdPattern(`^urn:${userText}`, hooks),
      compileAttrsExist([expand(userText)], hooks),
    ];

    it('binds one parameter per ? placeholder', () => {
      for (const f of all) assert.equal(placeholderCount(f.sql), f.params.length, f.sql);
    });

    it('never writes user values into the SQL text', () => {
      for (const f of all) assert.ok(!f.sql.includes(userText), f.sql);
    });

    it('refers to the entity only through the alias e', () => {
      for (const f of all) assert.match(f.sql, /\be\.(pk|id|doc)\b/, f.sql);
    });
  });
}

describe('compile errors', () => {
  const hooks = sqliteDialect.query;
  it('refuses metadata in the middle of a path or before a compound path', () => {
    rejects(() => compileQ(parseQ('a.observedAt.b==1'), expand, hooks), 'BAD_REQUEST_DATA');
    rejects(() => compileQ(parseQ('a.unitCode[x]=="y"'), expand, hooks), 'BAD_REQUEST_DATA');
  });

  it('refuses an invalid or backend-specific idPattern', () => {
    rejects(() => compileIdPattern('(', hooks), 'BAD_REQUEST_DATA');
    rejects(() => compileIdPattern('(?<name>x)', hooks), 'BAD_REQUEST_DATA');
  });

  it('refuses names the index path or JSON path cannot hold', () => {
    rejects(() => compileQ(parseQ('a==1'), () => 'has space', hooks), 'BAD_REQUEST_DATA');
  });
});
