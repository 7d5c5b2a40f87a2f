import { DothiError } from '../../kernel/index.js';
import { normalizeDateTime } from '../entity/validate-datetime.js';

// The temporal parameters of §5.7.3-§5.7.4 and §6.18-§6.20 (timerel, timeAt, endTimeAt,
// timeproperty, lastN, options), parsed and validated once into a frozen TemporalQuery.

export const timerels = ['before', 'after', 'between'] as const;
export type Timerel = (typeof timerels)[number];
export const timeProperties = ['observedAt', 'createdAt', 'modifiedAt'] as const;
export type TimeProperty = (typeof timeProperties)[number];

export interface TemporalQuery {
  readonly timerel?: Timerel;
  /** toISOString() form. */
  readonly timeAt?: string;
  readonly endTimeAt?: string;
  readonly timeproperty: TimeProperty;
  readonly lastN?: number;
  /** `options=temporalValues` (or `format=temporalValues`): the simplified temporal representation. */
  readonly temporalValues: boolean;
  readonly sysAttrs: boolean;
}

export interface TemporalParams {
  timerel?: string;
  timeAt?: string;
  endTimeAt?: string;
  timeproperty?: string;
  lastN?: string | number;
  options?: string;
  format?: string;
}

const knownOptions = new Set(['temporalValues', 'sysAttrs', 'normalized']);

function bad(message: string): DothiError {
  return new DothiError('BAD_REQUEST_DATA', message);
}

function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw bad(`${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function dateTime(name: string, v: string | undefined): string {
  const t = normalizeDateTime(v);
  if (t === undefined) throw bad(`${name} must be a date-time with a time zone (ISO 8601)`);
  return t;
}

function timeWindow(p: TemporalParams): Pick<TemporalQuery, 'timerel' | 'timeAt' | 'endTimeAt'> {
  if (p.timerel === undefined) {
    if (p.timeAt !== undefined || p.endTimeAt !== undefined) throw bad('timeAt needs timerel');
    return {};
  }
  const timerel = oneOf('timerel', p.timerel, timerels);
  const timeAt = dateTime('timeAt', p.timeAt);
  if (timerel !== 'between') {
    if (p.endTimeAt !== undefined) throw bad('endTimeAt is only for timerel=between');
    return { timerel, timeAt };
  }
  const endTimeAt = dateTime('endTimeAt', p.endTimeAt);
  if (endTimeAt <= timeAt) throw bad('endTimeAt must be later than timeAt');
  return { timerel, timeAt, endTimeAt };
}

function lastNOf(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw bad('lastN must be a positive integer');
  return n;
}

function optionsOf(p: TemporalParams): Set<string> {
  const set = new Set<string>();
  for (const o of (p.options ?? '').split(',')) {
    const name = o.trim();
    if (name === '') continue;
    if (!knownOptions.has(name)) throw bad(`unknown option '${name}'`);
    set.add(name);
  }
  if (p.format !== undefined) set.add(oneOf('format', p.format, ['temporalValues', 'normalized'] as const));
  return set;
}

export function parseTemporalQuery(p: TemporalParams): TemporalQuery {
  const options = optionsOf(p);
  return Object.freeze({
    ...timeWindow(p),
    timeproperty: oneOf('timeproperty', p.timeproperty ?? 'observedAt', timeProperties),
    ...(p.lastN === undefined ? {} : { lastN: lastNOf(p.lastN) }),
    temporalValues: options.has('temporalValues'),
    sysAttrs: options.has('sysAttrs'),
  });
}
