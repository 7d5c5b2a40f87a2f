import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';

// The principal and address of the request being served, for code that runs on its behalf far
// from the HTTP layer (the audit recorder inside an entity write's transaction).

export interface RequestActor {
  principal: Principal;
  source: string;
  /** Audit records written for this request (a write that wrote none gets one for the request). */
  audited: number;
}

const storage = new AsyncLocalStorage<RequestActor>();
const actors = new WeakMap<object, RequestActor>();

/** The actor of a request (kept by request, for hooks that run outside its async context). */
export function actorOf(req: object): RequestActor | undefined {
  return actors.get(req);
}

/** A preHandler hook: the handler runs in the async context of the request's actor. */
export function actorHook(principalOf: (req: FastifyRequest) => Principal) {
  return function enterActor(req: FastifyRequest, _reply: unknown, done: () => void) {
    const actor: RequestActor = { principal: principalOf(req), source: req.ip, audited: 0 };
    actors.set(req, actor);
    storage.run(actor, done);
  };
}

export function currentActor(): RequestActor | undefined {
  return storage.getStore();
}

export function runAs<T>(actor: RequestActor, fn: () => T): T {
  return storage.run(actor, fn);
}
