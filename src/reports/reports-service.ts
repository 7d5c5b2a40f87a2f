import type { Clock, Logger } from '../kernel/index.js';
import { badRequestData, DothiError, notFound } from '../kernel/index.js';
import type { EntityService } from '../ngsi/index.js';
import type { SqlExecutor, Store } from '../store/index.js';
import type { Jurisdiction, Jurisdictions } from './jurisdictions.js';
import type { PhotoPort } from './photo.js';
import { publishReports } from './report-entity.js';
import { reportRepo } from './report-repo.js';
import { statusOf, type NewReport, type ReportRow } from './report-row.js';
import { hashSecret, newRequestId, newSecret, validateSubmission, type SubmitInput } from './submit.js';
import { updateRepo } from './update-repo.js';
import { checkTransition, type ActionBody, type ModerationAction, type StaffAction } from './workflow.js';

export interface ReportsDeps {
  store: Store;
  entities: EntityService;
  clock: Clock;
  log: Logger;
  jurisdictions: Jurisdictions;
  photos: PhotoPort;
  /** Base URL of this server, for links to uploaded photos. */
  publicBase: string;
  /** Open311 api_key values accepted for POST requests. */
  apiKeys: readonly string[];
}

export interface Submitted {
  service_request_id: string;
  token: string;
  service_notice: string;
  account_id: string | null;
  /** Secret to rate or reopen the report; given once, in this answer only. */
  follow_key: string;
}

/** Staff acting on a report; `agencies` undefined means every agency (administrators). */
export interface Actor {
  agencies?: readonly string[];
}

const NEAR_DEGREES = 0.002; // about 200 m: how far a duplicate may be

