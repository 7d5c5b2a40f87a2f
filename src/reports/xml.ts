import { XMLBuilder, XMLParser } from 'fast-xml-parser';

// The XML port (fast-xml-parser): Open311 documents are a root element holding a list of
// same-named items; nested objects become nested elements and arrays repeat their element.

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false });

/** Empty elements for null; nested arrays of objects (attribute values) keep their item name. */
function prepare(value: unknown, itemName?: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const items = value.map((v) => prepare(v));
    return itemName === undefined ? items : { [itemName]: items };
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = prepare(v, arrayItemNames[k]);
    return out;
  }
  return value;
}

/** Element names of list members inside items (GeoReport v2 service definitions). */
const arrayItemNames: Record<string, string> = { attributes: 'attribute', values: 'value' };

export function toXml(root: string, item: string, items: readonly object[]): string {
  const body = builder.build({ [root]: { [item]: items.map((i) => prepare(i)) } }) as string;
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}`;
}

const parser = new XMLParser({
  parseTagValue: false,
  isArray: (_name, path) => String(path).split('.').length === 2,
});

/** Reads an Open311 XML document back into its list of items (every value a string). */
export function fromXml(xml: string): Array<Record<string, unknown>> {
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const root = Object.keys(doc).find((k) => k !== '?xml');
  const inner = root === undefined ? undefined : doc[root];
  if (inner === undefined || typeof inner !== 'object') return [];
  const list = Object.values(inner)[0];
  return (Array.isArray(list) ? list : []) as Array<Record<string, unknown>>;
}
