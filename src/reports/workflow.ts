import { badRequestData, DothiError } from '../kernel/index.js';
import { openStates, type ReportRow, type WorkflowState } from './report-row.js';

// The staff and citizen actions on a report, declared once as data: which states each may start
// from, the state it leads to, and the text it needs (a public answer, a reason).

export const staffActions = ['acknowledge', 'assign', 'start', 'resolve', 'reject', 'merge'] as const;
export const moderationActions = ['approve', 'hide'] as const;
export const citizenActions = ['rate', 'reopen'] as const;
export type StaffAction = (typeof staffActions)[number];
export type ModerationAction = (typeof moderationActions)[number];
export type CitizenAction = (typeof citizenActions)[number];

interface Transition {
  from: readonly WorkflowState[];
  to: WorkflowState;
  /** The body member this action cannot do without. */
  needs?: 'note' | 'assignee' | 'duplicate_of';
  /** Whether the action answers the citizen (stops the deadline clock). */
  answers?: boolean;
}

const closed: readonly WorkflowState[] = ['resolved', 'rejected', 'duplicate'];

export const transitions: Record<StaffAction | 'reopen', Transition> = {
  acknowledge: { from: ['submitted', 'reopened'], to: 'acknowledged' },
  assign: { from: openStates, to: 'assigned', needs: 'assignee' },
  start: { from: ['submitted', 'acknowledged', 'assigned', 'reopened'], to: 'in_progress' },
  resolve: { from: openStates, to: 'resolved', needs: 'note', answers: true },
  reject: { from: openStates, to: 'rejected', needs: 'note', answers: true },
  merge: { from: openStates, to: 'duplicate', needs: 'duplicate_of', answers: true },
  reopen: { from: closed, to: 'reopened', needs: 'note' },
};

export interface ActionBody {
  note?: string | undefined;
  assignee?: string | undefined;
  duplicate_of?: string | undefined;
}

export function checkTransition(
  row: ReportRow,
  action: StaffAction | 'reopen',
  body: ActionBody,
): Transition {
  const t = transitions[action];
  if (!t.from.includes(row.state)) {
    throw new DothiError('INVALID_TRANSITION', `cannot ${action} a report that is ${row.state}`);
  }
  const needed = t.needs === undefined ? undefined : body[t.needs];
  if (t.needs !== undefined && (needed === undefined || needed.trim() === '')) {
    throw badRequestData(`${action} needs ${t.needs}`);
  }
  return t;
}

export function isStaffAction(a: string): a is StaffAction {
  return (staffActions as readonly string[]).includes(a);
}
export function isModerationAction(a: string): a is ModerationAction {
  return (moderationActions as readonly string[]).includes(a);
}
