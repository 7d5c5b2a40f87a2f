import type { AttrInstance, EntityInput, EntityService } from '../ngsi/index.js';
import type { ReportRow, WorkflowState } from './report-row.js';

// Each report is published as a Smart Data Models IssueReporting entity, so the map, history,
// subscriptions and access control of the broker apply. Only public facts go there: no contact
// data, and text and photo only after moderation. Names are expanded with the IssueTracking
// @context (src/ngsi/context/bundled/sdm/dataModel.IssueTracking/context.jsonld).

const SDM = 'https://smartdatamodels.org/';
const IT = `${SDM}dataModel.IssueTracking/`;
const iri = {
  type: `${IT}IssueReporting`,
  category: `${IT}category`,
  categoryCode: `${IT}categoryCode`,
  resolutionStatus: `${IT}resolutionStatus`,
  reportId: `${IT}reportId`,
  wardId: `${IT}wardId`,
  departmentId: `${IT}departmentId`,
  mediaURL: `${IT}mediaURL`,
  comments: `${IT}comments`,
  description: 'http://purl.org/dc/terms/description',
  dateCreated: `${SDM}dateCreated`,
  location: 'https://uri.etsi.org/ngsi-ld/location',
} as const;

const resolutionStatus: Record<WorkflowState, string> = {
  submitted: 'Unassigned',
  acknowledged: 'Open',
  assigned: 'Assigned',
  in_progress: 'InProgress',
  resolved: 'Closed',
  rejected: 'Closed',
  duplicate: 'Closed',
  reopened: 'Open',
};

export const reportEntityId = (row: Pick<ReportRow, 'jurisdiction' | 'id'>) =>
  `urn:ngsi-ld:IssueReporting:${encodeURIComponent(row.jurisdiction)}:${encodeURIComponent(row.id)}`;

const prop = (value: unknown): AttrInstance[] => [{ type: 'Property', value }];

export function reportEntity(row: ReportRow, publicBase: string): EntityInput {
  const attrs: Record<string, AttrInstance[]> = {
    [iri.category]: prop(row.service_name ?? row.service_code),
    [iri.categoryCode]: prop(row.service_code),
    [iri.resolutionStatus]: prop(resolutionStatus[row.state]),
    [iri.reportId]: prop(row.id),
    [iri.dateCreated]: prop(row.requested_at),
  };
  const put = (name: string, value: unknown) => {
    if (value !== null && value !== undefined) attrs[name] = prop(value);
  };
  put(iri.wardId, row.ward);
  put(iri.departmentId, row.agency);
  put(iri.comments, row.status_notes);
  if (row.moderation === 'approved') {
    put(iri.description, row.description);
    put(
      iri.mediaURL,
      row.media_url === null || /^https?:/.test(row.media_url) ? row.media_url : publicBase + row.media_url,
    );
  }
  if (row.lat !== null && row.lng !== null) {
    attrs[iri.location] = [
      { type: 'GeoProperty', value: { type: 'Point', coordinates: [row.lng, row.lat] } },
    ];
  }
  return { id: reportEntityId(row), types: [iri.type], attrs };
}

/** Publishes the reports' current state (one batch, default tenant). */
export async function publishReports(
  entities: EntityService,
  rows: readonly ReportRow[],
  publicBase: string,
) {
  const items = rows.map((r) => ({ ok: true as const, value: reportEntity(r, publicBase) }));
  const result = await entities.batchUpsert('', items, 'replace');
  const failed = result.errors[0];
  if (failed !== undefined) throw failed.error;
}
