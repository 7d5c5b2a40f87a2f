import type { FastifyRequest } from 'fastify';
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

const actors = new WeakMap<object, RequestActor>();

/** The actor of a request, once the preHandler hook ran. */
export function actorOf(req: object): RequestActor | undefined {
  return actors.get(req);
}

/** A preHandler hook: the request's actor, from its principal. */
export function actorHook(principalOf: (req: FastifyRequest) => Principal) {
  return function enterActor(req: FastifyRequest, _reply: unknown, done: () => void) {
    actors.set(req, { principal: principalOf(req), source: req.ip, audited: 0 });
    done();
  };
}

/** Whether a write origin is a request's actor (the only origins this module hands out). */
export function isRequestActor(origin: unknown): origin is RequestActor {
  return typeof origin === 'object' && origin !== null && 'principal' in origin && 'audited' in origin;
}
