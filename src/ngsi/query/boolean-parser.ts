// The logical layer shared by q, type and scopeQ: `;` is AND, OR is `|` (q) or `,`/`|` (type,
// scopeQ), parentheses group; AND binds tighter than OR (CIM 009 §4.9, §4.17, §4.19).
import { Cursor } from './cursor.js';
import { checkLength } from './syntax-error.js';

/** A boolean expression over terms `T`: the shape every `;`/`|` language here parses into. */
export type BooleanExpr<T> =
  | T
  | { readonly kind: 'and'; readonly items: readonly BooleanExpr<T>[] }
  | { readonly kind: 'or'; readonly items: readonly BooleanExpr<T>[] };

export interface BooleanGrammar<T> {
  readonly parameter: string;
  /** Characters that mean OR. */
  readonly or: string;
  /** Reads one term at the cursor, leaving the cursor after it. */
  term(c: Cursor): T;
  combine(kind: 'and' | 'or', items: T[]): T;
}

export function parseBoolean<T>(text: string, grammar: BooleanGrammar<T>): T {
  checkLength(grammar.parameter, text);
  const c = new Cursor(text, grammar.parameter);
  const expr = parseOr(c, grammar);
  c.skipSpace();
  if (!c.done)
    throw c.error(c.peek() === ')' ? 'unmatched closing parenthesis' : `unexpected ${c.describe()}`);
  return expr;
}

function parseOr<T>(c: Cursor, g: BooleanGrammar<T>): T {
  const items = [parseAnd(c, g)];
  for (c.skipSpace(); !c.done && g.or.includes(c.peek()); c.skipSpace()) {
    c.pos++;
    items.push(parseAnd(c, g));
  }
  return items.length === 1 ? items[0]! : g.combine('or', items);
}

function parseAnd<T>(c: Cursor, g: BooleanGrammar<T>): T {
  const items = [parsePrimary(c, g)];
  for (c.skipSpace(); c.peek() === ';'; c.skipSpace()) {
    c.pos++;
    items.push(parsePrimary(c, g));
  }
  return items.length === 1 ? items[0]! : g.combine('and', items);
}

function parsePrimary<T>(c: Cursor, g: BooleanGrammar<T>): T {
  c.skipSpace();
  if (c.peek() === '(') return parseGroup(c, g);
  if (c.done || ';)'.includes(c.peek()) || g.or.includes(c.peek())) throw c.error('empty term');
  c.countTerm();
  return g.term(c);
}

function parseGroup<T>(c: Cursor, g: BooleanGrammar<T>): T {
  const open = c.pos++;
  c.enter();
  const inner = parseOr(c, g);
  c.skipSpace();
  if (c.done) throw c.error('unclosed parenthesis', open);
  if (c.peek() !== ')')
    throw c.error(`expected ')' to close the parenthesis at position ${open}, found ${c.describe()}`);
  c.pos++;
  c.depth--;
  return inner;
}
