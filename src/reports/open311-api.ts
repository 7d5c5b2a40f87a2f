import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequestData, DothiError, type Clock, type Logger } from '../kernel/index.js';
import type { Jurisdictions } from './jurisdictions.js';
import {
  agencyNames,
  publicRequest,
  requestUpdate,
  serviceDefinition,
  serviceListItem,
} from './open311-format.js';
import {
  formats,
  formFields,
  jsonFields,
  multipartFields,
  open311ErrorHandler,
  sendDocument,
  splitFormat,
  submitInput,
} from './open311-http.js';
import { parseListQuery, type ListQuery, type Queries } from './queries.js';
import type { ReportsService } from './reports-service.js';

// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) under /open311/v2, with the FixMyStreet
// updates feed and three dothi extensions for the citizen app: feedback (rate or reopen with the
// follow key), photos, and the public statistics. Public by design (open311PublicRoutes).

export const OPEN311_BASE = '/open311/v2';

export interface Open311Deps {
  service: ReportsService;
  queries: Queries;
  jurisdictions: Jurisdictions;
  clock: Clock;
  log: Logger;
  publicBase: string;
}

type Q = { Querystring: ListQuery & { jurisdiction_id?: string }; Params: { file: string; id: string } };
const names = {
  services: { root: 'services', item: 'service' },
  definition: { root: 'service_definition', item: 'service' },
  requests: { root: 'service_requests', item: 'request' },
  updates: { root: 'service_request_updates', item: 'request_update' },
  stats: { root: 'statistics', item: 'row' },
} as const;

async function postedFields(req: FastifyRequest) {
  if (req.isMultipart()) return multipartFields(req);
  if (typeof req.body === 'string') return { fields: formFields(req.body), photo: undefined };
  return { fields: jsonFields(req.body), photo: undefined };
}

export function open311Api(d: Open311Deps) {
  const j = (req: FastifyRequest<Q>) => d.jurisdictions.get(req.query.jurisdiction_id);
  const agencyName = agencyNames(d.jurisdictions);
  return async function open311(app: FastifyInstance) {
    await app.register(multipart);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
      done(null, body),
    );
    app.setErrorHandler(open311ErrorHandler(d.log));
    app.setNotFoundHandler((req, reply) =>
      open311ErrorHandler(d.log)(
        new DothiError('NOT_FOUND', `no route for ${req.method} ${req.url.split('?')[0]}`),
        req,
        reply,
      ),
    );

    for (const format of formats) {
      app.get<Q>(`/services.${format}`, async (req, reply) =>
        sendDocument(reply, format, names.services, j(req).services.map(serviceListItem)),
      );
      app.get<Q>(`/requests.${format}`, async (req, reply) => {
        const rows = await d.queries.list(parseListQuery(req.query, j(req).id, d.clock.now()));
        return sendDocument(
          reply,
          format,
          names.requests,
          rows.map((r) => publicRequest(r, d.publicBase, agencyName)),
        );
      });
      app.post<Q>(`/requests.${format}`, async (req, reply) => {
        const { fields, photo } = await postedFields(req);
        const done = await d.service.submit(
          req.query.jurisdiction_id ?? (fields.jurisdiction_id as string | undefined),
          submitInput(fields, photo),
        );
        return sendDocument(reply, format, names.requests, [done], 201);
      });
      app.get<Q>(`/servicerequestupdates.${format}`, async (req, reply) => {
        const q = parseListQuery(
          { start_date: req.query.start_date, end_date: req.query.end_date },
          j(req).id,
          d.clock.now(),
        );
        const rows = await d.queries.updates({
          jurisdiction: q.jurisdiction,
          startMs: q.startMs,
          endMs: q.endMs,
          limit: 1000,
        });
        return sendDocument(
          reply,
          format,
          names.updates,
          rows.map((u) => requestUpdate(u, d.publicBase)),
        );
      });
      app.get<Q>(`/statistics.${format}`, async (req, reply) => {
        const jur = j(req);
        const rows = await d.queries.stats(jur.id, d.clock.now(), jur.utcOffsetMinutes * 60_000);
        const out = rows.map((r) => ({
          agency_name: r.agency === null ? null : (agencyName(jur.id, r.agency) ?? r.agency),
          ...r,
          on_time_rate: r.answered + r.late_open === 0 ? null : r.on_time / (r.answered + r.late_open),
        }));
        return sendDocument(reply, format, names.stats, out);
      });
    }

    app.get<Q>(`/services/:file`, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      const s = j(req).service(name);
      if (s === undefined) throw new DothiError('RESOURCE_NOT_FOUND', `no service ${name}`);
      return sendDocument(reply, format, names.definition, [serviceDefinition(s)]);
    });
    app.get<Q>(`/requests/:file`, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      const row = await d.queries.one(req.query.jurisdiction_id, name);
      return sendDocument(reply, format, names.requests, [publicRequest(row, d.publicBase, agencyName)]);
    });
    app.get<Q>(`/tokens/:file`, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      const row = await d.queries.byToken(req.query.jurisdiction_id, name);
      return sendDocument(reply, format, names.requests, [{ service_request_id: row.id, token: name }]);
    });
    app.post<Q>(`/requests/:id/:file`, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      if (name !== 'feedback')
        throw new DothiError('NOT_FOUND', `no route for POST ${req.url.split('?')[0]}`);
      const { fields } = await postedFields(req);
      const key = String(fields.follow_key ?? '');
      const row =
        fields.reopen !== undefined
          ? await d.service.reopen(req.query.jurisdiction_id, req.params.id, key, String(fields.reopen))
          : fields.rating !== undefined
            ? await d.service.rate(req.query.jurisdiction_id, req.params.id, key, Number(fields.rating))
            : (() => {
                throw badRequestData('feedback needs rating (1-5) or reopen (a reason)');
              })();
      return sendDocument(reply, format, names.requests, [publicRequest(row, d.publicBase, agencyName)]);
    });
    app.get<{ Params: { file: string } }>(`/media/:file`, async (req, reply) => {
      const m = await d.queries.media(req.params.file);
      if (m.moderation !== 'approved')
        throw new DothiError('RESOURCE_NOT_FOUND', `no media ${req.params.file}`);
      return reply
        .type(m.content_type)
        .header('cache-control', 'public, max-age=86400')
        .send(Buffer.from(m.bytes));
    });
  };
}

export const open311PublicRoutes = [`GET ${OPEN311_BASE}/`, `POST ${OPEN311_BASE}/requests`] as const;
