// Date-times in the query index: an ISO 8601 date-time string is also stored as epoch milliseconds,
// so that `observedAt>2024-01-01T00:00:00Z` compares instants, not texts. This runs for every string
// value on every write, so a few character tests reject most strings before Date.parse is tried.

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const isDigit = (c: number): boolean => c >= DIGIT_0 && c <= DIGIT_9;

/** Characters allowed after `YYYY-MM-DDTHH:MM`: seconds, fraction, `Z` or a `±HH:MM` offset. */
function tailIsPlain(s: string): boolean {
  for (let i = 16; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // : . + - Z
    if (!isDigit(c) && c !== 58 && c !== 46 && c !== 43 && c !== 45 && c !== 90) return false;
  }
  return true;
}

function hasOffset(s: string): boolean {
  const n = s.length;
  if (s.charCodeAt(n - 1) === 90) return true;
  const sign = s.charCodeAt(n - 6);
  return n >= 22 && s.charCodeAt(n - 3) === 58 && (sign === 43 || sign === 45);
}

/**
 * Epoch milliseconds of `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`, read as UTC when no offset is
 * written (Date.parse would use the server's time zone); undefined for any other string.
 */
export function dateTimeMs(s: string): number | undefined {
  const n = s.length;
  if (n < 16 || n > 40) return undefined;
  if (
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58
  ) {
    return undefined;
  }
  if (!isDigit(s.charCodeAt(0)) || !isDigit(s.charCodeAt(15)) || !tailIsPlain(s)) return undefined;
  const ms = Date.parse(hasOffset(s) ? s : `${s}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
