import { DothiError } from '../../kernel/index.js';

// aggrPeriodDuration (CIM 009 §6.3.x, ISO 8601 duration such as PT1H, P1D, P1M): the length of
// the periods that the aggregated representation reports one value for. Months and years are
// calendar lengths, added in UTC; the rest are fixed milliseconds.

export interface AggrPeriod {
  readonly text: string;
  readonly months: number;
  readonly ms: number;
}

/** Most periods in one answer: the periods travel to SQL as a list of [start, end) bounds. */
export const MAX_PERIODS = 5000;

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

function bad(message: string): DothiError {
  return new DothiError('BAD_REQUEST_DATA', message);
}

export function parseAggrPeriod(text: string): AggrPeriod {
  const m = DURATION.exec(text);
  if (m === null || text === 'P' || text.endsWith('T')) {
    throw bad('aggrPeriodDuration must be an ISO 8601 duration such as PT1H, P1D or P1M');
  }
  const n = (i: number) => Number(m[i] ?? 0);
  const months = n(1) * 12 + n(2);
  const ms = ((((n(3) * 7 + n(4)) * 24 + n(5)) * 60 + n(6)) * 60 + n(7)) * 1000;
  if (months === 0 && ms < 1) throw bad('aggrPeriodDuration must be longer than zero');
  return Object.freeze({ text, months, ms });
}

/** `start` plus k periods; a month past the end of a shorter month clamps to its last day. */
function boundAt(start: number, p: AggrPeriod, k: number): number {
  if (p.months === 0) return start + k * p.ms;
  const d = new Date(start);
  const month = d.getUTCMonth() + k * p.months;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  const t = Date.UTC(d.getUTCFullYear(), month, Math.min(d.getUTCDate(), lastDay));
  return t + (start - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) + k * p.ms;
}

/** Consecutive [start, end) periods from `start` until they cover `end`, as ISO strings. */
export function periodBounds(start: string, end: string, p: AggrPeriod): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const first = Date.parse(start);
  const last = Date.parse(end);
  for (let k = 0, s = first; s <= last; k++) {
    const e = boundAt(first, p, k + 1);
    out.push([new Date(s).toISOString(), new Date(e).toISOString()]);
    if (out.length > MAX_PERIODS) {
      throw bad(`the requested interval holds more than ${MAX_PERIODS} periods of ${p.text}`);
    }
    s = e;
  }
  return out;
}
