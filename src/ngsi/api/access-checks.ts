import type { FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import type { ActiveContext } from '../context/index.js';
import type { ReadScope } from '../entity/discovery.js';
import type { SqlFilter } from '../entity/entity-reads.js';
import { compileTypeExpr, parseTypeExpr, type TypeExpr } from '../query/index.js';
import type { NgsiApiDeps } from './api-deps.js';

// Reads restricted by entity type, through the access port (NgsiApiDeps.access): queries are
// narrowed to the readable types, a retrieval of another type is refused, and a subscription may
// only watch readable types, so that no notification carries what its owner may not read.
// Writes are checked inside the write transaction by the access recorder of src/auth.

const forbidden = (what: string) =>
  new DothiError('FORBIDDEN', `${what}: not within the entity types you may read`);

/** The extra filter of a query for a restricted request (none when every type is readable). */
export async function readScopeFilters(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  tenant: string,
): Promise<SqlFilter[]> {
  return [...((await readScope(deps, req, tenant))?.filters ?? [])];
}

/** What a restricted request may discover and query; undefined when every type is readable. */
export async function readScope(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  tenant: string,
): Promise<ReadScope | undefined> {
  const readable = deps.access?.readableTypes(req);
  if (readable === undefined) return undefined;
  const types = (await deps.entities.listTypeNames(tenant)).filter(readable);
  if (types.length === 0) return { readable, filters: [{ sql: '1 = 0', params: [] }] };
  const expr: TypeExpr = { kind: 'or', items: types.map((name) => ({ kind: 'type', name, position: 0 })) };
  return { readable, filters: [compileTypeExpr(expr, (t) => t)] };
}

/** Refuses an entity none of whose types the request may read. */
export function checkReadable(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  id: string,
  types: readonly string[],
): void {
  const readable = deps.access?.readableTypes(req);
  if (readable !== undefined && !types.some(readable)) throw forbidden(`entity ${id}`);
}

function typeNames(expr: TypeExpr): string[] {
  return expr.kind === 'type' ? [expr.name] : expr.items.flatMap(typeNames);
}

/** A subscription of a restricted owner must name its entity types, all of them readable. */
export function checkSubscriptionScope(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  body: unknown,
  ctx: ActiveContext,
): void {
  const readable = deps.access?.readableTypes(req);
  if (readable === undefined) return;
  const entities = (body as { entities?: unknown } | null)?.entities;
  if (!Array.isArray(entities) || entities.length === 0) {
    if (req.method === 'PATCH' && entities === undefined) return;
    throw forbidden('a subscription without entity types');
  }
  for (const e of entities) {
    const type = (e as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') throw forbidden('a subscription entry without a type');
    const names = typeNames(parseTypeExpr(type)).map((n) => ctx.expand(n));
    if (!names.every(readable)) throw forbidden(`subscription type ${type}`);
  }
}

/** Whether a stored subscription watches only types the request may read. */
export function subscriptionReadable(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  sub: { entities?: ReadonlyArray<{ type: string }> },
): boolean {
  const readable = deps.access?.readableTypes(req);
  if (readable === undefined) return true;
  const entities = sub.entities ?? [];
  return entities.length > 0 && entities.every((e) => readable(e.type));
}

/** Refuses access to a stored subscription that watches types the request may not read. */
export async function checkSubscriptionAccess(
  deps: NgsiApiDeps,
  req: FastifyRequest,
  tenant: string,
  id: string,
): Promise<void> {
  if (deps.access?.readableTypes(req) === undefined) return;
  const { sub } = await deps.subscriptions.retrieve(tenant, id);
  if (!subscriptionReadable(deps, req, sub)) throw forbidden(`subscription ${id}`);
}
