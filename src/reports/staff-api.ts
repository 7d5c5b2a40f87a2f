import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequestData, DothiError } from '../kernel/index.js';
import type { Clock } from '../kernel/index.js';
import type { Jurisdictions } from './jurisdictions.js';
import { importRequests } from './import-requests.js';
import { agencyNames, publicRequest } from './open311-format.js';
import type { Queries } from './queries.js';
import type { Actor, ReportsService } from './reports-service.js';
import type { Store } from '../store/index.js';
import { isModerationAction, isStaffAction } from './workflow.js';

// The staff API under /reports/v1 (credentials required): lists with the workflow fields, one
// report with the reporter's contact, workflow actions, moderation, escalation and import.
// Agency staff see and act on their agency's reports only (./access.ts); `agency` narrows an
// administrator's list to one agency's reports and those escalated to it.

export const STAFF_BASE = '/reports/v1';

export interface StaffDeps {
  service: ReportsService;
  queries: Queries;
  jurisdictions: Jurisdictions;
  store: Store;
  clock: Clock;
  publicBase: string;
  actorOf(req: FastifyRequest): Actor;
}

type Req = {
  Querystring: Record<string, string | undefined>;
  Params: { id: string };
  Body: Record<string, unknown>;
};

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function staffApi(d: StaffDeps) {
  const names = agencyNames(d.jurisdictions);
  return async function reportsStaff(app: FastifyInstance) {
    app.get<Req>(`${STAFF_BASE}/requests`, async (req) => {
      const j = d.jurisdictions.get(req.query.jurisdiction_id);
      const actor = d.actorOf(req);
      const rows = await d.queries.list({
        jurisdiction: j.id,
        ...(req.query.status === 'open' || req.query.status === 'closed' ? { status: req.query.status } : {}),
        ...(req.query.moderation === undefined ? {} : { moderation: req.query.moderation }),
        limit: 1000,
        offset: 0,
      });
      const agency = req.query.agency;
      return rows
        .filter((r) => d.service.mayAct(actor, r))
        .filter((r) => agency === undefined || r.agency === agency || r.escalated_to === agency)
        .map((r) => staffView(r));
    });

    app.get<Req>(`${STAFF_BASE}/requests/:id`, async (req) => {
      const row = await d.queries.one(req.query.jurisdiction_id, req.params.id);
      if (!d.service.mayAct(d.actorOf(req), row)) {
        throw new DothiError('FORBIDDEN', `report ${row.id} belongs to another agency`);
      }
      return { ...staffView(row), contact: (await d.queries.contact(row.pk)) ?? null };
    });

    app.post<Req>(`${STAFF_BASE}/requests/:id/actions`, async (req) => {
      const action = text(req.body?.action) ?? '';
      const jid = req.query.jurisdiction_id;
      if (isModerationAction(action))
        return staffView(await d.service.moderate(jid, req.params.id, action, d.actorOf(req)));
      if (!isStaffAction(action)) throw badRequestData(`unknown action ${action}`);
      const body = {
        note: text(req.body.note),
        assignee: text(req.body.assignee),
        duplicate_of: text(req.body.duplicate_of),
      };
      return staffView(await d.service.act(jid, req.params.id, action, body, d.actorOf(req)));
    });

    app.post(`${STAFF_BASE}/escalations`, async () => ({ escalated: await d.service.escalateOverdue() }));

    app.post<Req>(`${STAFF_BASE}/import`, async (req, reply) => {
      const j = d.jurisdictions.get(req.query.jurisdiction_id);
      const rows = await importRequests(d.store, j, req.body);
      await d.service.publish(rows);
      return reply.code(201).send({ imported: rows.length });
    });
  };

  function staffView(row: Parameters<typeof publicRequest>[0]) {
    const clock =
      row.expected_ms === null
        ? null
        : d.jurisdictions.get(row.jurisdiction).calendar.workingDaysLeft(d.clock.now(), row.expected_ms);
    return {
      ...publicRequest(row, d.publicBase, names),
      agency_id: row.agency,
      description: row.description,
      media_url:
        row.media_url === null || /^https?:/.test(row.media_url)
          ? row.media_url
          : d.publicBase + row.media_url,
      state: row.state,
      moderation: row.moderation,
      assignee: row.assignee,
      ward: row.ward,
      escalated_to: row.escalated_to,
      rating: row.rating,
      working_days_left: clock,
      overdue: row.status === 'open' && row.expected_ms !== null && row.expected_ms < d.clock.now(),
    };
  }
}
