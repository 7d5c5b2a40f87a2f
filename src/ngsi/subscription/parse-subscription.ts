// A subscription body (CIM 009 §5.2.12) into the normal form, validated as a whole: any violation
// is BAD_REQUEST_DATA and nothing is stored.
import { badRequestData } from '../../kernel/index.js';
import type { QueryHooks } from '../../store/index.js';
import { normalizeDateTime } from '../entity/validate-datetime.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import type { TermMapper } from '../entity/term-mapper.js';
import { parseGeoQuery } from '../geoquery/index.js';
import { compileQ, parseQ, parseScopeQ } from '../query/index.js';
import {
  notificationTriggers,
  defaultTriggers,
  type EntitySelector,
  type NotificationTrigger,
  type StoredGeoQ,
  type Subscription,
} from './model.js';
import { asObject, parseNotification, stringList, type Body } from './parse-notification.js';
import { expandTypeExpr } from './type-selector.js';

/** What a body defines; the service adds id defaults, context and times. */
export type ParsedSubscription = Omit<
  Subscription,
  'id' | 'context' | 'contextUrl' | 'createdAt' | 'modifiedAt'
> & {
  id?: string;
};

function parseSelectors(v: unknown, terms: TermMapper): EntitySelector[] {
  if (!Array.isArray(v) || v.length === 0) throw badRequestData('entities must be a non-empty array');
  return v.map((item) => {
    const s = asObject(item, 'entities[]');
    if (typeof s.type !== 'string' || s.type === '') throw badRequestData('entities[].type is required');
    if (s.id !== undefined && !isAbsoluteUri(s.id)) throw badRequestData('entities[].id must be a URI');
    if (s.idPattern !== undefined) checkPattern(s.idPattern);
    return {
      ...(s.id === undefined ? {} : { id: s.id }),
      ...(s.idPattern === undefined ? {} : { idPattern: s.idPattern as string }),
      type: expandTypeExpr(s.type, (t) => terms.expand(t)),
    };
  });
}

function checkPattern(p: unknown): void {
  try {
    if (typeof p !== 'string') throw new TypeError();
    new RegExp(p);
  } catch {
    throw badRequestData('entities[].idPattern must be a regular expression');
  }
}

function parseTriggers(v: unknown): NotificationTrigger[] {
  if (v === undefined) return [...defaultTriggers];
  const list = stringList(v, 'notificationTrigger');
  for (const t of list) {
    if (!(notificationTriggers as readonly string[]).includes(t)) {
      throw badRequestData(`notificationTrigger: unknown trigger '${t}'`);
    }
  }
  return list as NotificationTrigger[];
}

/** Parses and compiles q once, to refuse it now and to remember the IRI of each name in it. */
function parseQNames(q: unknown, terms: TermMapper, hooks: QueryHooks): Record<string, string> {
  if (typeof q !== 'string' || q === '') throw badRequestData('q must be a non-empty string');
  const names: Record<string, string> = {};
  compileQ(parseQ(q), (name) => (names[name] = terms.expand(name)), hooks);
  return names;
}

function parseGeoQ(v: unknown, terms: TermMapper): StoredGeoQ {
  const g = asObject(v, 'geoQ');
  const parsed = parseGeoQuery(g, (t) => terms.expand(t));
  if (parsed === undefined) throw badRequestData('geoQ needs georel, geometry and coordinates');
  return {
    georel: g.georel,
    geometry: g.geometry,
    coordinates: g.coordinates,
    geoproperty: parsed.geoproperty,
  };
}

function positive(v: unknown, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw badRequestData(`${what} must be a positive number`);
  return v;
}

function optionalString(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequestData(`${what} must be a string`);
  return v;
}

function checkShape(b: Body): void {
  if (b.type !== undefined && b.type !== 'Subscription') throw badRequestData("type must be 'Subscription'");
  if (b.id !== undefined && !isAbsoluteUri(b.id)) throw badRequestData('id must be a URI');
  if (b.entities === undefined && b.watchedAttributes === undefined) {
    throw badRequestData('a subscription needs entities or watchedAttributes (§5.2.12)');
  }
  if (b.timeInterval !== undefined && b.watchedAttributes !== undefined) {
    throw badRequestData('timeInterval and watchedAttributes cannot be combined (§5.2.12)');
  }
  if (b.timeInterval !== undefined && b.throttling !== undefined) {
    throw badRequestData('timeInterval and throttling cannot be combined (§5.2.12)');
  }
  if (b.isActive !== undefined && typeof b.isActive !== 'boolean')
    throw badRequestData('isActive must be a boolean');
}

function parseExpiresAt(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const iso = normalizeDateTime(v);
  if (iso === undefined) throw badRequestData('expiresAt must be a DateTime');
  return iso;
}

/** What an in-process watch cannot have: it is delivered on change, to a listener, without pause. */
function checkInProcess(b: Body): void {
  for (const member of ['timeInterval', 'throttling'] as const) {
    if (b[member] !== undefined) throw badRequestData(`an in-process watch cannot have ${member}`);
  }
}

/** `inProcess`: a watch (SubscriptionService.watch), whose notification has no endpoint. */
export function parseSubscription(
  body: unknown,
  terms: TermMapper,
  hooks: QueryHooks,
  inProcess = false,
): ParsedSubscription {
  const b = asObject(body, inProcess ? 'the watch' : 'the subscription');
  checkShape(b);
  if (inProcess) checkInProcess(b);
  if (b.scopeQ !== undefined) parseScopeQ(String(b.scopeQ));
  const sub: ParsedSubscription = {
    ...(b.id === undefined ? {} : { id: b.id as string }),
    subscriptionName: optionalString(b.subscriptionName, 'subscriptionName'),
    description: optionalString(b.description, 'description'),
    entities: b.entities === undefined ? undefined : parseSelectors(b.entities, terms),
    watchedAttributes:
      b.watchedAttributes === undefined
        ? undefined
        : stringList(b.watchedAttributes, 'watchedAttributes').map((a) => terms.expand(a)),
    notificationTrigger: parseTriggers(b.notificationTrigger),
    q: b.q === undefined ? undefined : String(b.q),
    qNames: b.q === undefined ? undefined : parseQNames(b.q, terms, hooks),
    geoQ: b.geoQ === undefined ? undefined : parseGeoQ(b.geoQ, terms),
    scopeQ: optionalString(b.scopeQ, 'scopeQ'),
    isActive: b.isActive !== false,
    expiresAt: parseExpiresAt(b.expiresAt),
    throttling: positive(b.throttling, 'throttling'),
    timeInterval: positive(b.timeInterval, 'timeInterval'),
    notification: parseNotification(b.notification, terms, inProcess),
  };
  return dropUndefined(sub);
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
