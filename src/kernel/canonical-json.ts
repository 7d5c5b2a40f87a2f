// JSON documents compared or hashed by content: one document, one text, whatever the order in
// which its members were written. Written by hand rather than with a JSON.stringify replacer,
// which builds a sorted copy of every object first: this runs inside every entity write.

/**
 * JSON text with object members sorted by name (UTF-16 code units) and members whose value is
 * undefined left out, as JSON.stringify leaves them out. Members named in `omit` are left out at
 * every depth.
 */
export function canonicalJson(value: unknown, omit?: ReadonlySet<string>): string {
  return flatString(write(value, omit) ?? 'null');
}

/**
 * The same string, stored flat. V8 keeps a string built by concatenation as a tree of its parts
 * until something needs it in one piece, and then walks the tree again each time: hashing a 1 KB
 * entity document built that way took 10 µs instead of 1.5, and binding it as an SQL parameter or
 * copying it to another thread paid the same walk. Converting it to a number flattens it in place.
 */
export function flatString(text: string): string {
  _flattened += Number(text) === 0 ? 1 : 0;
  return text;
}
/** Read nowhere: keeps the conversion in flatString from being compiled away. */
let _flattened = 0;

/**
 * Sorts member names in place by UTF-16 code units, as Array.prototype.sort with no comparator
 * does. A document's objects have a handful of members each: an insertion sort orders them with
 * no allocation, where the built-in sort sets up a work copy for every call (the largest single
 * allocation of an ingested measure, in a sampled heap profile of `npm run bench -- ingest`).
 */
export function sortNames(names: string[]): void {
  if (names.length > 16) {
    names.sort();
    return;
  }
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      j--;
    }
    names[j + 1] = name;
  }
}

// Member names recur in every document (attribute IRIs, `type`, `value`): each is quoted once.
const quoted = new Map<string, string>();

function quote(name: string): string {
  let text = quoted.get(name);
  if (text === undefined) {
    text = JSON.stringify(name);
    if (quoted.size >= 10_000) quoted.clear();
    quoted.set(name, text);
  }
  return text;
}

function write(v: unknown, omit: ReadonlySet<string> | undefined): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      // undefined, functions and symbols, as JSON.stringify treats them; a bigint throws there too.
      if (typeof v === 'bigint') throw new TypeError('a bigint has no JSON form');
      return undefined;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + (write(v[i], omit) ?? 'null');
    return `${out}]`;
  }
  const toJson = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return write((toJson as () => unknown).call(v), omit);
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec);
  sortNames(keys);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (omit !== undefined && omit.has(k)) continue;
    const text = write(rec[k], omit);
    if (text === undefined) continue;
    out += first ? `${quote(k)}:${text}` : `,${quote(k)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Whether two JSON values are equal member by member (object member order aside), leaving out
 * members named in `omit` and members whose value is undefined; the same answer as comparing
 * their canonicalJson texts, without writing them.
 */
export function sameJson(x: unknown, y: unknown, omit?: ReadonlySet<string>): boolean {
  const a = asWritten(x);
  const b = asWritten(y);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], omit)) return false;
    return true;
  }
  if (hasToJson(a) || hasToJson(b)) return canonicalJson(a, omit) === canonicalJson(b, omit);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const k in ra) {
    if (!Object.hasOwn(ra, k) || omit?.has(k) === true || !isJsonValue(ra[k])) continue;
    count++;
    if (!Object.hasOwn(rb, k) || !isJsonValue(rb[k]) || !sameJson(ra[k], rb[k], omit)) return false;
  }
  for (const k in rb) {
    if (!Object.hasOwn(rb, k) || omit?.has(k) === true || !isJsonValue(rb[k])) continue;
    count--;
  }
  return count === 0;
}

/** What a value is written as where JSON writes null: non-finite numbers and non-JSON values. */
function asWritten(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return isJsonValue(v) ? v : null;
}

function hasToJson(v: object): boolean {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

function isJsonValue(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}
