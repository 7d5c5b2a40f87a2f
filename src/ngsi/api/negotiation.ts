import type { FastifyRequest } from 'fastify';
import { DothiError } from '../../kernel/index.js';

// Media types of the NGSI-LD API (CIM 009 §6.3.4-§6.3.6).

export const responseKinds = ['json', 'ld', 'geo'] as const;
export type ResponseKind = (typeof responseKinds)[number];

const acceptable: Record<string, ResponseKind> = {
  'application/json': 'json',
  'application/ld+json': 'ld',
  'application/geo+json': 'geo',
  'application/*': 'json',
  '*/*': 'json',
};

const acceptCache = new Map<string, ResponseKind | null>();

/** Picks the representation from the Accept header, honouring q-values; 406 when none fits. */
export function responseKind(req: FastifyRequest, allowGeo = true): ResponseKind {
  const header = req.headers.accept;
  if (header === undefined || header === '') return 'json';
  let kind = acceptCache.get(header);
  if (kind === undefined) {
    kind = pick(header);
    if (acceptCache.size > 500) acceptCache.clear();
    acceptCache.set(header, kind);
  }
  if (kind === null || (kind === 'geo' && !allowGeo)) {
    throw new DothiError(
      'NOT_ACCEPTABLE',
      `none of the media types in Accept is offered; use application/json, application/ld+json${allowGeo ? ' or application/geo+json' : ''}`,
    );
  }
  return kind;
}

function pick(header: string): ResponseKind | null {
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim().toLowerCase(), q: q === undefined ? 1 : Number(q.slice(2)), order };
    })
    .filter((r) => r.q > 0 && acceptable[r.type] !== undefined)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.length === 0 ? null : acceptable[ranked[0]!.type]!;
}

export function requestMediaType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
