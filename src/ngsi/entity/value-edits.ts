import type { ValueRow } from './entity-repo.js';

// Which value index rows a write must update, delete and insert (EntityRepo.update): only the
// rows that differ between an entity's two states.

const rowKey = (r: ValueRow) => `${r.path}\u0000${r.str ?? '\u0001'}\u0000${r.num ?? ''}`;

/** The condition that selects every copy of `row` among an entity's value rows. */
export function rowMatch(pk: number, row: ValueRow): { sql: string; params: unknown[] } {
  const params: unknown[] = [pk, row.path];
  if (row.str !== null) params.push(row.str);
  if (row.num !== null) params.push(row.num);
  const str = row.str === null ? 'str IS NULL' : 'str = ?';
  const num = row.num === null ? 'num IS NULL' : 'num = ?';
  return { sql: `pk = ? AND path = ? AND ${str} AND ${num}`, params };
}

export interface ValueEdits {
  /** Single rows whose value changed: `from` becomes `to` (same path). */
  moved: Array<{ from: ValueRow; to: ValueRow }>;
  /** Distinct rows to delete, every copy. */
  stale: ValueRow[];
  /** Rows to insert. */
  fresh: ValueRow[];
}

/** The edits that make an entity's value rows go from `before` to `after`. */
export function valueEdits(before: readonly ValueRow[], after: readonly ValueRow[]): ValueEdits {
  const counts = new Map<string, { row: ValueRow; before: number; after: number }>();
  const entry = (r: ValueRow) => {
    const k = rowKey(r);
    let e = counts.get(k);
    if (e === undefined) counts.set(k, (e = { row: r, before: 0, after: 0 }));
    return e;
  };
  for (const r of before) entry(r).before++;
  for (const r of after) entry(r).after++;
  const edits: ValueEdits = { moved: [], stale: [], fresh: [] };
  const gone: ValueRow[] = [];
  const added = new Map<string, ValueRow[]>();
  for (const e of counts.values()) {
    if (e.before === e.after) continue;
    if (e.before === 1 && e.after === 0) gone.push(e.row);
    else if (e.before === 0 && e.after === 1)
      added.set(e.row.path, [...(added.get(e.row.path) ?? []), e.row]);
    else {
      if (e.before > 0) edits.stale.push(e.row);
      for (let i = 0; i < e.after; i++) edits.fresh.push(e.row);
    }
  }
  for (const from of gone) {
    const to = added.get(from.path)?.pop();
    if (to === undefined) edits.stale.push(from);
    else edits.moved.push({ from, to });
  }
  for (const rows of added.values()) edits.fresh.push(...rows);
  return edits;
}
