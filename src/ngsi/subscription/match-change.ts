// Whether an entity change triggers a subscription (CIM 009 §5.11): entity selectors, watched
// attributes, notificationTrigger, activity and expiry in memory; q and scopeQ against the
// entity's new state in the database (the same compiled SQL as queries, so both agree); geoQ in
// memory (matchGeoQuery). For entityDeleted the entity is gone: q and scopeQ are not applied.
import type { SqlExecutor } from '../../store/index.js';
import type { EntityChange } from '../entity/entity-deps.js';
import { matchGeoQuery } from '../geoquery/index.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import type { NotificationTrigger } from './model.js';

export function selects(c: CompiledSubscription, id: string, types: readonly string[]): boolean {
  const selectors = c.sub.entities;
  if (selectors === undefined) return true;
  return selectors.some(
    (s, i) =>
      c.typeMatchers[i]!(types) && (s.id === undefined || s.id === id) && (c.idPatterns[i]?.test(id) ?? true),
  );
}

/** The triggers a change fires, counting only watched attributes when there are some. */
export function triggersOf(
  change: EntityChange,
  watched: ReadonlySet<string> | undefined,
): Set<NotificationTrigger> {
  const attrs = change.attrs.filter((a) => watched === undefined || watched.has(a));
  const fired = new Set<NotificationTrigger>();
  if (watched !== undefined && attrs.length === 0) return fired;
  if (change.kind === 'created') {
    fired.add('entityCreated');
    if (attrs.length > 0) fired.add('attributeCreated');
  } else if (change.kind === 'deleted') {
    fired.add('entityDeleted');
  } else {
    fired.add('entityUpdated');
    for (const a of attrs) {
      const was = change.before?.attrs[a] !== undefined;
      const is = change.after?.attrs[a] !== undefined;
      fired.add(was && is ? 'attributeUpdated' : is ? 'attributeCreated' : 'attributeDeleted');
    }
  }
  return fired;
}

/** The checks that need no database: activity, expiry, entities, watched attributes, triggers. */
export function triggeredBy(c: CompiledSubscription, change: EntityChange, nowMs: number): boolean {
  // §5.2.12: a subscription with timeInterval notifies periodically, not on changes.
  if (c.sub.timeInterval !== undefined) return false;
  // Active and not expired (statusOf), without parsing a date per change.
  if (!c.sub.isActive || (c.expiresAtMs !== undefined && c.expiresAtMs <= nowMs)) return false;
  const entity = change.after ?? change.before;
  if (entity === undefined || !selects(c, change.id, entity.types)) return false;
  const fired = triggersOf(change, c.watched);
  return c.sub.notificationTrigger.some((t) => fired.has(t));
}

export async function passesFilters(
  tx: SqlExecutor,
  c: CompiledSubscription,
  change: EntityChange,
): Promise<boolean> {
  const entity = change.after ?? change.before;
  if (c.geo !== undefined && (entity === undefined || !matchGeoQuery(entity, c.geo))) return false;
  if (c.filter === undefined || change.kind === 'deleted') return true;
  const row = await tx.get(
    `SELECT 1 AS one FROM entities e WHERE e.tenant = ? AND e.id = ? AND ${c.filter.sql}`,
    [change.tenant, change.id, ...c.filter.params],
  );
  return row !== undefined;
}
