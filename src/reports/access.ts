import type { ApiFamily, Principal } from '../auth/index.js';
import { STAFF_BASE } from './staff-api.js';
import type { Actor } from './reports-service.js';

// Who may use the staff API, and on which reports: administrators and operators act on every
// agency's reports, agency staff on their own agency's (and those escalated to it), nobody else.

export const reportsApiFamilies: readonly ApiFamily[] = [
  {
    name: 'reports.staff',
    prefixes: [STAFF_BASE],
    grants: {
      admin: ['read', 'write', 'admin'],
      operator: ['read', 'write'],
      agency: ['read', 'write'],
      analyst: ['read'],
    },
  },
  {
    name: 'reports.admin',
    prefixes: [`${STAFF_BASE}/import`, `${STAFF_BASE}/escalations`],
    grants: { admin: ['read', 'write', 'admin'] },
  },
  {
    name: 'reports.citizen-app',
    prefixes: ['/citizen'],
    grants: {
      admin: ['read'],
      operator: ['read'],
      agency: ['read'],
      analyst: ['read'],
      citizen: ['read'],
      public: ['read'],
    },
  },
];

/** The actor of a request; without authentication (DOTHI_AUTH=off) everyone is an administrator. */
export function reportsActor(p: Principal | undefined): Actor {
  if (
    p === undefined ||
    p.roles.includes('admin') ||
    p.roles.includes('operator') ||
    p.roles.includes('analyst')
  )
    return {};
  if (p.roles.includes('agency') && p.agency !== undefined) return { agencies: [p.agency] };
  return { agencies: [] };
}
