// NotificationParams (CIM 009 §5.2.14) and Endpoint (§5.2.15) of a subscription body.
import { badRequestData } from '../../kernel/index.js';
import { renderFormats, type RenderFormat } from '../entity/render-options.js';
import type { TermMapper } from '../entity/term-mapper.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import { endpointAccepts, type EndpointAccept, type KeyValue, type NotificationParams } from './model.js';

export type Body = Record<string, unknown>;

export function asObject(v: unknown, what: string): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badRequestData(`${what} must be an object`);
  return v as Body;
}

export function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s !== '')) {
    throw badRequestData(`${what} must be a non-empty array of strings`);
  }
  return v as string[];
}

function keyValues(v: unknown, what: string): KeyValue[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw badRequestData(`${what} must be an array of { key, value }`);
  return v.map((kv) => {
    const o = asObject(kv, what);
    if (typeof o.key !== 'string' || o.key === '' || typeof o.value !== 'string') {
      throw badRequestData(`${what}: every member needs a string key and value`);
    }
    return { key: o.key, value: o.value };
  });
}

function isHttpUri(s: unknown): s is string {
  if (!isAbsoluteUri(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

function parseEndpoint(v: unknown): NotificationParams['endpoint'] {
  const e = asObject(v, 'notification.endpoint');
  // MQTT endpoints (§7.3) are not supported yet: only http(s) URIs are accepted.
  if (!isHttpUri(e.uri)) throw badRequestData('notification.endpoint.uri must be an http(s) URI');
  const accept = e.accept ?? 'application/json';
  if (!(endpointAccepts as readonly unknown[]).includes(accept)) {
    throw badRequestData(`notification.endpoint.accept must be one of ${endpointAccepts.join(', ')}`);
  }
  const receiverInfo = keyValues(e.receiverInfo, 'notification.endpoint.receiverInfo');
  const notifierInfo = keyValues(e.notifierInfo, 'notification.endpoint.notifierInfo');
  return {
    uri: e.uri,
    accept: accept as EndpointAccept,
    ...(receiverInfo === undefined ? {} : { receiverInfo }),
    ...(notifierInfo === undefined ? {} : { notifierInfo }),
  };
}

function optionalBoolean(v: unknown, what: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw badRequestData(`${what} must be a boolean`);
  return v;
}

export function parseNotification(v: unknown, terms: TermMapper): NotificationParams {
  const n = asObject(v, 'notification');
  const format = n.format ?? 'normalized';
  if (!(renderFormats as readonly unknown[]).includes(format)) {
    throw badRequestData(`notification.format must be one of ${renderFormats.join(', ')}`);
  }
  const attributes =
    n.attributes === undefined
      ? undefined
      : stringList(n.attributes, 'notification.attributes').map((a) => terms.expand(a));
  return {
    ...(attributes === undefined ? {} : { attributes }),
    format: format as RenderFormat,
    showChanges: optionalBoolean(n.showChanges, 'notification.showChanges'),
    sysAttrs: optionalBoolean(n.sysAttrs, 'notification.sysAttrs'),
    endpoint: parseEndpoint(n.endpoint),
  };
}
