// Temporal values (CIM 009 §4.8, Annex C.6): ISO 8601 / RFC 3339 strings. A DateTime must carry
// its time zone ('Z' or an offset), so it denotes one instant. The shape is checked by a regex;
// the field ranges by reading digits in place (no captures, no allocation).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function digits2(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 10 + (s.charCodeAt(at + 1) - 48);
}

function validDay(s: string): boolean {
  const year = digits2(s, 0) * 100 + digits2(s, 2);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

/** hh:mm[:ss] starting at `at`; 24:00 is refused (it names the next day's midnight). */
function validClock(s: string, at: number): boolean {
  if (digits2(s, at) > 23 || digits2(s, at + 3) > 59) return false;
  return s.charCodeAt(at + 5) !== 58 /* ':' */ || digits2(s, at + 6) <= 59;
}

function hasValidFields(s: unknown): s is string {
  return typeof s === 'string' && DATE_TIME.test(s) && validDay(s) && validClock(s, 11);
}

/** Already checked, in UTC with 'T' and 'Z': no offset to apply, so no Date is needed. */
function isPlainUtc(s: string): boolean {
  return s.charCodeAt(s.length - 1) === 90 /* 'Z' */ && s.charCodeAt(10) === 84; /* 'T' */
}

/** The instant in `toISOString()` form, or undefined when `s` is not a valid date-time with zone. */
export function normalizeDateTime(s: unknown): string | undefined {
  if (!hasValidFields(s)) return undefined;
  if (isPlainUtc(s)) {
    if (s.length === 24 && s.charCodeAt(19) === 46 /* '.' */) return s;
    if (s.length === 20) return `${s.slice(0, 19)}.000Z`;
  }
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function isDateTime(s: unknown): boolean {
  return hasValidFields(s) && (isPlainUtc(s) || !Number.isNaN(Date.parse(s)));
}

export function isDate(s: unknown): boolean {
  return typeof s === 'string' && DATE.test(s) && validDay(s);
}

export function isTime(s: unknown): boolean {
  return typeof s === 'string' && TIME.test(s) && validClock(s, 0);
}
