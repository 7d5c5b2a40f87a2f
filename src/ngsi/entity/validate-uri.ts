// CIM 009 §4.6.3 and RFC 3986 §3: an absolute URI is `scheme ":" rest`. IRIs (RFC 3987) are
// accepted as well, so an id such as `urn:ngsi-ld:Street:Hàng_Bạc` is valid; what no URI or IRI may
// contain is refused: control characters, white space, and < > " { } | \ ^ `.
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}<>"{}|\\^`]+$/u;
const BAD_PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

export function isAbsoluteUri(s: unknown): s is string {
  if (typeof s !== 'string' || !ABSOLUTE_URI.test(s)) return false;
  return !s.includes('%') || !BAD_PERCENT_ESCAPE.test(s);
}
