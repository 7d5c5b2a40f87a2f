import { badRequestData, notFound } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import type { Jurisdictions } from './jurisdictions.js';
import { reportRepo, type RequestFilter } from './report-repo.js';
import type { ReportRow } from './report-row.js';
import { updateRepo } from './update-repo.js';

// Reads behind the Open311 GET endpoints and the staff lists, with GeoReport v2 defaults: without
// dates or ids, the last 90 days; at most 1000 requests a page (wiki "GET Service Requests").

export interface ListQuery {
  jurisdiction_id?: string | undefined;
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  status?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  page?: string | undefined;
  page_size?: string | undefined;
}

const DAY_MS = 86_400_000;
const MAX_PAGE = 1000;
const list = (s: string | undefined) =>
  s === undefined || s === ''
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

function date(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw badRequestData(`${name} must be an ISO 8601 date or date-time`);
  return ms;
}

function positive(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badRequestData(`${name} must be an integer from 1 to ${max}`);
  return n;
}

export function parseListQuery(q: ListQuery, jurisdiction: string, nowMs: number): RequestFilter {
  const ids = list(q.service_request_id);
  if (q.status !== undefined && q.status !== '' && q.status !== 'open' && q.status !== 'closed') {
    throw badRequestData('status must be open or closed');
  }
  let startMs = date(q.start_date, 'start_date');
  const endMs = date(q.end_date, 'end_date');
  if (startMs !== undefined && endMs !== undefined && startMs > endMs)
    throw badRequestData('start_date is after end_date');
  if (ids === undefined && startMs === undefined) startMs = (endMs ?? nowMs) - 90 * DAY_MS;
  const pageSize = positive(q.page_size, 'page_size', MAX_PAGE, MAX_PAGE);
  const page = positive(q.page, 'page', 1, 1_000_000);
  const codes = list(q.service_code);
  return {
    jurisdiction,
    ...(ids === undefined ? {} : { ids }),
    ...(codes === undefined ? {} : { serviceCodes: codes }),
    ...(q.status === 'open' || q.status === 'closed' ? { status: q.status } : {}),
    ...(startMs === undefined ? {} : { startMs }),
    ...(endMs === undefined ? {} : { endMs }),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
}

export function createQueries(store: Store, jurisdictions: Jurisdictions) {
  return {
    list: (filter: RequestFilter) => reportRepo.list(store.read, filter),
    async one(jurisdictionId: string | undefined, id: string): Promise<ReportRow> {
      const j = jurisdictions.get(jurisdictionId);
      const row = await reportRepo.byId(store.read, j.id, id);
      if (row === undefined) throw notFound(`no service request ${id}`);
      return row;
    },
    async byToken(jurisdictionId: string | undefined, token: string): Promise<ReportRow> {
      const j = jurisdictions.get(jurisdictionId);
      const row = await reportRepo.byToken(store.read, j.id, token);
      if (row === undefined) throw notFound(`no token ${token}`);
      return row;
    },
    contact: (pk: number) => reportRepo.contact(store.read, pk),
    updates: (f: Parameters<typeof updateRepo.feed>[1]) => updateRepo.feed(store.read, f),
    async media(file: string) {
      const m = await updateRepo.media(store.read, file);
      if (m === undefined) throw notFound(`no media ${file}`);
      return m;
    },
    stats: (jurisdiction: string, nowMs: number, offsetMs: number) =>
      updateRepo.stats(store.read, jurisdiction, nowMs, offsetMs),
  };
}

export type Queries = ReturnType<typeof createQueries>;
