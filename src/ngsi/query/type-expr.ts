// Entity type selection (CIM 009 §4.17): `A,B` and `A|B` are OR, `A;B` is AND (an entity with both
// types), parentheses group.
import { parseBoolean, type BooleanExpr } from './boolean-parser.js';
import type { Cursor } from './cursor.js';
import { frozen } from './syntax-error.js';

export interface TypeName {
  readonly kind: 'type';
  /** As written: a term or an IRI, expanded by the compiler. */
  readonly name: string;
  readonly position: number;
}

export type TypeExpr = BooleanExpr<TypeName>;

const typeStop = ',;|()"\\';

function readType(c: Cursor): TypeName {
  const position = c.pos;
  while (!c.done && !typeStop.includes(c.peek()) && !/\s/.test(c.peek())) c.pos++;
  if (c.pos === position) throw c.error(`expected a type name, found ${c.describe()}`);
  return frozen({ kind: 'type', name: c.text.slice(position, c.pos), position });
}

const grammar = {
  parameter: 'type',
  or: ',|',
  term: readType,
  combine: (kind: 'and' | 'or', items: TypeExpr[]): TypeExpr => frozen({ kind, items }),
};

/** Parses the `type` parameter; throws BAD_REQUEST_DATA (with the position) or TOO_COMPLEX_QUERY. */
export function parseTypeExpr(text: string): TypeExpr {
  return parseBoolean(text, grammar);
}
