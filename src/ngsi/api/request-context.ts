import type { FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';
import {
  formatLinkHeader,
  parseLinkHeader,
  type ActiveContext,
  type ContextRegistry,
  type ContextResolver,
  type ContextValue,
} from '../context/index.js';
import { parseTenant } from '../entity/tenants.js';
import { requestMediaType, type ResponseKind } from './negotiation.js';
import { withContext } from './representation.js';

// Where a request's @context comes from (CIM 009 §6.3.5): the Link header for application/json
// (and for requests without a body), the body's "@context" member for application/ld+json.

export function tenantOf(req: FastifyRequest): string {
  const header = req.headers['ngsild-tenant'];
  return parseTenant(Array.isArray(header) ? header[0] : header);
}

function linkHeader(req: FastifyRequest): string | undefined {
  const h = req.headers.link;
  return Array.isArray(h) ? h.join(', ') : h;
}

export async function contextOf(
  resolver: ContextResolver,
  req: FastifyRequest,
  tenant: string,
  body?: unknown,
): Promise<ActiveContext> {
  const media = requestMediaType(req);
  if (body !== undefined && media === 'application/ld+json') {
    const value = bodyContext(body);
    if (value === undefined) {
      throw new DothiError('BAD_REQUEST_DATA', 'an application/ld+json body must carry its @context');
    }
    if (linkHeader(req) !== undefined && parseLinkHeader(linkHeader(req)) !== undefined) {
      throw new DothiError(
        'BAD_REQUEST_DATA',
        'with application/ld+json the @context goes in the body, not in a Link header',
      );
    }
    return resolver.resolve(value as ContextValue, tenant);
  }
  if (body !== undefined && bodyContext(body) !== undefined) {
    throw new DothiError('BAD_REQUEST_DATA', 'a body with @context must be sent as application/ld+json');
  }
  const url = parseLinkHeader(linkHeader(req));
  return url === undefined ? resolver.core() : resolver.resolve(url, tenant);
}

/** The @context member of a body (of its first element for arrays). */
export function bodyContext(body: unknown): unknown {
  const first = Array.isArray(body) ? body[0] : body;
  if (typeof first !== 'object' || first === null) return undefined;
  return (first as Record<string, unknown>)['@context'];
}

/**
 * A URL a Link header can name for `ctx`: its one URL, or, for an inline or composite @context
 * (from an application/ld+json body), an ImplicitlyCreated copy the broker serves (CIM 009 §5.13).
 * Without it an application/json answer would use terms its Link header cannot explain.
 */
export async function linkableContextUrl(registry: ContextRegistry, ctx: ActiveContext): Promise<string> {
  if (ctx.linkUrl !== undefined) return ctx.linkUrl;
  return (await registry.add({ '@context': ctx.value }, 'ImplicitlyCreated')).url;
}

/**
 * Sends JSON with the @context where the media type wants it: a Link header (to `contextUrl`, by
 * default the context's own URL or the core) or the body.
 */
export function sendWithContext(
  reply: FastifyReply,
  kind: ResponseKind,
  ctx: ActiveContext,
  payload: unknown,
  status = 200,
  extraLinks?: string,
  contextUrl: string = ctx.linkUrl ?? ctx.coreUrl,
): FastifyReply {
  reply.code(status);
  if (kind === 'ld') {
    if (extraLinks !== undefined) reply.header('link', extraLinks);
    // JSON text (entityBody) carries its "@context" already.
    return reply
      .type('application/ld+json')
      .send(typeof payload === 'string' ? payload : withContext(payload, ctx));
  }
  const link = formatLinkHeader(contextUrl);
  reply.header('link', extraLinks === undefined ? link : `${link}, ${extraLinks}`);
  return reply.type(kind === 'geo' ? 'application/geo+json' : 'application/json').send(payload);
}
