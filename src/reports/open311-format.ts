import type { Jurisdictions, ServiceDef } from './jurisdictions.js';
import type { ReportRow, WorkflowState } from './report-row.js';
import type { UpdateRow } from './update-repo.js';

// GeoReport v2 representations (wiki.open311.org/GeoReport_v2) of services, requests and updates,
// with the FixMyStreet extended statuses (STANDARDS.md §5.2) in `extended_attributes`.

export const extendedStatus: Record<WorkflowState, string> = {
  submitted: 'OPEN',
  acknowledged: 'INVESTIGATING',
  assigned: 'ACTION_SCHEDULED',
  in_progress: 'IN_PROGRESS',
  resolved: 'FIXED',
  rejected: 'NO_FURTHER_ACTION',
  duplicate: 'DUPLICATE',
  reopened: 'REOPEN',
};

const routingKeys = new Set(['agencies', 'deadline_days', 'attributes']);

/** A service as listed by services.{fmt}: the pack entry without its routing members. */
export function serviceListItem(s: ServiceDef): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !routingKeys.has(k)));
}

export function serviceDefinition(s: ServiceDef): Record<string, unknown> {
  return { service_code: s.service_code, attributes: s.attributes ?? [] };
}

interface Extra {
  extended_attributes?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
}

const parseExtra = (row: ReportRow): Extra => (row.extra === null ? {} : (JSON.parse(row.extra) as Extra));

/** An agency's display name by id (imported reports carry a name already). */
export type AgencyNames = (jurisdiction: string, id: string) => string | undefined;

/** What anyone may see of a report: text and photo only once a moderator approved them. */
export function publicRequest(
  row: ReportRow,
  publicBase: string,
  names?: AgencyNames,
): Record<string, unknown> {
  const approved = row.moderation === 'approved';
  const extra = parseExtra(row);
  return {
    service_request_id: row.id,
    status: row.status,
    status_notes: row.status_notes,
    service_name: row.service_name,
    service_code: row.service_code,
    description: approved ? row.description : null,
    agency_responsible: row.agency === null ? null : (names?.(row.jurisdiction, row.agency) ?? row.agency),
    service_notice: row.service_notice,
    requested_datetime: row.requested_at,
    updated_datetime: row.updated_at,
    expected_datetime: row.expected_at,
    address: row.address,
    lat: row.lat,
    long: row.lng,
    media_url: approved ? mediaUrl(row.media_url, publicBase) : null,
    extended_attributes: extra.extended_attributes ?? nativeExtended(row),
  };
}

/** Stored media links are absolute, or relative to the server for uploaded photos. */
const mediaUrl = (url: string | null, base: string) =>
  url === null || /^https?:/.test(url) ? url : `${base}${url}`;

function nativeExtended(row: ReportRow): Record<string, unknown> {
  return {
    detailed_status: extendedStatus[row.state],
    agency_id: row.agency,
    ward: row.ward,
    rating: row.rating,
    escalated_to: row.escalated_to,
    duplicate_of: row.duplicate_of,
    moderation: row.moderation,
  };
}

export function requestUpdate(u: UpdateRow, publicBase: string): Record<string, unknown> {
  return {
    update_id: String(u.update_id),
    service_request_id: u.service_request_id,
    status: u.status,
    updated_datetime: u.updated_at,
    description: u.description,
    media_url: mediaUrl(u.media_url, publicBase),
    external_status_code: extendedStatus[u.state],
  };
}

/** An Open311 error list: HTTP status as the code (GeoReport v2 "Errors"). */
export const open311Errors = (status: number, description: string) => [{ code: status, description }];

export function agencyNames(jurisdictions: Jurisdictions): AgencyNames {
  return (jurisdiction, id) => {
    try {
      return jurisdictions.get(jurisdiction).agency(id)?.name;
    } catch {
      return undefined; // a report of a jurisdiction no longer configured keeps its agency id
    }
  };
}
