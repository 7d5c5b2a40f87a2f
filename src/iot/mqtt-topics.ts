import type { PayloadFormat } from './codecs.js';

// The IoT Agents' MQTT topics: `/<apikey>/<deviceId>/attrs` (and `/attrs/<name>` for one
// attribute), `/cmd` (dothi → device) and `/cmdexe` (device → dothi), optionally prefixed with
// `/json` or `/ul` to name the payload format; the leading '/' may be left out.

export type TopicKind = 'attrs' | 'cmd' | 'cmdexe';

export interface DeviceTopic {
  /** undefined: not named by the topic, the device's protocol (or the payload) decides. */
  format: PayloadFormat | undefined;
  apikey: string;
  deviceId: string;
  kind: TopicKind;
  attr?: string;
}

export function parseTopic(topic: string): DeviceTopic | undefined {
  const parts = (topic.startsWith('/') ? topic.slice(1) : topic).split('/');
  let format: PayloadFormat | undefined;
  if (parts[0] === 'json' || parts[0] === 'ul') {
    format = parts[0];
    parts.shift();
  }
  const [apikey, deviceId, kind, attr, ...rest] = parts;
  if (apikey === undefined || apikey === '' || deviceId === undefined || deviceId === '' || rest.length > 0) {
    return undefined;
  }
  if (kind === 'attrs' && attr === undefined) return { format, apikey, deviceId, kind };
  if (kind === 'attrs' && attr !== '') return { format, apikey, deviceId, kind, attr: attr! };
  if ((kind === 'cmd' || kind === 'cmdexe') && attr === undefined) return { format, apikey, deviceId, kind };
  return undefined;
}

/** The topic a command for a device is published on. */
export function commandTopic(format: PayloadFormat | undefined, apikey: string, deviceId: string): string {
  return `${format === undefined ? '' : `/${format}`}/${apikey}/${deviceId}/cmd`;
}

/** Topic filters that receive every device message for the given apikeys ('+' for all). */
export function ingestFilters(apikeys: readonly string[]): string[] {
  const out: string[] = [];
  for (const prefix of ['', '/json', '/ul']) {
    for (const k of apikeys)
      out.push(`${prefix}/${k}/+/attrs`, `${prefix}/${k}/+/attrs/+`, `${prefix}/${k}/+/cmdexe`);
  }
  return out;
}
