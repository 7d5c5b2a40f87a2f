import type Database from 'better-sqlite3';

const regexCache = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      // A leading (?i) (PostgreSQL's embedded option, checked by the query parser) is the i flag.
      re = pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'ui') : new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** SQL functions SQLite lacks: REGEXP (for q `~=` and idPattern). */
export function registerFunctions(db: Database.Database): void {
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (typeof pattern !== 'string' || value === null || value === undefined) return 0;
    const re = compile(pattern);
    return re !== null && re.test(String(value)) ? 1 : 0;
  });
}
