import { DothiError } from '../kernel/index.js';
import type { PayloadFormat } from './codecs.js';

// Command payloads of the IoT Agents. JSON: `{"<command>": <value>}` both ways. UltraLight 2.0:
// `<deviceId>@<command>|<params>` to the device and `<deviceId>@<command>|<result>` back.

export function encodeCommand(format: PayloadFormat, deviceId: string, name: string, value: unknown): string {
  if (format === 'json') return JSON.stringify({ [name]: value });
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const params = Object.entries(value).map(([k, v]) => `${k}=${String(v)}`);
    return `${deviceId}@${name}|${params.join('|')}`;
  }
  return `${deviceId}@${name}|${value === undefined || value === null ? '' : String(value)}`;
}

export function decodeResults(format: PayloadFormat, text: string): Array<{ name: string; result: unknown }> {
  if (format === 'json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DothiError('INVALID_MEASURE', 'the command result is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DothiError('INVALID_MEASURE', 'a JSON command result must be an object');
    }
    return Object.entries(body).map(([name, result]) => ({ name, result }));
  }
  const m = /^([^@|]+)@([^|]+)\|?(.*)$/s.exec(text.trim());
  if (m === null)
    throw new DothiError('INVALID_MEASURE', 'an UltraLight command result is <device>@<command>|<result>');
  return [{ name: m[2]!, result: m[3] }];
}

/** A result that reports a failure: a text starting with ERROR, or an object with an `error` member. */
export function isFailure(result: unknown): boolean {
  if (typeof result === 'string') return /^error\b/i.test(result.trim());
  return typeof result === 'object' && result !== null && 'error' in result;
}
