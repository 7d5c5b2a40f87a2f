import { DothiError } from '../kernel/index.js';
import type { Scope } from './model.js';

// FIWARE multi-tenancy: `fiware-service` names the tenant (Orion: lowercase letters, digits and '_',
// at most 50) and becomes the NGSI-LD tenant (NGSILD-Tenant) the measures are written to;
// `fiware-servicepath` ('/' by default) scopes groups and devices inside it.
const service = /^[a-z0-9][a-z0-9_]{0,49}$/;
const servicePath = /^\/[A-Za-z0-9_/-]{0,255}$/;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function parseService(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  const lower = text.toLowerCase();
  if (!service.test(lower)) {
    throw new DothiError('BAD_REQUEST_DATA', `fiware-service '${text}' must be 1-50 letters, digits or '_'`);
  }
  return lower;
}

export function scopeOf(headers: Headers): Scope {
  const tenant = parseService(header(headers, 'fiware-service'));
  const subservice = header(headers, 'fiware-servicepath') ?? '/';
  if (!servicePath.test(subservice)) {
    throw new DothiError(
      'BAD_REQUEST_DATA',
      `fiware-servicepath '${subservice}' must be a path such as /city`,
    );
  }
  return { tenant, subservice };
}
