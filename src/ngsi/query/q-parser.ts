// parseQ: the NGSI-LD Query Language (ETSI GS CIM 009 V1.8.1 §4.9) into a frozen QExpr.
import { parseBoolean } from './boolean-parser.js';
import type { Cursor } from './cursor.js';
import { readQuoted, readScalar } from './literals.js';
import type { AttrPath, ComparisonOp, QExpr, QScalar, QScalarKind, QTerm, QValue } from './q-ast.js';
import { patternProblem } from './patterns.js';
import { frozen, maxTerms } from './syntax-error.js';

const grammar = {
  parameter: 'q',
  or: '|',
  term: readTerm,
  combine: (kind: 'and' | 'or', items: QExpr[]): QExpr => frozen({ kind, items }),
};

/** Parses `q`; throws BAD_REQUEST_DATA (with the position) or TOO_COMPLEX_QUERY. */
export function parseQ(text: string): QExpr {
  return parseBoolean(text, grammar);
}

const opRe = /!~=|~=|==|!=|>=|<=|>|</y;

function readTerm(c: Cursor): QTerm {
  const negated = c.peek() === '!';
  if (negated) c.pos++;
  const path = readPath(c);
  c.skipSpace();
  if (c.done || ';|)'.includes(c.peek())) return frozen({ kind: 'exists', path, negated });
  const at = c.pos;
  const op = c.match(opRe);
  if (op === undefined) {
    if (c.peek() === '=') throw c.error("bad operator '=' (use '==')");
    throw c.error(`expected an operator after '${path.text}', found ${c.describe()}`);
  }
  if (negated) throw c.error("'!' only negates the existence of an attribute", path.position - 1);
  if (op === '~=' || op === '!~=')
    return frozen({ kind: 'pattern', path, negated: op === '!~=', pattern: readPattern(c) });
  return frozen({ kind: 'compare', path, op: op as ComparisonOp, value: readValue(c, op, at) });
}

// --- attribute paths -------------------------------------------------------------------------

/** A full IRI as attribute name (`https://example.org/speed`): its dots do not separate names. */
const iriStartRe = /[A-Za-z][A-Za-z0-9+.-]*:\/\//y;
const nameStop = '.[]=!<>~;|(),"\\';

function readName(c: Cursor): string {
  c.skipSpace();
  const start = c.pos;
  iriStartRe.lastIndex = c.pos;
  const dotsAllowed = iriStartRe.test(c.text);
  while (
    !c.done &&
    !/\s/.test(c.peek()) &&
    (!nameStop.includes(c.peek()) || (dotsAllowed && c.peek() === '.'))
  )
    c.pos++;
  if (c.pos === start) throw c.error(`expected an attribute name, found ${c.describe()}`);
  return c.text.slice(start, c.pos);
}

const keyStop = '.[]=!<>~;|(),"\\';

function readKey(c: Cursor): string {
  const start = c.pos;
  while (!c.done && !keyStop.includes(c.peek()) && !/\s/.test(c.peek())) c.pos++;
  if (c.pos === start) throw c.error(`expected a member name in the compound path, found ${c.describe()}`);
  return c.text.slice(start, c.pos);
}

function readPath(c: Cursor): AttrPath {
  c.skipSpace();
  const position = c.pos;
  const names = [readName(c)];
  while (c.peek() === '.') {
    c.pos++;
    names.push(readName(c));
  }
  const keys: string[] = [];
  while (c.peek() === '[') {
    const open = c.pos++;
    keys.push(readKey(c));
    while (c.peek() === '.') {
      c.pos++;
      keys.push(readKey(c));
    }
    if (c.peek() !== ']')
      throw c.error(c.done ? "unclosed '['" : `expected ']', found ${c.describe()}`, c.done ? open : c.pos);
    c.pos++;
  }
  return frozen({ names, keys, text: c.text.slice(position, c.pos), position });
}

// --- values ----------------------------------------------------------------------------------

const comparable: readonly QScalarKind[] = ['number', 'string', 'dateTime', 'date', 'time'];

function readValue(c: Cursor, op: string, at: number): QValue {
  const first = readScalar(c);
  if (c.startsWith('..')) {
    c.pos += 2;
    const max = readScalar(c);
    if (op !== '==' && op !== '!=') throw c.error(`a range needs '==' or '!=', not '${op}'`, at);
    if (!comparable.includes(first.kind) || first.kind !== max.kind) {
      throw c.error(
        `bad range: both bounds must be numbers, strings, date-times, dates or times of one kind`,
        at,
      );
    }
    return frozen({ kind: 'range', min: first, max });
  }
  if (c.peek() === ',') return readList(c, first, op, at);
  if (op !== '==' && op !== '!=' && !comparable.includes(first.kind)) {
    throw c.error(`'${op}' needs a number, string, date-time, date or time, not a ${first.kind}`, at);
  }
  return first;
}

function readList(c: Cursor, first: QScalar, op: string, at: number): QValue {
  if (op !== '==' && op !== '!=') throw c.error(`a value list needs '==' or '!=', not '${op}'`, at);
  const items = [first];
  while (c.peek() === ',') {
    c.pos++;
    items.push(readScalar(c));
    if (items.length > maxTerms) throw c.error(`more than ${maxTerms} values in a list`, at);
  }
  return frozen({ kind: 'list', items });
}

// --- patterns --------------------------------------------------------------------------------

/**
 * A pattern is a quoted string, or raw text up to `;`, `|` or an unmatched `)` outside any
 * parentheses or character class of the expression itself (quote patterns that use `|` or `;`).
 */
function readPattern(c: Cursor): string {
  c.skipSpace();
  const at = c.pos;
  const pattern = c.peek() === '"' ? readQuoted(c) : readRawPattern(c);
  if (pattern === '') throw c.error('empty pattern', at);
  const problem = patternProblem(pattern);
  if (problem !== undefined) throw c.error(problem, at);
  return pattern;
}

function readRawPattern(c: Cursor): string {
  const start = c.pos;
  let depth = 0;
  let inClass = false;
  for (; !c.done; c.pos++) {
    const ch = c.peek();
    if (ch === '\\') c.pos++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && depth-- === 0) break;
    else if ((ch === ';' || ch === '|') && depth === 0) break;
  }
  c.pos = Math.min(c.pos, c.text.length);
  return c.text.slice(start, c.pos).trimEnd();
}
