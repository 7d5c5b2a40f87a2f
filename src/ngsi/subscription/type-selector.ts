// Type expressions in entity selectors (CIM 009 §4.17, §5.2.8): `A,B` and `A|B` any of, `A;B` all
// of, parentheses group. Stored with every name expanded, in the same syntax, so that a stored
// selector is matched without the @context and rendered again with the reader's.
import { badRequestData } from '../../kernel/index.js';
import { parseTypeExpr, type TypeExpr } from '../query/index.js';

/** What ends a type name in an expression: an IRI holding one cannot be stored as a name. */
const separators = /[,;|()"\\\s]/;

function format(e: TypeExpr, name: (n: string) => string): string {
  if (e.kind === 'type') return name(e.name);
  const items = e.items.map((i) => (i.kind === 'type' ? format(i, name) : `(${format(i, name)})`));
  return items.join(e.kind === 'and' ? ';' : ',');
}

/** The expression with every name expanded; BAD_REQUEST_DATA when it does not parse. */
export function expandTypeExpr(text: string, expand: (term: string) => string): string {
  return format(parseTypeExpr(text), (term) => {
    const iri = expand(term);
    if (separators.test(iri)) {
      throw badRequestData(`entities[].type: '${term}' expands to an IRI usable in no type expression`);
    }
    return iri;
  });
}

/** A stored expression with every name compacted. */
export function compactTypeExpr(stored: string, compact: (iri: string) => string): string {
  return format(parseTypeExpr(stored), compact);
}

function holds(e: TypeExpr, types: readonly string[]): boolean {
  if (e.kind === 'type') return types.includes(e.name);
  return e.kind === 'and' ? e.items.every((i) => holds(i, types)) : e.items.some((i) => holds(i, types));
}

/** Whether an entity's types satisfy a stored (expanded) expression. */
export function typeMatcher(stored: string): (types: readonly string[]) => boolean {
  const expr = parseTypeExpr(stored);
  return (types) => holds(expr, types);
}
