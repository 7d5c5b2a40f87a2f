import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';
import { toDothiError } from '../http/index.js';
import { open311Errors } from './open311-format.js';
import type { SubmitInput } from './submit.js';
import { toXml } from './xml.js';

// HTTP helpers of the Open311 API: the format from the path's extension, documents in JSON or XML,
// errors as GeoReport v2 error lists, and the fields of a POST in any of its encodings.

export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];

/** Splits "name.json" into the name and the format; anything else is an Open311 404. */
export function splitFormat(file: string): { name: string; format: Format } {
  const dot = file.lastIndexOf('.');
  const ext = dot < 0 ? '' : file.slice(dot + 1);
  if (!(formats as readonly string[]).includes(ext)) {
    throw new DothiError('RESOURCE_NOT_FOUND', `${file}: the format must be .json or .xml`);
  }
  return { name: decodeURIComponent(file.slice(0, dot)), format: ext as Format };
}

export function sendDocument(
  reply: FastifyReply,
  format: Format,
  names: { root: string; item: string },
  items: readonly object[],
  status = 200,
) {
  reply.code(status);
  if (format === 'xml')
    return reply.type('text/xml; charset=utf-8').send(toXml(names.root, names.item, items));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(items));
}

/** Error handler of the Open311 routes: the format of the requested path, GeoReport v2 shape. */
export function open311ErrorHandler(log: { error(o: object, m: string): void }) {
  return function renderOpen311Error(err: unknown, req: FastifyRequest, reply: FastifyReply) {
    const known = toDothiError(err) ?? new DothiError('INTERNAL_ERROR', 'internal error; see the server log');
    if (known.code === 'INTERNAL_ERROR') log.error({ err, url: req.url }, 'unhandled error');
    const path = req.url.split('?')[0]!;
    const format: Format = path.endsWith('.xml') ? 'xml' : 'json';
    return sendDocument(
      reply,
      format,
      { root: 'errors', item: 'error' },
      open311Errors(known.status, known.message),
      known.status,
    );
  };
}

type Fields = Record<string, string | string[]>;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** attribute[code]=value and attribute[code][]=value members, by code. */
function attributesOf(fields: Fields): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (m !== null) out[m[1]!] = m[2] === undefined ? (str(v) ?? '') : Array.isArray(v) ? v : [v];
  }
  return out;
}

export function submitInput(fields: Fields, photo: Buffer | undefined): SubmitInput {
  const f = (k: string) => str(fields[k]);
  return {
    api_key: f('api_key'),
    service_code: f('service_code'),
    lat: f('lat'),
    long: f('long'),
    address_string: f('address_string'),
    address_id: f('address_id'),
    description: f('description'),
    media_url: f('media_url'),
    attributes: attributesOf(fields),
    contact: {
      email: f('email'),
      first_name: f('first_name'),
      last_name: f('last_name'),
      phone: f('phone'),
      device_id: f('device_id'),
      account_id: f('account_id'),
    },
    photo,
  };
}

function add(fields: Fields, k: string, v: string) {
  const had = fields[k];
  fields[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
}

export function formFields(body: string): Fields {
  const fields: Fields = {};
  for (const [k, v] of new URLSearchParams(body)) add(fields, k, v);
  return fields;
}

const MAX_PHOTO = 15 * 1024 * 1024;

/** The fields and the photo (`media`) of a multipart/form-data POST. */
export async function multipartFields(
  req: FastifyRequest,
): Promise<{ fields: Fields; photo: Buffer | undefined }> {
  const fields: Fields = {};
  let photo: Buffer | undefined;
  for await (const part of req.parts({ limits: { fileSize: MAX_PHOTO, files: 1, fields: 64 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'media')
        throw new DothiError('BAD_REQUEST_DATA', 'the photo goes in the field media');
      photo = await part.toBuffer();
    } else add(fields, part.fieldname, String(part.value));
  }
  return { fields, photo };
}

export function jsonFields(body: unknown): Fields {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const fields: Fields = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v);
    else if (Array.isArray(v)) fields[k] = v.map(String);
  }
  return fields;
}
