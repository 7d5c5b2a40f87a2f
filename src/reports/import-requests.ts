import { z } from 'zod';
import { badRequestData } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import type { Jurisdiction } from './jurisdictions.js';
import { reportRepo } from './report-repo.js';
import type { NewReport, ReportRow } from './report-row.js';
import { updateRepo } from './update-repo.js';

// Import of service requests published by another Open311 server (GeoReport v2 GET requests.json),
// kept as given so that this server serves them back with the same content. Imported reports are
// public already: they need no moderation.

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();
const request = z.object({
  service_request_id: z.string().min(1),
  status: z.enum(['open', 'closed']),
  status_notes: nullable(z.string()),
  service_name: nullable(z.string()),
  service_code: z.string(),
  description: nullable(z.string()),
  agency_responsible: nullable(z.string()),
  service_notice: nullable(z.string()),
  requested_datetime: z.iso.datetime({ offset: true }),
  updated_datetime: nullable(z.iso.datetime({ offset: true })),
  expected_datetime: nullable(z.iso.datetime({ offset: true })),
  address: nullable(z.string()),
  lat: nullable(z.number()),
  long: nullable(z.number()),
  media_url: nullable(z.string()),
  extended_attributes: z.record(z.string(), z.unknown()).optional(),
});
type ImportedRequest = z.infer<typeof request>;

const ms = (s: string | null | undefined) => (s === null || s === undefined ? null : Date.parse(s));

function toRow(j: Jurisdiction, r: ImportedRequest): NewReport {
  const closed = r.status === 'closed';
  return {
    jurisdiction: j.id,
    id: r.service_request_id,
    service_code: r.service_code,
    service_name: r.service_name ?? null,
    state: closed ? 'resolved' : 'submitted',
    status: r.status,
    status_notes: r.status_notes ?? null,
    description: r.description ?? null,
    agency: r.agency_responsible ?? null,
    assignee: null,
    service_notice: r.service_notice ?? null,
    requested_at: r.requested_datetime,
    requested_ms: ms(r.requested_datetime)!,
    updated_at: r.updated_datetime ?? null,
    expected_at: r.expected_datetime ?? null,
    expected_ms: ms(r.expected_datetime),
    answered_ms: closed ? ms(r.updated_datetime) : null,
    address: r.address ?? null,
    lat: r.lat ?? null,
    lng: r.long ?? null,
    ward: null,
    media_url: r.media_url ?? null,
    moderation: 'approved',
    extra:
      r.extended_attributes === undefined
        ? null
        : JSON.stringify({ extended_attributes: r.extended_attributes }),
    citizen_key: null,
    token: null,
    rating: null,
    escalated_to: null,
    duplicate_of: null,
  };
}

/** Validates every request first; then all are written in one transaction, or none. */
export async function importRequests(store: Store, j: Jurisdiction, items: unknown): Promise<ReportRow[]> {
  if (!Array.isArray(items)) throw badRequestData('the body must be a GeoReport v2 requests.json array');
  const rows = items.map((item, i) => {
    const parsed = request.safeParse(item);
    if (!parsed.success) throw badRequestData(`request ${i}: ${z.prettifyError(parsed.error)}`);
    return toRow(j, parsed.data);
  });
  return store.write(async (tx) => {
    const existing = await reportRepo.existingIds(
      tx,
      j.id,
      rows.map((r) => r.id),
    );
    if (existing.length > 0)
      throw badRequestData(`service requests exist already in ${j.id}: ${existing.join(', ')}`);
    const out: ReportRow[] = [];
    for (const row of rows) {
      const pk = await reportRepo.insert(tx, row, undefined);
      const at = row.updated_at ?? row.requested_at;
      await updateRepo.add(tx, pk, {
        status: row.status,
        state: row.state,
        description: row.status_notes,
        at,
        ms: ms(at)!,
      });
      out.push({ ...row, pk });
    }
    return out;
  });
}