export function createReportsService(d: ReportsDeps) {
  const iso = (ms: number) => new Date(ms).toISOString();
  // The entities are the module's publication, written by the platform whoever caused the change
  // (a citizen may file a report, not write entities): they carry no request origin (the request
  // itself is audited as such).

  async function publish(rows: readonly ReportRow[]) {
    try {
      await publishReports(d.entities, rows, d.publicBase);
    } catch (err) {
      // The report is durable and served by Open311; the entity is written again on its next change.
      d.log.error(
        { err, ids: rows.map((r) => r.id) },
        'could not publish reports as IssueReporting entities',
      );
    }
  }

  /** Runs a change in one transaction, adds its timeline entry, then publishes the new state. */
  async function change(
    j: Jurisdiction,
    id: string,
    work: (
      tx: SqlExecutor,
      row: ReportRow,
      now: number,
    ) => Promise<{ patch: Partial<NewReport>; note: string | null }>,
  ): Promise<ReportRow> {
    const row = await d.store.write(async (tx) => {
      const found = await reportRepo.byId(tx, j.id, id);
      if (found === undefined) throw notFound(`no service request ${id}`);
      const now = d.clock.now();
      const { patch, note } = await work(tx, found, now);
      const next = { ...found, ...patch, updated_at: iso(now) };
      await reportRepo.update(tx, found.pk, { ...patch, updated_at: next.updated_at });
      await updateRepo.add(tx, found.pk, {
        status: next.status,
        state: next.state,
        description: note,
        at: iso(now),
        ms: now,
      });
      return next;
    });
    await publish([row]);
    return row;
  }

  const mayAct = (actor: Actor, row: ReportRow) =>
    actor.agencies === undefined ||
    actor.agencies.some((a) => a === row.agency || (row.escalated_to !== null && a === row.escalated_to));

  return {
    async submit(jurisdictionId: string | undefined, input: SubmitInput): Promise<Submitted> {
      const j = d.jurisdictions.get(jurisdictionId);
      const v = validateSubmission(j, input, d.apiKeys);
      const photo = input.photo === undefined ? undefined : await d.photos.clean(input.photo);
      const lat = v.lat ?? photo?.gps?.lat;
      const lng = v.lng ?? photo?.gps?.lng;
      const point =
        lat === undefined || lng === undefined
          ? undefined
          : { type: 'Point' as const, coordinates: [lng, lat] };
      if (point === undefined && v.address === undefined)
        throw badRequestData('a location is required: lat and long, address_string, or a photo with GPS');
      const routed = j.route(v.service.service_code, point);
      const now = d.clock.now();
      const deadline =
        v.service.deadline_days === undefined ? null : j.calendar.deadline(now, v.service.deadline_days);
      const key = newSecret();
      const id = newRequestId();
      const mediaId = photo === undefined ? undefined : `${id}-1.jpg`;
      const notice = deadline === null ? 'received' : `answer expected by ${iso(deadline)}`;
      const row: NewReport = {
        jurisdiction: j.id,
        id,
        service_code: v.service.service_code,
        service_name: v.service.service_name,
        state: 'submitted',
        status: 'open',
        status_notes: null,
        description: v.description ?? null,
        agency: routed.agency?.id ?? null,
        assignee: null,
        service_notice: notice,
        requested_at: iso(now),
        requested_ms: now,
        updated_at: iso(now),
        expected_at: deadline === null ? null : iso(deadline),
        expected_ms: deadline,
        answered_ms: null,
        address: v.address ?? null,
        lat: lat ?? null,
        lng: lng ?? null,
        ward: routed.ward?.id ?? null,
        media_url: mediaId === undefined ? (v.mediaUrl ?? null) : `/open311/v2/media/${mediaId}`,
        // Text and photos wait for a moderator; a report with neither has nothing to hold back.
        moderation:
          v.description === undefined && v.mediaUrl === undefined && photo === undefined
            ? 'approved'
            : 'pending',
        extra: Object.keys(v.attributes).length === 0 ? null : JSON.stringify({ attributes: v.attributes }),
        citizen_key: hashSecret(key),
        token: newSecret(),
        rating: null,
        escalated_to: null,
        duplicate_of: null,
      };
      const pk = await d.store.write(async (tx) => {
        const pk = await reportRepo.insert(tx, row, input.contact);
        if (photo !== undefined && mediaId !== undefined)
          await updateRepo.addMedia(tx, mediaId, pk, photo.contentType, photo.bytes);
        await updateRepo.add(tx, pk, {
          status: 'open',
          state: 'submitted',
          description: null,
          at: iso(now),
          ms: now,
        });
        return pk;
      });
      await publish([{ ...row, pk }]);
      return {
        service_request_id: id,
        token: row.token!,
        service_notice: notice,
        account_id: input.contact.account_id ?? null,
        follow_key: key,
      };
    },

    async act(
      jurisdictionId: string | undefined,
      id: string,
      action: StaffAction,
      body: ActionBody,
      actor: Actor,
    ) {
      const j = d.jurisdictions.get(jurisdictionId);
      return change(j, id, async (tx, row, now) => {
        if (!mayAct(actor, row)) throw new DothiError('FORBIDDEN', `report ${id} belongs to another agency`);
        const t = checkTransition(row, action, body);
        const patch: Partial<NewReport> = { state: t.to, status: statusOf(t.to) };
        if (t.answers === true) patch.answered_ms = now;
        if (action === 'assign') patch.assignee = body.assignee!;
        if (t.needs === 'note') patch.status_notes = body.note!.trim();
        if (action === 'merge') await checkDuplicate(tx, j, row, body.duplicate_of!, patch);
        return { patch, note: t.needs === 'note' ? body.note!.trim() : (patch.status_notes ?? null) };
      });
    },

    async moderate(jurisdictionId: string | undefined, id: string, action: ModerationAction, actor: Actor) {
      const j = d.jurisdictions.get(jurisdictionId);
      return change(j, id, async (_tx, row) => {
        if (!mayAct(actor, row)) throw new DothiError('FORBIDDEN', `report ${id} belongs to another agency`);
        return {
          patch: { moderation: action === 'approve' ? 'approved' : 'hidden' },
          note: null,
        };
      });
    },

    async rate(jurisdictionId: string | undefined, id: string, key: string, rating: number) {
      if (!Number.isInteger(rating) || rating < 1 || rating > 5)
        throw badRequestData('rating must be an integer from 1 to 5');
      const j = d.jurisdictions.get(jurisdictionId);
      return change(j, id, async (_tx, row) => {
        checkKey(row, key);
        if (row.status !== 'closed')
          throw new DothiError('INVALID_TRANSITION', 'only an answered report can be rated');
        return { patch: { rating }, note: null };
      });
    },

    async reopen(jurisdictionId: string | undefined, id: string, key: string, reason: string) {
      const j = d.jurisdictions.get(jurisdictionId);
      return change(j, id, async (_tx, row, now) => {
        checkKey(row, key);
        const t = checkTransition(row, 'reopen', { note: reason });
        const days = j.service(row.service_code)?.deadline_days;
        const deadline = days === undefined ? null : j.calendar.deadline(now, days);
        return {
          patch: {
            state: t.to,
            status: 'open',
            answered_ms: null,
            escalated_to: null,
            expected_ms: deadline,
            expected_at: deadline === null ? null : iso(deadline),
            rating: null,
          },
          note: reason.trim(),
        };
      });
    },

    /** Hands every open report past its deadline to the supervising agency of its agency. */
    async escalateOverdue(): Promise<string[]> {
      const rows = await reportRepo.overdue(d.store.read, d.clock.now());
      const done: string[] = [];
      for (const r of rows) {
        const j = d.jurisdictions.get(r.jurisdiction);
        const supervisor = r.agency === null ? undefined : j.agency(r.agency)?.supervisor;
        await change(j, r.id, async () => ({
          patch: { escalated_to: supervisor ?? '' },
          note:
            supervisor === undefined
              ? 'overdue'
              : `overdue: escalated to ${j.agency(supervisor)?.name ?? supervisor}`,
        }));
        done.push(r.id);
      }
      return done;
    },

    publish,
    mayAct,
  };

  function checkKey(row: ReportRow, key: string) {
    if (row.citizen_key === null || hashSecret(key) !== row.citizen_key) {
      throw new DothiError('FORBIDDEN', 'the follow key of this report is missing or wrong');
    }
  }

  async function checkDuplicate(
    tx: SqlExecutor,
    j: Jurisdiction,
    row: ReportRow,
    otherId: string,
    patch: Partial<NewReport>,
  ) {
    const other = await reportRepo.byId(tx, j.id, otherId);
    const near =
      other !== undefined &&
      row.lat !== null &&
      row.lng !== null &&
      other.lat !== null &&
      other.lng !== null &&
      Math.abs(other.lat - row.lat) <= NEAR_DEGREES &&
      Math.abs(other.lng - row.lng) <= NEAR_DEGREES;
    if (
      other === undefined ||
      other.id === row.id ||
      other.service_code !== row.service_code ||
      other.status !== 'open' ||
      !near
    ) {
      throw badRequestData(`${otherId} is not an open report of the same service nearby`);
    }
    patch.duplicate_of = otherId;
    patch.status_notes = `duplicate of ${otherId}`;
  }
}

export type ReportsService = ReturnType<typeof createReportsService>;
