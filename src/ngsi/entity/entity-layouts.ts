import type { SqlExecutor } from '../../store/index.js';
import { sameList, type StoredEntity } from './model.js';

// The layouts of a tenant's entities, behind discovery (CIM 009 §5.7.5-§5.7.10): a layout is an
// entity's types and its attributes with the attribute type of each (that of its first instance),
// and `entity_layouts` counts the entities of each layout. Every entity write keeps it in the same
// transaction, so that `/types?details=true`, `/types/{type}` and `/attributes` read a few rows
// instead of every entity's document. The entities of a fleet share a handful of layouts, so a
// create adds to one row, and a change of values, the common write, changes none.

/** A layout: the entity's types, and its attributes with the attribute type of each. */
export interface Layout {
  types: string[];
  attrs: Array<[name: string, attrType: string]>;
}

/** The changes of a write to the layout counts, by layout text. */
export type LayoutDelta = Map<string, number>;

/**
 * A layout as stored: the sorted types, separated by spaces, then a line per attribute in name order,
 * its name and attribute type (names hold no white space). The migrations that filled
 * `entity_layouts` from the stored entities write the same text.
 */
function layoutText(entity: StoredEntity): string {
  let text = entity.types.length > 1 ? [...entity.types].sort().join(' ') : entity.types[0]!;
  for (const name of Object.keys(entity.attrs).sort())
    text += `\n${name} ${entity.attrs[name]?.[0]?.type ?? ''}`;
  return text;
}

function parseLayout(text: string): Layout {
  const [types, ...lines] = text.split('\n');
  return {
    types: types!.split(' '),
    attrs: lines.map((line) => {
      const space = line.lastIndexOf(' ');
      return [line.slice(0, space), line.slice(space + 1)];
    }),
  };
}

/**
 * Whether a write from `before` to `after` keeps the entity's layout: the same types, and each
 * attribute of `touched` (all that may differ) present in both with the same attribute type, or in
 * neither. Told apart at no cost for a change of values.
 */
function sameLayout(before: StoredEntity, after: StoredEntity, touched: readonly string[]): boolean {
  if (!sameList(before.types, after.types)) return false;
  for (const attr of touched) {
    if (before.attrs[attr]?.[0]?.type !== after.attrs[attr]?.[0]?.type) return false;
  }
  return true;
}

/**
 * The changes to the layout counts of a create (`before` undefined), a delete (`after` undefined)
 * or an update, whose `touched` attributes name all that may differ (every attribute if omitted).
 */
export function layoutDelta(
  before: StoredEntity | undefined,
  after: StoredEntity | undefined,
  touched?: readonly string[],
): LayoutDelta {
  const delta: LayoutDelta = new Map();
  if (
    before !== undefined &&
    after !== undefined &&
    touched !== undefined &&
    sameLayout(before, after, touched)
  )
    return delta;
  const from = before === undefined ? undefined : layoutText(before);
  const to = after === undefined ? undefined : layoutText(after);
  if (from === to) return delta;
  if (from !== undefined) delta.set(from, -1);
  if (to !== undefined) delta.set(to, 1);
  return delta;
}

/** Adds the changes of `delta` to `into`, leaving out counts that fall to 0. */
export function addLayouts(into: LayoutDelta, delta: LayoutDelta): void {
  for (const [layout, n] of delta) {
    const total = (into.get(layout) ?? 0) + n;
    if (total === 0) into.delete(layout);
    else into.set(layout, total);
  }
}

/**
 * Adds the changes to the tenant's layout counts in `tx`, in text order (so that concurrent writers
 * on PostgreSQL lock rows in one order). A count may fall to 0; readers skip such rows.
 */
export async function writeLayouts(tx: SqlExecutor, tenant: string, delta: LayoutDelta): Promise<void> {
  if (delta.size === 0) return;
  for (const layout of delta.size > 1 ? [...delta.keys()].sort() : delta.keys()) {
    await tx.defer(
      `INSERT INTO entity_layouts (tenant, layout, n) VALUES (?, ?, ?)
       ON CONFLICT (tenant, layout) DO UPDATE SET n = entity_layouts.n + excluded.n`,
      [tenant, layout, delta.get(layout)],
    );
  }
}

/** The tenant's layouts that some entity has, with their entity counts. */
export async function readLayouts(
  db: SqlExecutor,
  tenant: string,
): Promise<Array<{ layout: Layout; n: number }>> {
  const rows = await db.all<{ layout: string; n: number }>(
    'SELECT layout, n FROM entity_layouts WHERE tenant = ? AND n > 0',
    [tenant],
  );
  return rows.map((r) => ({ layout: parseLayout(r.layout), n: Number(r.n) }));
}
