import type { Config } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import { sha256 } from './secrets.js';
import type { SecurityEvents } from './security-events.js';

// A start with a configuration that differs from the previous start's is a security event. Secret
// values are compared by hash and never stored.

const secretVariables = new Set(['DOTHI_ADMIN_TOKEN', 'DATABASE_URL']);

function fingerprint(config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    if (v === undefined) continue;
    out[k] = secretVariables.has(k) ? `sha256:${sha256(String(v))}` : String(v);
  }
  return out;
}

export async function recordConfigChanges(
  store: Store,
  events: SecurityEvents,
  config: Config,
): Promise<void> {
  const current = fingerprint(config);
  const last = await store.read.get<{ detail: string }>(
    "SELECT detail FROM security_events WHERE kind = 'config.changed' ORDER BY seq DESC LIMIT 1",
  );
  const previous =
    last === undefined ? {} : ((JSON.parse(last.detail) as { config?: Record<string, string> }).config ?? {});
  const names = new Set([...Object.keys(previous), ...Object.keys(current)]);
  const changed = [...names].filter((n) => previous[n] !== current[n]).sort();
  if (changed.length === 0) return;
  await events.record('config.changed', {
    actor: 'system',
    detail: { changed, first: last === undefined, config: current },
  });
}
