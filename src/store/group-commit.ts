import type { SqlExecutor } from './store.js';

interface Pending {
  work: (tx: SqlExecutor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: boolean; value: unknown };

/**
 * The executor a unit of work is given: the transaction's, under an identity of its own for as
 * long as what it writes can only be undone together (the whole optimistic batch, or one unit in
 * its savepoint). Repositories may key what they remember of their own writes on it (see
 * audit-log.ts): a scope that was rolled back is never handed out again.
 */
class TxScope implements SqlExecutor {
  private hooks: Array<(committed: boolean) => void> | undefined;
  constructor(private readonly tx: SqlExecutor) {}
  afterOutcome(fn: (committed: boolean) => void): void {
    (this.hooks ??= []).push(fn);
  }
  /** Tells the hooks how the scope ended; a scope ends once. */
  settle(committed: boolean): void {
    const hooks = this.hooks;
    this.hooks = undefined;
    if (hooks !== undefined) for (const fn of hooks) fn(committed);
  }
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.tx.all<T>(sql, params);
  }
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return this.tx.get<T>(sql, params);
  }
  run(sql: string, params?: readonly unknown[]) {
    return this.tx.run(sql, params);
  }
  insert(sql: string, params: readonly unknown[], idColumn?: string): Promise<number> {
    return this.tx.insert(sql, params, idColumn);
  }
}

/** The transaction primitives a dialect gives the group committer. */
export interface TxDriver {
  begin(): Promise<SqlExecutor>;
  savepoint(tx: SqlExecutor): Promise<void>;
  release(tx: SqlExecutor): Promise<void>;
  rollbackToSavepoint(tx: SqlExecutor): Promise<void>;
  commit(tx: SqlExecutor): Promise<void>;
  /**
   * Resolves when everything committed so far is on stable storage. Called after the commit,
   * while the next batch may already run, so that waiting for the disk never blocks the process.
   */
  durable?(): Promise<void>;
  /**
   * Called before each batch; when it returns a promise, the batch waits for it (writes queue up
   * meanwhile, the event loop stays free). SQLite uses it to let a checkpoint catch up.
   */
  ready?(): Promise<void> | undefined;
  rollback(tx: SqlExecutor): Promise<void>;
}

/**
 * Collects units of work that arrive in the same turn of the event loop and runs them in one
 * transaction, so that N writes cost one commit (one fsync) instead of N. A unit that throws is
 * undone alone and rejects with its own error; the others commit. Batches run one at a time, in
 * arrival order. A unit may run twice (after a neighbour failed), so it must only touch the store.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private running = false;
  private syncing = 0;
  private scheduled = false;

  constructor(
    private readonly driver: TxDriver,
    private readonly maxBatch = 2000,
  ) {}

  submit<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves when every submitted unit of work has settled. */
  async drain(): Promise<void> {
    while (this.running || this.syncing > 0 || this.queue.length > 0)
      await new Promise((r) => setImmediate(r));
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const gate = this.driver.ready?.();
    if (gate !== undefined) await gate.catch(() => undefined);
    const batch = this.queue.splice(0, this.maxBatch);
    let outcomes: Outcome[];
    try {
      // Optimistic first: no savepoints (they make SQLite keep a sub-journal and PostgreSQL open a
      // subtransaction per unit). If a unit fails, the batch is rolled back and run again with a
      // savepoint per unit, so that the failing one is undone alone.
      outcomes = (await this.attempt(batch, false)) ?? (await this.attempt(batch, true))!;
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
    // Acknowledged only once durable; the next batch runs meanwhile.
    this.syncing++;
    try {
      await this.driver.durable?.();
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    } finally {
      this.syncing--;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.value);
    });
  }

  /** Runs a batch in one transaction; without savepoints it gives up (undefined) at the first failure. */
  private async attempt(batch: Pending[], savepoints: boolean): Promise<Outcome[] | undefined> {
    const outcomes: Outcome[] = [];
    const tx = await this.driver.begin();
    /** The scopes whose writes are in the transaction: they end with it. */
    const scopes: TxScope[] = savepoints ? [] : [new TxScope(tx)];
    const end = (committed: boolean) => {
      for (const scope of scopes) scope.settle(committed);
    };
    try {
      for (const item of batch) {
        if (savepoints) {
          outcomes.push(await this.runOne(tx, item, scopes));
          continue;
        }
        try {
          outcomes.push({ ok: true, value: await item.work(scopes[0]!) });
        } catch {
          await this.driver.rollback(tx);
          end(false);
          return undefined;
        }
      }
      await this.driver.commit(tx);
      end(true);
      return outcomes;
    } catch (err) {
      await this.driver.rollback(tx).catch(() => undefined);
      end(false);
      throw err;
    }
  }

  private async runOne(tx: SqlExecutor, item: Pending, scopes: TxScope[]): Promise<Outcome> {
    await this.driver.savepoint(tx);
    const scope = new TxScope(tx);
    try {
      const value = await item.work(scope);
      await this.driver.release(tx);
      scopes.push(scope);
      return { ok: true, value };
    } catch (err) {
      try {
        await this.driver.rollbackToSavepoint(tx);
        await this.driver.release(tx);
      } finally {
        scope.settle(false);
      }
      return { ok: false, value: err };
    }
  }
}
