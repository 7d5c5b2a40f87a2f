// Reading key-value entities (options=keyValues, or the live view's rows): values may arrive as
// plain values or, for Smart Data Models structured values, as objects; these helpers never throw.

/** An entity as the app holds it: key-value form with short attribute names. */
export interface Entity {
  id: string;
  type: string;
  [attr: string]: unknown;
}

export function num(e: Entity, attr: string): number | undefined {
  const v = e[attr];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(e: Entity, attr: string): string | undefined {
  const v = e[attr];
  return typeof v === 'string' ? v : undefined;
}

export function bool(e: Entity, attr: string): boolean | undefined {
  const v = e[attr];
  return typeof v === 'boolean' ? v : undefined;
}

/** A value in 0..1, accepting percentages too (some feeds send 0..100). */
export function fraction(e: Entity, attr: string): number | undefined {
  const v = num(e, attr);
  if (v === undefined) return undefined;
  return v > 1 ? v / 100 : v;
}
