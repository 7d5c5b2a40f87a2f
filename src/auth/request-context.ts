import type { FastifyRequest } from 'fastify';
import { objectSlot } from '../kernel/index.js';
import type { Principal } from './principal.js';

// The principal and address of the request being served, kept by request. The NGSI-LD API hands
// it to the entity service as the origin of the request's writes (NgsiAccess.origin), so that the
// audit recorder inside the write's transaction knows who asked; nothing is carried implicitly.

export interface RequestActor {
  principal: Principal;
  source: string;
  /** Audit records written for this request (a write that wrote none gets one for the request). */
  audited: number;
}

const actors = objectSlot<object, RequestActor>('request actor');

/**
 * The actor of a request, made on first use (by a write) from the principal authentication
 * attached to it; one per request, so that its audit count is shared.
 */
export function actorOf(req: FastifyRequest, principalOf: (req: FastifyRequest) => Principal): RequestActor {
  let actor = actors.get(req);
  if (actor === undefined) {
    actor = { principal: principalOf(req), source: req.ip, audited: 0 };
    actors.set(req, actor);
  }
  return actor;
}

/** The actor of a request, if a write made one. */
export function existingActorOf(req: object): RequestActor | undefined {
  return actors.get(req);
}

/** Whether a write origin is a request's actor (the only origins this module hands out). */
export function isRequestActor(origin: unknown): origin is RequestActor {
  return typeof origin === 'object' && origin !== null && 'principal' in origin && 'audited' in origin;
}
