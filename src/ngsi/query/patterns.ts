// Regular expressions of `~=` and idPattern run as JavaScript expressions on SQLite (functions.ts)
// and as POSIX AREs on PostgreSQL. Patterns are checked once, at parse time, against the syntax
// both accept, so that no query fails in the database.

/** Constructs JavaScript accepts and PostgreSQL rejects: named groups, \p{…}, \k<…>, \u{…}. */
const jsOnly = /\(\?<[^=!]|\\[pPk]|\\u\{/;

/** Why the pattern would fail on one of the backends, or undefined when it is usable. */
export function patternProblem(pattern: string): string | undefined {
  // A leading (?i) is PostgreSQL's case-insensitive flag; JavaScript has no inline flags.
  const body = pattern.startsWith('(?i)') ? pattern.slice(4) : pattern;
  if (jsOnly.test(body)) return 'named groups, \\p, \\k and \\u{…} are not supported in patterns';
  try {
    new RegExp(body, 'u');
  } catch {
    return 'invalid regular expression';
  }
  return undefined;
}
