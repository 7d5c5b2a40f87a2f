import { DothiError } from '../../kernel/index.js';
import { normalizeDateTime } from '../entity/validate-datetime.js';
import { parseAggrPeriod, type AggrPeriod } from './aggr-period.js';

// The temporal parameters of §5.7.3-§5.7.4 and §6.18-§6.20 (timerel, timeAt, endTimeAt,
// timeproperty, lastN, options), parsed and validated once into a frozen TemporalQuery.

export const timerels = ['before', 'after', 'between'] as const;
export type Timerel = (typeof timerels)[number];
export const timeProperties = ['observedAt', 'createdAt', 'modifiedAt'] as const;
export type TimeProperty = (typeof timeProperties)[number];
/** CIM 009 §4.5.19 aggregation methods. */
export const aggrMethods = [
  'totalCount',
  'distinctCount',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'sumsq',
] as const;
export type AggrMethod = (typeof aggrMethods)[number];

export interface Aggregation {
  readonly methods: readonly AggrMethod[];
  /** Undefined: one period, the whole requested interval. */
  readonly period: AggrPeriod | undefined;
}

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
  /** `options=aggregatedValues` (or `format=aggregatedValues`) with aggrMethods (§4.5.19). */
  readonly aggregation?: Aggregation;
}

export interface TemporalParams {
  timerel?: string;
  timeAt?: string;
  endTimeAt?: string;
  timeproperty?: string;
  lastN?: string | number;
  options?: string;
  format?: string;
  aggrMethods?: string;
  aggrPeriodDuration?: string;
}

const knownOptions = new Set(['temporalValues', 'sysAttrs', 'normalized', 'aggregatedValues']);

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
  if (p.format !== undefined)
    set.add(oneOf('format', p.format, ['temporalValues', 'normalized', 'aggregatedValues'] as const));
  return set;
}

function aggregationOf(p: TemporalParams, options: Set<string>): { aggregation?: Aggregation } {
  const methods = (p.aggrMethods ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (!options.has('aggregatedValues')) {
    if (methods.length > 0 || p.aggrPeriodDuration !== undefined) {
      throw bad('aggrMethods and aggrPeriodDuration need options=aggregatedValues');
    }
    return {};
  }
  if (methods.length === 0) throw bad('options=aggregatedValues needs aggrMethods');
  const list = [...new Set(methods.map((m) => oneOf('aggrMethods', m, aggrMethods)))];
  const period = p.aggrPeriodDuration === undefined ? undefined : parseAggrPeriod(p.aggrPeriodDuration);
  return { aggregation: Object.freeze({ methods: Object.freeze(list), period }) };
}

export function parseTemporalQuery(p: TemporalParams): TemporalQuery {
  const options = optionsOf(p);
  return Object.freeze({
    ...timeWindow(p),
    timeproperty: oneOf('timeproperty', p.timeproperty ?? 'observedAt', timeProperties),
    ...(p.lastN === undefined ? {} : { lastN: lastNOf(p.lastN) }),
    temporalValues: options.has('temporalValues'),
    sysAttrs: options.has('sysAttrs'),
    ...aggregationOf(p, options),
  });
}
