// CIM 009 §4.15: with `lang`, a LanguageProperty is shown as a Property whose value is the string
// in the best language, with a `lang` member naming it. Preference: the listed tags in q order
// (exact tag, then a more specific tag, then a less specific one; '*' takes any), then '@none',
// then whatever language there is.

interface Ranked {
  tag: string;
  q: number;
}

function parsePreferences(raw: string): string[] {
  const ranked: Ranked[] = [];
  for (const part of raw.split(',')) {
    const [tag = '', ...params] = part.split(';');
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k?.trim() === 'q' && v !== undefined) q = Number(v);
    }
    const t = tag.trim().toLowerCase();
    if (t !== '' && q > 0) ranked.push({ tag: t, q });
  }
  return ranked.sort((a, b) => b.q - a.q).map((r) => r.tag);
}

// The same `lang` applies to every entity of a response: parse it once, not per entity.
let lastRaw: string | undefined;
let lastPrefs: readonly string[] = [];

export function languagePreferences(raw: string): readonly string[] {
  if (raw !== lastRaw) {
    lastPrefs = parsePreferences(raw);
    lastRaw = raw;
  }
  return lastPrefs;
}

function sameTag(tag: string, pref: string): boolean {
  return tag.length === pref.length && tag.toLowerCase() === pref;
}

function isSubtagOf(longer: string, shorter: string): boolean {
  return (
    longer.length > shorter.length &&
    longer.charCodeAt(shorter.length) === 45 /* '-' */ &&
    longer.slice(0, shorter.length).toLowerCase() === shorter.toLowerCase()
  );
}

function matchOne(map: Readonly<Record<string, unknown>>, pref: string): string | undefined {
  for (const tag in map) if (tag !== '@none' && (pref === '*' || sameTag(tag, pref))) return tag;
  for (const tag in map) if (isSubtagOf(tag, pref)) return tag;
  for (const tag in map) if (tag !== '@none' && isSubtagOf(pref, tag)) return tag;
  return undefined;
}

/** The key of `map` to show for the preferences; undefined only for an empty map. */
export function pickLanguage(
  map: Readonly<Record<string, unknown>>,
  prefs: readonly string[],
): string | undefined {
  for (const pref of prefs) {
    const tag = matchOne(map, pref);
    if (tag !== undefined) return tag;
  }
  if (map['@none'] !== undefined) return '@none';
  return Object.keys(map)[0];
}
