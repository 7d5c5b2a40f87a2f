// Comma lists: `id` (entity ids, CIM 009 §6.4.3.2) and `attrs`, `pick`, `omit` (attribute names;
// pick and omit may also name `id` and `type`).
import { syntaxError, checkLength, tooComplex } from './syntax-error.js';

/** Most ids in one `id` parameter. */
export const maxIds = 1000;

const uriRe = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]+$/;
const nameRe = /^[^\s,;|()"'\\<>=!~[\]{}]+$/;

function split(parameter: string, text: string, limit: number): Array<{ item: string; position: number }> {
  checkLength(parameter, text, limit);
  const out: Array<{ item: string; position: number }> = [];
  let position = 0;
  for (const item of text.split(',')) {
    if (item === '') throw syntaxError(parameter, position, 'empty item');
    out.push({ item, position });
    position += item.length + 1;
  }
  return out;
}

/** Parses the `id` parameter: a comma list of URIs, duplicates dropped. */
export function parseIdList(text: string, parameter = 'id'): string[] {
  const items = split(parameter, text, 64 * 1024);
  if (items.length > maxIds) throw tooComplex(parameter, `more than ${maxIds} ids`);
  for (const { item, position } of items) {
    if (!uriRe.test(item)) throw syntaxError(parameter, position, `'${item}' is not a URI`);
  }
  return [...new Set(items.map((i) => i.item))];
}

/** Parses `attrs`, `pick` or `omit`: a comma list of attribute names (terms or IRIs), duplicates dropped. */
export function parseAttrList(text: string, parameter = 'attrs'): string[] {
  const items = split(parameter, text, 8192);
  for (const { item, position } of items) {
    if (!nameRe.test(item)) throw syntaxError(parameter, position, `'${item}' is not an attribute name`);
  }
  return [...new Set(items.map((i) => i.item))];
}
