import type { RunResult, SqlExecutor } from './store.js';

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
  defer(sql: string, params?: readonly unknown[]): Promise<void> {
    return this.tx.defer(sql, params);
  }
}

/** A statement of a pipelined unit of work, run later on the writer thread. */
export type DeferredStatement = [sql: string, params: readonly unknown[]];

/**
 * Thrown by a pipelined unit's executor when the unit asks for something only a transaction can
 * give (a read of its own writes, a write's row count): the unit runs again in an ordinary one.
 */
export class NeedsTransaction extends Error {
  constructor() {
    super('this unit of work needs a transaction of its own');
    this.name = 'NeedsTransaction';
  }
}

/**
 * The executor of pipelined units of work: it records their writes (`defer`) for the writer
 * thread and answers no reads but those of the committed state (`committed`). One scope serves
 * every unit until the pipeline stops (a transaction batch runs, or a group fails), so that what
 * repositories remember of their own writes (see audit-log.ts) carries over from group to group.
 */
class PipelineScope implements SqlExecutor {
  statements: DeferredStatement[] = [];
  /** The hooks of the unit running now. */
  hooks: Array<(committed: boolean) => void> = [];
  constructor(readonly committed: SqlExecutor) {}
  afterOutcome(fn: (committed: boolean) => void): void {
    this.hooks.push(fn);
  }
  async defer(sql: string, params: readonly unknown[] = []): Promise<void> {
    this.statements.push([sql, params]);
  }
  all<T>(): Promise<T[]> {
    throw new NeedsTransaction();
  }
  get<T>(): Promise<T | undefined> {
    throw new NeedsTransaction();
  }
  run(): Promise<RunResult> {
    throw new NeedsTransaction();
  }
  insert(): Promise<number> {
    throw new NeedsTransaction();
  }
}

/**
 * A writer on a thread of its own (SQLite, see sqlite/write-pipeline.ts): groups of statements
 * run there in order, each group in one transaction, while the main thread goes on.
 */
export interface PipelineDriver {
  /** Reads of the committed state (the store's read connection). */
  readonly committed: SqlExecutor;
  /** False once the writer thread is gone: batches then run as ordinary transactions. */
  up(): boolean;
  /**
   * Runs a group of statements in one transaction and resolves once it is durable. When a
   * statement fails, the group is undone and rejects with a PipelineFailure, and so does every
   * group sent after it with the same `epoch`.
   */
  run(statements: DeferredStatement[], epoch: number): Promise<void>;
}

/** Why a pipelined group did not commit; `retry`: its units may run again (nothing was kept). */
export class PipelineFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'PipelineFailure';
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

/** Calls the hooks of a unit that ended: in order when it committed, in reverse (undo) when not. */
function settleHooks(hooks: Array<(committed: boolean) => void>, committed: boolean): void {
  if (committed) for (const fn of hooks) fn(true);
  else for (let i = hooks.length - 1; i >= 0; i--) hooks[i]!(false);
}

/**
 * Statements past which a pipelined group is sent before the rest of its batch is built: the
 * writer thread then runs it meanwhile, instead of waiting for the whole batch. A batch of large
 * units (batch upserts of 1,000 entities) took as long to build as to run, and so did a batch of
 * 75 creates (600 statements, 5 ms each way). Measured against 2,048: 13-17 % more creates from
 * 128 clients, as many attribute updates, and ingest the same or a little better.
 */
export const GROUP_STATEMENTS = 256;

interface Done {
  item: Pending;
  value: unknown;
  hooks: Array<(committed: boolean) => void>;
}

