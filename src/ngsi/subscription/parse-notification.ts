// NotificationParams (CIM 009 §5.2.14) and Endpoint (§5.2.15) of a subscription body.
import { badRequestData } from '../../kernel/index.js';
import { renderFormats, type RenderFormat } from '../entity/render-options.js';
import type { TermMapper } from '../entity/term-mapper.js';
import { isAbsoluteUri } from '../entity/validate-uri.js';
import {
  endpointAccepts,
  mqttVersions,
  type EndpointAccept,
  type KeyValue,
  type NotificationParams,
} from './model.js';

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

function endpointUrl(s: unknown): URL | undefined {
  if (!isAbsoluteUri(s)) return undefined;
  try {
    const u = new URL(s);
    return u.host === '' ? undefined : u;
  } catch {
    return undefined;
  }
}

const mqttSchemes = new Set(['mqtt:', 'mqtts:']);

/** CIM 009 §5.2.15, MQTT binding: `mqtt[s]://[user:pass@]host[:port]/topic`. */
export function isMqttUri(uri: string): boolean {
  return mqttSchemes.has(new URL(uri).protocol);
}

const notifierInfoValues: Record<string, readonly string[]> = {
  'MQTT-Version': mqttVersions,
  'MQTT-QoS': ['0', '1', '2'],
};

function checkNotifierInfo(info: readonly KeyValue[] | undefined): void {
  for (const { key, value } of info ?? []) {
    const allowed = notifierInfoValues[key];
    if (allowed !== undefined && !allowed.includes(value)) {
      throw badRequestData(`notification.endpoint.notifierInfo ${key} must be one of ${allowed.join(', ')}`);
    }
  }
}

function parseEndpoint(v: unknown): NotificationParams['endpoint'] {
  const e = asObject(v, 'notification.endpoint');
  const url = endpointUrl(e.uri);
  const http = url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:');
  const mqtt = url !== undefined && mqttSchemes.has(url.protocol);
  if (!http && !mqtt) {
    throw badRequestData('notification.endpoint.uri must be an http(s) or mqtt(s) URI');
  }
  if (mqtt && url.pathname.length <= 1) {
    throw badRequestData('notification.endpoint.uri: an MQTT endpoint needs a topic as its path');
  }
  const accept = e.accept ?? 'application/json';
  if (!(endpointAccepts as readonly unknown[]).includes(accept)) {
    throw badRequestData(`notification.endpoint.accept must be one of ${endpointAccepts.join(', ')}`);
  }
  const receiverInfo = keyValues(e.receiverInfo, 'notification.endpoint.receiverInfo');
  const notifierInfo = keyValues(e.notifierInfo, 'notification.endpoint.notifierInfo');
  checkNotifierInfo(notifierInfo);
  return {
    uri: e.uri as string,
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

/** The endpoint of in-process watches, which are delivered to a listener rather than sent. */
export const IN_PROCESS_ENDPOINT: NotificationParams['endpoint'] = Object.freeze({
  uri: 'urn:dothi:in-process',
  accept: 'application/json',
});

function parseEndpointOf(n: Body, inProcess: boolean): NotificationParams['endpoint'] {
  if (!inProcess) return parseEndpoint(n.endpoint);
  if (n.endpoint !== undefined) throw badRequestData('an in-process watch has no notification.endpoint');
  return IN_PROCESS_ENDPOINT;
}

export function parseNotification(v: unknown, terms: TermMapper, inProcess = false): NotificationParams {
  // An in-process watch may omit `notification` (all attributes, normalized).
  const n = inProcess && v === undefined ? {} : asObject(v, 'notification');
  const format = n.format ?? 'normalized';
  if (!(renderFormats as readonly unknown[]).includes(format)) {
    throw badRequestData(`notification.format must be one of ${renderFormats.join(', ')}`);
  }
  const attributes =
    n.attributes === undefined
      ? undefined
      : stringList(n.attributes, 'notification.attributes').map((a) => terms.expand(a));
  const showChanges = optionalBoolean(n.showChanges, 'notification.showChanges');
  // §5.2.14: showChanges cannot be true with the keyValues format, which has no place for it.
  if (showChanges && format === 'keyValues') {
    throw badRequestData('notification.showChanges cannot be combined with format keyValues');
  }
  return {
    ...(attributes === undefined ? {} : { attributes }),
    format: format as RenderFormat,
    showChanges,
    sysAttrs: optionalBoolean(n.sysAttrs, 'notification.sysAttrs'),
    endpoint: parseEndpointOf(n, inProcess),
  };
}
