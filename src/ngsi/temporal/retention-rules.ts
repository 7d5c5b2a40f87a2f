// How long raw attribute history is kept (dothi's own; CIM 009 leaves retention to the broker).
// DOTHI_HISTORY_RETENTION is a comma-separated list of entries, each `duration` (the default for
// every entity), `Type=duration` or `Type.attr=duration`; a duration is a number with m, h, d or w,
// or `off` (keep forever). Type and attr are terms of the core @context's default vocabulary or
// IRIs in angle brackets: `30d,Sensor=7d,Sensor.temperature=90d,<https://ex.org/T>=1d`. A later
// entry for the same selector replaces an earlier one. The most specific rule wins; when an
// entity's types match several, the longest retention wins (keeping more is the safe error).

export const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';

/** Milliseconds, or undefined: keep forever. */
export type RetentionMs = number | undefined;

export interface RetentionRules {
  readonly all: RetentionMs;
  /** By expanded type. */
  readonly types: ReadonlyMap<string, RetentionMs>;
  /** By expanded type, then expanded attribute. */
  readonly attrs: ReadonlyMap<string, ReadonlyMap<string, RetentionMs>>;
}

const NAME = String.raw`(?:[A-Za-z_][A-Za-z0-9_-]*|<[^<>\s,=]+>)`;
const DURATION = String.raw`(?:\d+[mhdw]|off)`;
const ENTRY = new RegExp(`^(?:(${NAME})(?:\\.(${NAME}))?=)?(${DURATION})$`);
/** The whole variable, for configuration validation (src/kernel/config.ts mirrors it). */
export const RETENTION_PATTERN = new RegExp(
  `^(?:${NAME}(?:\\.${NAME})?=)?${DURATION}(?:,\\s*(?:${NAME}(?:\\.${NAME})?=)?${DURATION})*$`,
);

const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function durationMs(text: string): RetentionMs {
  if (text === 'off') return undefined;
  return Number(text.slice(0, -1)) * unitMs[text.slice(-1)]!;
}

function expand(name: string): string {
  return name.startsWith('<') ? name.slice(1, -1) : `${DEFAULT_VOCAB}${name}`;
}

/** Parses DOTHI_HISTORY_RETENTION; undefined or empty keeps everything forever. */
export function parseRetentionRules(text: string | undefined): RetentionRules {
  const types = new Map<string, RetentionMs>();
  const attrs = new Map<string, Map<string, RetentionMs>>();
  let all: RetentionMs;
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const m = ENTRY.exec(entry);
    if (m === null) throw new Error(`DOTHI_HISTORY_RETENTION: '${entry}' is not [Type[.attr]=]duration`);
    const ms = durationMs(m[3]!);
    if (m[1] === undefined) all = ms;
    else if (m[2] === undefined) types.set(expand(m[1]), ms);
    else {
      const type = expand(m[1]);
      if (!attrs.has(type)) attrs.set(type, new Map());
      attrs.get(type)!.set(expand(m[2]), ms);
    }
  }
  return { all, types, attrs };
}

/** True when no rule ever removes anything. */
export function keepsEverything(r: RetentionRules): boolean {
  const none = (v: Iterable<RetentionMs>) => [...v].every((x) => x === undefined);
  return (
    r.all === undefined && none(r.types.values()) && [...r.attrs.values()].every((m) => none(m.values()))
  );
}

const longest = (a: RetentionMs | null, b: RetentionMs): RetentionMs | null =>
  a === null ? b : a === undefined || b === undefined ? undefined : Math.max(a, b);

/** The retention of an entity's attributes: per named attribute, and for the others. */
export function retentionOf(
  r: RetentionRules,
  types: readonly string[],
): { other: RetentionMs; attrs: Map<string, RetentionMs> } {
  let other: RetentionMs | null = null;
  for (const t of types) if (r.types.has(t)) other = longest(other, r.types.get(t));
  const base = other === null ? r.all : other;
  const byAttr = new Map<string, RetentionMs | null>();
  for (const t of types) {
    for (const [attr, ms] of r.attrs.get(t) ?? []) {
      const seen = byAttr.has(attr) ? (byAttr.get(attr) as RetentionMs) : null;
      byAttr.set(attr, longest(seen, ms));
    }
  }
  return { other: base, attrs: new Map([...byAttr].map(([a, ms]) => [a, ms ?? undefined])) };
}
