// Where a store's writes spend their time: per statement text, how often it ran and for how long,
// with the commits and fsyncs around them. SQLite has no pg_stat_statements; its writer thread
// (sqlite/write-worker.ts) keeps these when DOTHI_SQLITE_WRITE_STATS is on, and an administrator
// reads them at GET /admin/store/write-stats. Kept beside the store port, not in it: a store
// without statistics simply has none.

export interface StatementStats {
  /**
   * The statement's text, its white space collapsed and the repeated row tuples of a multi-row
   * insert shown once.
   */
  sql: string;
  /** Times it ran. */
  runs: number;
  /** Rows it wrote, counting each tuple of a multi-row insert. */
  rows: number;
  totalMs: number;
}

export interface WriteStats {
  /** When counting began (the writer thread's start, or the last reset). */
  since: string;
  /** Groups of statements run (a group is one batch of units of work). */
  groups: number;
  commits: number;
  commitMs: number;
  /** fsyncs of the WAL (none with DOTHI_SQLITE_SYNC=normal). */
  syncs: number;
  syncMs: number;
  /** Most time first. */
  statements: StatementStats[];
}

/** A store that keeps write statistics. */
export interface WriteStatsSource {
  /** The statistics so far; undefined when they cannot be read (the writer thread has stopped). */
  writeStats(): Promise<WriteStats | undefined>;
  /** Starts counting over. */
  resetWriteStats(): Promise<void>;
}

const TUPLES = /(\((?:\?, )*\?\))(?:, \1)+/g;

/** A statement's text as statistics group it, and the rows it writes. */
export function statementKey(sql: string): { key: string; rows: number } {
  let rows = 1;
  const key = sql.replace(/\s+/g, ' ').replace(TUPLES, (all: string, one: string) => {
    // `all` is n copies of `one` joined by ', ': n × (one + 2) characters, less the last ', '.
    rows = (all.length + 2) / (one.length + 2);
    return `${one}, …`;
  });
  return { key, rows };
}

/** Counts statements, commits and fsyncs as a writer runs them. */
export class WriteStatsCollector {
  private since = new Date().toISOString();
  private groups = 0;
  private commits = 0;
  private commitMs = 0;
  private syncs = 0;
  private syncMs = 0;
  private readonly byKey = new Map<string, StatementStats>();
  /** By statement text: the entry it counts into and the rows of one run. */
  private readonly texts = new Map<string, { entry: StatementStats; rows: number }>();

  statement(sql: string, ms: number): void {
    let t = this.texts.get(sql);
    if (t === undefined) {
      const { key, rows } = statementKey(sql);
      let entry = this.byKey.get(key);
      if (entry === undefined) this.byKey.set(key, (entry = { sql: key, runs: 0, rows: 0, totalMs: 0 }));
      // Texts vary with the rows of multi-row inserts; the entries do not.
      if (this.texts.size > 5000) this.texts.clear();
      this.texts.set(sql, (t = { entry, rows }));
    }
    t.entry.runs += 1;
    t.entry.rows += t.rows;
    t.entry.totalMs += ms;
  }

  group(): void {
    this.groups += 1;
  }

  commit(ms: number): void {
    this.commits += 1;
    this.commitMs += ms;
  }

  sync(ms: number): void {
    this.syncs += 1;
    this.syncMs += ms;
  }

  snapshot(): WriteStats {
    const statements = [...this.byKey.values()]
      .map((s) => ({ ...s, totalMs: round(s.totalMs) }))
      .sort((a, b) => b.totalMs - a.totalMs);
    return {
      since: this.since,
      groups: this.groups,
      commits: this.commits,
      commitMs: round(this.commitMs),
      syncs: this.syncs,
      syncMs: round(this.syncMs),
      statements,
    };
  }

  reset(): void {
    this.since = new Date().toISOString();
    this.groups = this.commits = this.syncs = 0;
    this.commitMs = this.syncMs = 0;
    this.byKey.clear();
    this.texts.clear();
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
