import { hash } from 'node:crypto';
import { hostname } from 'node:os';
import { canonicalJson, type Clock } from '../kernel/index.js';
import { LIMIT_PARAM, type SqlExecutor, type Store } from '../store/index.js';

// The append-only audit log: who did what, when, from where, with hashes of the state before and
// after. Each record's hash covers its content and the previous record's hash, so an edited,
// inserted or deleted record breaks the chain; `verify` names the first record that does not fit.

export interface AuditEntry {
  actor: string;
  source?: string;
  action: string;
  target?: string;
  tenant?: string;
  before?: unknown;
  after?: unknown;
  /** The hashes of the states before and after, when the caller has them (see textHash). */
  beforeHash?: string | null;
  afterHash?: string | null;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  source: string | null;
  action: string;
  target: string | null;
  tenant: string | null;
  beforeHash: string | null;
  afterHash: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditProblem {
  seq: number;
  problem: string;
}

export const GENESIS = '0'.repeat(64);

const hex = (text: string) => hash('sha256', text, 'hex');

/** The hash of a state given as JSON text (an entity's stored document). */
export const textHash = (text: string | undefined): string | null => (text === undefined ? null : hex(text));
/** The hash of an entity state before or after a change: its canonical JSON's SHA-256. */
export const stateHash = (state: unknown) => (state === undefined ? null : hex(canonicalJson(state)));

export function recordHash(r: Omit<AuditRecord, 'hash'>): string {
  const content = [r.seq, r.at, r.actor, r.source, r.action, r.target, r.tenant, r.beforeHash, r.afterHash];
  return hex(`${r.prevHash}\n${JSON.stringify(content)}`);
}

const columns =
  'seq, at, actor, source, action, target, tenant, before_hash AS "beforeHash", after_hash AS "afterHash", prev_hash AS "prevHash", hash';

function fromRow(row: Record<string, unknown>): AuditRecord {
  return { ...(row as unknown as AuditRecord), seq: Number(row.seq) };
}

/**
 * The chain's head as the last append in a unit of work left it, so that the entities of a
 * group-committed batch do not each read it back. Keyed on the unit's executor, a scope that is
 * never handed out again once rolled back (store/group-commit.ts); shared by every log.
 */
const heads = new WeakMap<SqlExecutor, { seq: unknown; hash: string }>();

export interface AuditLog {
  /** Appends inside a write transaction, durable with the change it records. */
  append(tx: SqlExecutor, entry: AuditEntry): Promise<AuditRecord>;
  /** Appends in a transaction of its own. */
  record(entry: AuditEntry): Promise<AuditRecord>;
  list(opts: { after?: number; limit: number }): Promise<AuditRecord[]>;
  verify(): Promise<{ checked: number; problems: AuditProblem[] }>;
}

export function createAuditLog(store: Store, clock: Clock): AuditLog {
  const append = async (tx: SqlExecutor, e: AuditEntry): Promise<AuditRecord> => {
    const known = heads.get(tx);
    // A pipelined unit reads the committed head: the scope remembers every record it wrote since.
    const last =
      known ??
      (await (tx.committed ?? tx).get<{ seq: unknown; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      ));
    const base = {
      seq: last === undefined ? 1 : Number(last.seq) + 1,
      at: clock.isoNow(),
      actor: e.actor,
      source: e.source ?? null,
      action: e.action,
      target: e.target ?? null,
      tenant: e.tenant ?? null,
      beforeHash: e.beforeHash !== undefined ? e.beforeHash : stateHash(e.before),
      afterHash: e.afterHash !== undefined ? e.afterHash : stateHash(e.after),
      prevHash: last?.hash ?? GENESIS,
    };
    const rec = { ...base, hash: recordHash(base) };
    await tx.defer(
      'INSERT INTO audit_log (seq, at, actor, source, action, target, tenant, before_hash, after_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        rec.seq,
        rec.at,
        rec.actor,
        rec.source,
        rec.action,
        rec.target,
        rec.tenant,
        rec.beforeHash,
        rec.afterHash,
        rec.prevHash,
        rec.hash,
      ],
    );
    heads.set(tx, rec);
    // A pipeline scope outlives a unit that fails after this append: the head goes back.
    if (tx.committed !== undefined)
      tx.afterOutcome?.((committed) => {
        if (committed || heads.get(tx) !== rec) return;
        if (known === undefined) heads.delete(tx);
        else heads.set(tx, known);
      });
    return rec;
  };
  const list: AuditLog['list'] = async ({ after = 0, limit }) =>
    (
      await store.read.all(
        `SELECT ${columns} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ${LIMIT_PARAM}`,
        [after, limit],
      )
    ).map(fromRow);
  return {
    append,
    record: (entry) => store.write((tx) => append(tx, entry)),
    list,
    verify: () => verifyChain(list),
  };
}

async function verifyChain(list: AuditLog['list']): Promise<{ checked: number; problems: AuditProblem[] }> {
  const problems: AuditProblem[] = [];
  let prev = { seq: 0, hash: GENESIS };
  let checked = 0;
  for (;;) {
    const page = await list({ after: prev.seq, limit: 1000 });
    for (const r of page) {
      problems.push(...checkRecord(r, prev));
      prev = r;
      checked++;
    }
    if (page.length < 1000) return { checked, problems };
  }
}

function checkRecord(r: AuditRecord, prev: { seq: number; hash: string }): AuditProblem[] {
  const out: AuditProblem[] = [];
  if (r.seq !== prev.seq + 1)
    out.push({ seq: r.seq, problem: `records ${prev.seq + 1}..${r.seq - 1} are missing` });
  if (r.prevHash !== prev.hash)
    out.push({ seq: r.seq, problem: `does not follow record ${prev.seq} (chain broken)` });
  if (recordHash(r) !== r.hash)
    out.push({ seq: r.seq, problem: 'content does not match its hash (record altered)' });
  return out;
}

/** One record as a JSON line. */
export function toJsonLine(r: AuditRecord): string {
  return JSON.stringify(r);
}

// RFC 5424: facility 13 (log audit), severity 6 (informational); structured data under the
// documentation enterprise number 32473 (RFC 5612).
const PRI = 13 * 8 + 6;
const sdValue = (v: unknown) => String(v ?? '-').replace(/["\\\]]/g, (c) => `\\${c}`);

export function toSyslog(r: AuditRecord, host = hostname()): string {
  const params = {
    seq: r.seq,
    actor: r.actor,
    source: r.source,
    action: r.action,
    target: r.target,
    tenant: r.tenant,
    before: r.beforeHash,
    after: r.afterHash,
    hash: r.hash,
  };
  const sd = Object.entries(params)
    .map(([k, v]) => `${k}="${sdValue(v)}"`)
    .join(' ');
  return `<${PRI}>1 ${r.at} ${host || '-'} dothi - audit [audit@32473 ${sd}] ${r.actor} ${r.action} ${r.target ?? ''}`.trimEnd();
}
