import { createHash, randomBytes } from 'node:crypto';
import { badRequestData, DothiError } from '../kernel/index.js';
import type { Jurisdiction, ServiceDef } from './jurisdictions.js';
import type { Contact } from './report-row.js';

// Validation of a GeoReport v2 POST requests.{fmt} (wiki.open311.org/GeoReport_v2#POST_Service_Request).

export interface SubmitInput {
  api_key?: string | undefined;
  service_code?: string | undefined;
  lat?: string | undefined;
  long?: string | undefined;
  address_string?: string | undefined;
  address_id?: string | undefined;
  description?: string | undefined;
  media_url?: string | undefined;
  /** `attribute[code]=value` members, by code. */
  attributes: Record<string, string | string[]>;
  contact: Contact;
  photo?: Buffer | undefined;
}

export interface ValidSubmission {
  service: ServiceDef;
  lat: number | undefined;
  lng: number | undefined;
  address: string | undefined;
  description: string | undefined;
  mediaUrl: string | undefined;
  attributes: Record<string, string | string[]>;
}

const MAX_DESCRIPTION = 4000;
const html = /<\/?[a-z][\s\S]*?>/i;

function coordinate(raw: string | undefined, name: string, limit: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || Math.abs(n) > limit)
    throw badRequestData(`${name} must be a number within ±${limit}`);
  return n;
}

function checkAttributes(service: ServiceDef, given: SubmitInput['attributes']) {
  for (const a of service.attributes ?? []) {
    const v = given[a.code];
    if (a.required && a.variable && (v === undefined || v === '')) {
      throw badRequestData(`attribute[${a.code}] is required for service ${service.service_code}`);
    }
    const keys = a.values?.map((x) => x.key);
    const values = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (keys !== undefined && values.some((x) => !keys.includes(x))) {
      throw badRequestData(`attribute[${a.code}] must be one of ${keys.join(', ')}`);
    }
  }
}

export function validateSubmission(
  j: Jurisdiction,
  input: SubmitInput,
  apiKeys: readonly string[],
): ValidSubmission {
  if (input.api_key === undefined || !apiKeys.includes(input.api_key)) {
    throw new DothiError('FORBIDDEN', 'api_key is missing or invalid');
  }
  if (input.service_code === undefined || input.service_code === '')
    throw badRequestData('service_code is required');
  const service = j.service(input.service_code);
  if (service === undefined)
    throw badRequestData(`service_code ${input.service_code} is not a service of ${j.id}`);
  const lat = coordinate(input.lat, 'lat', 90);
  const lng = coordinate(input.long, 'long', 180);
  if ((lat === undefined) !== (lng === undefined)) throw badRequestData('lat and long go together');
  const address = input.address_string?.trim() || input.address_id?.trim() || undefined;
  if (lat === undefined && address === undefined && input.photo === undefined) {
    throw badRequestData('a location is required: lat and long, address_string or address_id');
  }
  const description = input.description?.trim() || undefined;
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    throw badRequestData(`description is longer than ${MAX_DESCRIPTION} characters`);
  }
  if (description !== undefined && html.test(description))
    throw badRequestData('description must not contain HTML');
  if (input.media_url !== undefined && input.media_url !== '' && !/^https?:\/\/\S+$/.test(input.media_url)) {
    throw badRequestData('media_url must be an http(s) URL');
  }
  checkAttributes(service, input.attributes);
  return {
    service,
    lat,
    lng,
    address,
    description,
    mediaUrl: input.media_url || undefined,
    attributes: input.attributes,
  };
}

/** A short public id; the follow key is a secret given once to the reporter (kept hashed). */
export const newRequestId = () => randomBytes(6).toString('hex');
export const newSecret = () => randomBytes(18).toString('base64url');
export const hashSecret = (s: string) => createHash('sha256').update(s).digest('base64url');