/**
 * Collects units of work that arrive in the same turn of the event loop and runs them in one
 * transaction, so that N writes cost one commit (one fsync) instead of N. A unit that throws is
 * undone alone and rejects with its own error; the others commit. Batches run one at a time, in
 * arrival order. A unit may run twice (after a neighbour failed), so it must only touch the store.
 *
 * With a pipeline (SQLite's writer thread), batches are pipelined: their units run on this thread
 * against a PipelineScope that records their writes, and their statements go to the writer thread
 * in groups (one per batch, or per GROUP_STATEMENTS) while the rest of the batch and the next batch
 * run here. A unit that needs more (NeedsTransaction) waits
 * for the pipeline to empty and runs in an ordinary transaction batch, as do the units of a group
 * that failed on the writer thread and of every group sent after it.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  /** Units of failed pipelined groups, in order: they run first, in a transaction batch. */
  private retry: Pending[] = [];
  private running = false;
  private syncing = 0;
  private scheduled = false;
  private readonly pipeline: PipelineDriver | undefined;
  private scope: PipelineScope | undefined;
  /** Bumped when a pipelined group fails: groups built on what it wrote are refused with it. */
  private epoch = 0;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  /** The next batch runs as a transaction (a unit needed one, or a group failed). */
  private needsTransaction = false;

  constructor(
    private readonly driver: TxDriver,
    private readonly maxBatch = 2000,
    pipeline?: PipelineDriver,
    /** Told when a pipelined group fails on the writer thread (its units then run again). */
    private readonly onPipelineFailure?: (err: PipelineFailure) => void,
  ) {
    this.pipeline = pipeline;
  }

  submit<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves when every submitted unit of work has settled. */
  async drain(): Promise<void> {
    while (
      this.running ||
      this.syncing > 0 ||
      this.inFlight > 0 ||
      this.queue.length > 0 ||
      this.retry.length > 0
    )
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
    if (this.running || (this.queue.length === 0 && this.retry.length === 0)) return;
    this.running = true;
    const pipelined = this.pipeline?.up() === true && !this.needsTransaction && this.retry.length === 0;
    if (!pipelined) await this.pipelineIdle();
    const gate = this.driver.ready?.();
    if (gate !== undefined) await gate.catch(() => undefined);
    if (pipelined) return this.runPipelined(this.queue.splice(0, this.maxBatch));
    // What a pipeline scope remembers no longer holds once a transaction has written.
    this.scope = undefined;
    this.needsTransaction = false;
    const retried = this.retry.splice(0);
    const batch = [...retried, ...this.queue.splice(0, Math.max(0, this.maxBatch - retried.length))];
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
      if (this.queue.length > 0 || this.retry.length > 0) this.schedule();
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

  private async pipelineIdle(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  /** Runs a batch's units here, recording their writes, and sends them to the writer thread. */
  private async runPipelined(batch: Pending[]): Promise<void> {
    const pipeline = this.pipeline!;
    const epoch = this.epoch;
    const scope = (this.scope ??= new PipelineScope(pipeline.committed));
    const done: Done[] = [];
    /** Sends the statements and units recorded since the last group. */
    const sendGroup = () => {
      const statements = scope.statements;
      scope.statements = [];
      this.send(pipeline, statements, done.splice(0), epoch);
    };
    try {
      for (let i = 0; i < batch.length; i++) {
        const item = batch[i]!;
        const mark = scope.statements.length;
        scope.hooks = [];
        try {
          done.push({ item, value: await item.work(scope), hooks: scope.hooks });
          // A large group goes now, so that the writer thread runs it while the rest are built.
          if (scope.statements.length >= GROUP_STATEMENTS) sendGroup();
        } catch (err) {
          // Nothing of the unit has run: its statements are dropped and its hooks told so.
          scope.statements.length = mark;
          settleHooks(scope.hooks, false);
          if (err instanceof NeedsTransaction) {
            this.queue.unshift(...batch.slice(i));
            this.needsTransaction = true;
            break;
          }
          item.reject(err);
        }
      }
      scope.hooks = [];
      if (scope.statements.length > 0 || done.length > 0) sendGroup();
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private send(pipeline: PipelineDriver, statements: DeferredStatement[], done: Done[], epoch: number) {
    this.inFlight++;
    pipeline
      .run(statements, epoch)
      .then(
        () => {
          for (const d of done) settleHooks(d.hooks, true);
          for (const d of done) d.item.resolve(d.value);
        },
        (err: unknown) => {
          for (let i = done.length - 1; i >= 0; i--) settleHooks(done[i]!.hooks, false);
          if (!(err instanceof PipelineFailure) || !err.retry) {
            for (const d of done) d.item.reject(err);
            return;
          }
          // Undone on the writer thread: the units run again, in a transaction of their own.
          if (this.epoch === epoch) {
            this.epoch++;
            this.scope = undefined;
            this.onPipelineFailure?.(err);
          }
          this.retry.push(...done.map((d) => d.item));
        },
      )
      .finally(() => {
        this.inFlight--;
        if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        if (this.retry.length > 0) this.schedule();
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
