// CIM 009 §4.18: a scope is a path of one or more levels, `/level(/level)*`. A level is made of
// letters, digits, '_' and '-'; '#' and '+' are scopeQ wildcards and so cannot be part of a level.
const SCOPE = /^(?:\/[\p{L}\p{N}_-]+)+$/u;

export function isValidScope(s: unknown): s is string {
  return typeof s === 'string' && SCOPE.test(s);
}
