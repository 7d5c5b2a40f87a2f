const cache = new Map<string, string>();

/**
 * Rewrites `?` placeholders to PostgreSQL's `$1, $2, …`, skipping quoted strings and identifiers.
 * Repositories therefore never use PostgreSQL's `?` JSONB operators; they use `jsonb_exists()`.
 */
export function toPositional(sql: string): string {
  let out = cache.get(sql);
  if (out !== undefined) return out;
  let n = 0;
  let quote: string | undefined;
  out = '';
  for (const ch of sql) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(sql, out);
  return out;
}
