import type { FastifyReply, FastifyRequest } from 'fastify';
import { DothiError, objectSlot } from '../kernel/index.js';
import { entityDocument, type ChangeRecorder, type NgsiAccess, type StoredEntity } from '../ngsi/index.js';
import { textHash, type AuditLog } from './audit-log.js';
import { principalOf } from './authenticator.js';
import { entityTypeScope, type Policy } from './policy.js';
import { typeInScope } from './principal.js';
import { actorOf, existingActorOf, isRequestActor } from './request-context.js';

// What the principal of a request may touch in the NGSI-LD API, and the audit of its writes.

/** The NGSI-LD access port: reads narrowed to the principal's entity types; writes made for its actor. */
export function ngsiAccess(): NgsiAccess {
  return {
    readableTypes(req) {
      const scope = entityTypeScope(principalOf(req));
      return scope === undefined ? undefined : (iri) => typeInScope(scope, iri);
    },
    origin: (req) => actorOf(req, principalOf),
  };
}

/**
 * Runs inside every entity write's transaction: refuses a write by a principal limited to entity
 * types that touches another type (every type before and after must be in scope), then appends
 * the audit record (who, from where, what, hashes of before and after) to the same transaction.
 * Writes made by the platform itself, outside any request, are not person or application writes.
 */
export function auditRecorder(audit: AuditLog): ChangeRecorder {
  return async (tx, change) => {
    const actor = change.origin;
    if (!isRequestActor(actor)) return;
    const scope = entityTypeScope(actor.principal);
    if (scope !== undefined) {
      const types = [...(change.before?.types ?? []), ...(change.after?.types ?? [])];
      if (!types.every((t) => typeInScope(scope, t))) {
        throw new DothiError('FORBIDDEN', `entity ${change.id}: not within the entity types you may write`);
      }
    }
    actor.audited++;
    await audit.append(tx, {
      actor: actor.principal.id,
      source: actor.source,
      action: `entity.${change.kind}`,
      target: change.id,
      tenant: change.tenant,
      // The entity's stored documents, as written: hashed without being written out again.
      beforeHash: documentHash(change.before),
      afterHash: documentHash(change.after),
    });
  };
}

/**
 * The hash of an entity state's stored document, kept with the state: the state after one write
 * is the state before the next, so each is hashed once.
 */
const documentHashes = objectSlot<StoredEntity, string>('document hash');
function documentHash(state: StoredEntity | undefined): string | null {
  if (state === undefined) return null;
  let text = documentHashes.get(state);
  if (text === undefined) {
    text = textHash(entityDocument(state))!;
    documentHashes.set(state, text);
  }
  return text;
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * An onSend hook: a successful write that changed no entity (a subscription, a key, a report) is
 * audited as a request before its answer leaves, so that it is durable when acknowledged.
 */
export function requestAuditHook(audit: AuditLog, policy: Policy) {
  const record = async (req: FastifyRequest, path: string, payload: unknown) => {
    await audit.record({
      actor: principalOf(req).id,
      source: req.ip,
      action: `${req.method} ${req.routeOptions.url ?? path}`,
      target: path,
      // Bodies of /auth requests carry passwords and keys: not even their hash is kept.
      ...(req.body === undefined || path.startsWith('/auth/') ? {} : { after: req.body }),
    });
    return payload;
  };
  // Callback style: reads and failed writes pass without a promise.
  return function auditWrite(
    req: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: Error | null, payload?: unknown) => void,
  ) {
    if (!writeMethods.has(req.method) || reply.statusCode >= 400) return done(null, payload);
    if ((existingActorOf(req)?.audited ?? 0) > 0) return done(null, payload);
    const path = req.url.split('?')[0]!;
    if (policy.action(req.method, path) === 'read') return done(null, payload);
    record(req, path, payload).then((p) => done(null, p), done);
  };
}
