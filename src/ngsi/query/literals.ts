// Literals of the query language (CIM 009 §4.9: Number, quotedStr, dateTime, date, time, true,
// false, URI) read at a cursor.
import type { Cursor } from './cursor.js';
import { dateTimeMs } from './date-time.js';
import type { QScalar } from './q-ast.js';
import { frozen } from './syntax-error.js';

const numberRe = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const dateTimeRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const dateRe = /^\d{4}-\d{2}-\d{2}$/;
const timeRe = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const uriRe = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const termRe = /^[A-Za-z_][\w.-]*$/;
/** A date-time whose `+` offset arrived as a space (form decoding of an unescaped `+`). */
const spacedOffsetRe = / \d{2}:\d{2}(?=$|[;|),\s]|\.\.)/y;

/** Reads a double-quoted string; `\"` is a quote and `\\` a backslash, other backslashes stay. */
export function readQuoted(c: Cursor): string {
  const start = c.pos++;
  let out = '';
  for (;;) {
    if (c.done) throw c.error('unterminated string', start);
    const ch = c.peek();
    if (ch === '"') break;
    if (ch === '\\' && (c.peek(1) === '"' || c.peek(1) === '\\')) {
      out += c.peek(1);
      c.pos += 2;
    } else {
      out += ch;
      c.pos++;
    }
  }
  c.pos++;
  return out;
}

const stopChars = ';|(),"';

/** Reads an unquoted literal up to a separator, `..` (range) or white space. */
function readBare(c: Cursor): string {
  const start = c.pos;
  while (!c.done && !stopChars.includes(c.peek()) && !/\s/.test(c.peek()) && !c.startsWith('..')) c.pos++;
  let token = c.text.slice(start, c.pos);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(token)) {
    const offset = c.match(spacedOffsetRe);
    if (offset !== undefined) token += `+${offset.slice(1)}`;
  }
  return token;
}

export function readScalar(c: Cursor): QScalar {
  c.skipSpace();
  if (c.peek() === '"') return frozen({ kind: 'string', value: readQuoted(c) });
  const start = c.pos;
  const token = readBare(c);
  if (token === '') throw c.error(`expected a value, found ${c.describe()}`);
  return classify(token, c, start);
}

function classify(token: string, c: Cursor, at: number): QScalar {
  if (token === 'true' || token === 'false') return frozen({ kind: 'boolean', value: token === 'true' });
  if (numberRe.test(token)) {
    const value = Number(token);
    if (!Number.isFinite(value)) throw c.error(`number out of range '${token}'`, at);
    return frozen({ kind: 'number', value });
  }
  if (dateTimeRe.test(token)) {
    const ms = dateTimeMs(token);
    if (ms === undefined) throw c.error(`invalid date-time '${token}'`, at);
    return frozen({ kind: 'dateTime', value: token, ms });
  }
  if (dateRe.test(token)) return frozen({ kind: 'date', value: token });
  if (timeRe.test(token)) return frozen({ kind: 'time', value: token });
  if (uriRe.test(token)) return frozen({ kind: 'uri', value: token });
  if (termRe.test(token)) return frozen({ kind: 'term', value: token });
  throw c.error(`invalid value '${token}' (quote strings: "...")`, at);
}
