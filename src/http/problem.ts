import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DothiError, isDothiError, toProblem, type Logger } from '../kernel/index.js';

// One renderer for every error (STYLE.md §6): DothiErrors as they are, Fastify's own errors
// mapped to catalogue codes, anything else a 500 whose detail never leaks internals.

const fastifyCodes: Record<string, (e: FastifyError) => DothiError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new DothiError('PAYLOAD_TOO_LARGE', 'the request body exceeds the configured limit'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => new DothiError('UNSUPPORTED_MEDIA_TYPE', e.message),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new DothiError('INVALID_REQUEST', 'Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new DothiError('INVALID_REQUEST', 'the request body is empty'),
  FST_ERR_CTP_INVALID_TYPE: () =>
    new DothiError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type is missing or invalid'),
  FST_ERR_VALIDATION: (e) => new DothiError('BAD_REQUEST_DATA', e.message),
};

export function toDothiError(err: unknown): DothiError | undefined {
  if (isDothiError(err)) return err;
  const fe = err as FastifyError;
  if (typeof fe?.code === 'string') {
    const map = fastifyCodes[fe.code];
    if (map !== undefined) return map(fe);
  }
  if (fe?.statusCode === 413)
    return new DothiError('PAYLOAD_TOO_LARGE', 'the request body exceeds the configured limit');
  if (fe?.statusCode === 415) return new DothiError('UNSUPPORTED_MEDIA_TYPE', fe.message);
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new DothiError('INVALID_REQUEST', fe.message);
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, err: DothiError, instance?: string): FastifyReply {
  return reply.code(err.status).type('application/problem+json').send(toProblem(err, instance));
}

export function errorHandler(log: Logger) {
  return function renderError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
    const known = toDothiError(err);
    if (known !== undefined) return sendProblem(reply, known, req.url);
    log.error({ err, method: req.method, url: req.url }, 'unhandled error');
    return sendProblem(
      reply,
      new DothiError('INTERNAL_ERROR', 'internal error; see the server log'),
      req.url,
    );
  };
}
