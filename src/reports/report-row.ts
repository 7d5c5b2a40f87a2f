// One citizen report as stored (table report_requests); column names as in the migration.

export const workflowStates = [
  'submitted',
  'acknowledged',
  'assigned',
  'in_progress',
  'resolved',
  'rejected',
  'duplicate',
  'reopened',
] as const;
export type WorkflowState = (typeof workflowStates)[number];

export const moderationStates = ['pending', 'approved', 'hidden'] as const;
export type Moderation = (typeof moderationStates)[number];

export interface ReportRow {
  pk: number;
  jurisdiction: string;
  id: string;
  service_code: string;
  service_name: string | null;
  state: WorkflowState;
  status: 'open' | 'closed';
  status_notes: string | null;
  description: string | null;
  agency: string | null;
  assignee: string | null;
  service_notice: string | null;
  requested_at: string;
  requested_ms: number;
  updated_at: string | null;
  expected_at: string | null;
  expected_ms: number | null;
  answered_ms: number | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  ward: string | null;
  media_url: string | null;
  moderation: Moderation;
  /** JSON text: { attributes?, extended_attributes? } as given at import or submission. */
  extra: string | null;
  citizen_key: string | null;
  token: string | null;
  rating: number | null;
  escalated_to: string | null;
  duplicate_of: string | null;
}

export type NewReport = Omit<ReportRow, 'pk'>;

export interface Contact {
  email?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  phone?: string | undefined;
  device_id?: string | undefined;
  account_id?: string | undefined;
}

export const openStates: readonly WorkflowState[] = [
  'submitted',
  'acknowledged',
  'assigned',
  'in_progress',
  'reopened',
];

export const statusOf = (state: WorkflowState): 'open' | 'closed' =>
  openStates.includes(state) ? 'open' : 'closed';
