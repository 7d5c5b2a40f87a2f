// Scope queries (CIM 009 §4.19): `/a/b` a scope, `/a/+/c` `+` for exactly one level, `/a/#` the
// scope and all its descendants (`/#`: any scope); `,` and `|` are OR, `;` AND, parentheses group.
import { parseBoolean, type BooleanExpr } from './boolean-parser.js';
import type { Cursor } from './cursor.js';
import { frozen } from './syntax-error.js';

export interface ScopeTerm {
  readonly kind: 'scope';
  /** Levels after the leading `/`; `+` stands for any one level. */
  readonly levels: readonly string[];
  /** Written with a trailing `/#`: the scope itself and every scope below it. */
  readonly descendants: boolean;
  readonly text: string;
  readonly position: number;
}

export type ScopeExpr = BooleanExpr<ScopeTerm>;

const levelStop = '/,;|()#+"\\';

function readLevel(c: Cursor): string {
  if (c.peek() === '+') {
    c.pos++;
    return '+';
  }
  const start = c.pos;
  while (!c.done && !levelStop.includes(c.peek()) && !/\s/.test(c.peek())) c.pos++;
  if (c.pos === start) throw c.error(`expected a scope level, '+' or '#', found ${c.describe()}`);
  return c.text.slice(start, c.pos);
}

function readScope(c: Cursor): ScopeTerm {
  const position = c.pos;
  if (c.peek() !== '/') throw c.error(`a scope starts with '/', found ${c.describe()}`);
  const levels: string[] = [];
  let descendants = false;
  while (c.peek() === '/') {
    c.pos++;
    if (c.peek() === '#') {
      c.pos++;
      descendants = true;
      break;
    }
    levels.push(readLevel(c));
  }
  return frozen({ kind: 'scope', levels, descendants, text: c.text.slice(position, c.pos), position });
}

const grammar = {
  parameter: 'scopeQ',
  or: ',|',
  term: readScope,
  combine: (kind: 'and' | 'or', items: ScopeExpr[]): ScopeExpr => frozen({ kind, items }),
};

/** Parses `scopeQ`; throws BAD_REQUEST_DATA (with the position) or TOO_COMPLEX_QUERY. */
export function parseScopeQ(text: string): ScopeExpr {
  return parseBoolean(text, grammar);
}
