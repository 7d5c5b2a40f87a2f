import { DothiError } from '../kernel/index.js';

// Device payload codecs of the IoT Agents: JSON (IoTA-JSON) and UltraLight 2.0 (IoTA-UL). A
// payload decodes into measure groups: each group is one update of the device's entity.

export const payloadFormats = ['json', 'ul'] as const;
export type PayloadFormat = (typeof payloadFormats)[number];
export type Measures = Record<string, unknown>;

const invalid = (detail: string) => new DothiError('INVALID_MEASURE', detail);
const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function decodeJson(text: string): Measures[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('the payload is not valid JSON');
  }
  const groups = Array.isArray(body) ? body : [body];
  if (groups.length === 0) throw invalid('the payload holds no measures');
  for (const g of groups) {
    if (typeof g !== 'object' || g === null || Array.isArray(g)) {
      throw invalid('a JSON payload must be an object of measures (or an array of them)');
    }
  }
  return groups as Measures[];
}

// UltraLight 2.0: `k|v|k|v`, groups separated by '#'; a group with an odd number of fields starts
// with its timestamp (`2016-06-13T00:35:30Z|t|25`), which becomes the group's TimeInstant.
function decodeUlGroup(text: string): Measures {
  const parts = text.split('|').map((p) => p.trim());
  const measures: Measures = {};
  let at = 0;
  if (parts.length % 2 === 1) {
    if (!isoDate.test(parts[0]!)) throw invalid(`truncated UltraLight group '${text.slice(0, 64)}'`);
    measures.TimeInstant = parts[0];
    at = 1;
  }
  for (; at < parts.length; at += 2) {
    const key = parts[at]!;
    if (key === '') throw invalid(`an UltraLight measure has an empty name in '${text.slice(0, 64)}'`);
    measures[key] = parts[at + 1];
  }
  return measures;
}

function decodeUl(text: string): Measures[] {
  const groups = text
    .trim()
    .split('#')
    .filter((g) => g.trim() !== '');
  if (groups.length === 0) throw invalid('the payload holds no measures');
  return groups.map(decodeUlGroup);
}

/** Decodes a payload; `attr` is the name of a single-attribute topic (`…/attrs/<name>`). */
export function decodePayload(format: PayloadFormat, text: string, attr?: string): Measures[] {
  if (text.includes('\u0000')) throw invalid('the payload contains a NUL character');
  if (attr !== undefined) {
    if (format === 'ul') return [{ [attr]: text.trim() }];
    try {
      return [{ [attr]: JSON.parse(text) as unknown }];
    } catch {
      return [{ [attr]: text }];
    }
  }
  return format === 'json' ? decodeJson(text) : decodeUl(text);
}

export const isIsoDate = (s: unknown): s is string =>
  typeof s === 'string' && isoDate.test(s) && !isNaN(Date.parse(s));

/** The payload format of a message: named by its topic, else by the device's protocol, else sniffed. */
export function formatOf(
  named: PayloadFormat | undefined,
  protocol: string | undefined,
  text: string,
): PayloadFormat {
  if (named !== undefined) return named;
  if (protocol !== undefined && /ul|ultralight/i.test(protocol)) return 'ul';
  if (protocol !== undefined && /json/i.test(protocol)) return 'json';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'ul';
}
