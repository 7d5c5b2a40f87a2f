import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlExecutor, Store } from '../store.js';
import { openConnection, SqliteExecutor } from './sqlite-executor.js';
import { createSqliteStore } from './sqlite-store.js';
import { createWritePipeline } from './write-pipeline.js';

// Units of work whose writes are all deferred run pipelined: their statements go to the writer
// thread in groups, one per batch or per 256 statements (write-pipeline.ts, group-commit.ts). These tests hold the pipeline to the
// contract of Store.write: each unit commits or fails alone, in order, durable when it resolves.

const insertTenant = (tx: SqlExecutor, name: string) =>
  tx.defer('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [name, 'x']);

describe('SQLite writer thread', () => {
  let dir: string;
  let store: Store;
  const names = async (prefix: string) =>
    (
      await store.read.all<{ name: string }>('SELECT name FROM tenants WHERE name LIKE ? ORDER BY name', [
        `${prefix}%`,
      ])
    ).map((r) => r.name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dothi-pipeline-'));
    store = createSqliteStore({ path: join(dir, 'p.db'), synchronous: 'full' });
    await store.migrate();
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs deferred writes in a committed group, visible once each unit resolves', async () => {
    let pipelined = 0;
    const units = Array.from({ length: 40 }, (_, i) =>
      store.write(async (tx) => {
        if (tx.committed !== undefined) pipelined++;
        await insertTenant(tx, `p${String(i).padStart(2, '0')}`);
        return i;
      }),
    );
    assert.deepEqual(await Promise.all(units), [...Array(40).keys()]);
    assert.equal(pipelined, 40, 'every unit ran pipelined');
    assert.equal((await names('p')).length, 40);
  });

  it('tells hooks of committed units in order, after the commit', async () => {
    const seen: string[] = [];
    await Promise.all(
      ['h1', 'h2', 'h3'].map((name) =>
        store.write(async (tx) => {
          await insertTenant(tx, name);
          tx.afterOutcome!((committed) => seen.push(`${name}:${committed}`));
        }),
      ),
    );
    assert.deepEqual(seen, ['h1:true', 'h2:true', 'h3:true']);
  });

  it('drops the writes of a unit that throws, and commits its neighbours', async () => {
    const seen: string[] = [];
    const results = await Promise.allSettled(
      ['f1', 'f2', 'f3'].map((name) =>
        store.write(async (tx) => {
          await insertTenant(tx, name);
          tx.afterOutcome!((committed) => seen.push(`${name}:${committed}`));
          if (name === 'f2') throw new Error('f2 refused');
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(await names('f'), ['f1', 'f3']);
    assert.deepEqual(seen, ['f2:false', 'f1:true', 'f3:true']);
  });

  it('runs a unit that reads in a transaction of its own, after the pipeline empties', async () => {
    const order: string[] = [];
    const first = store.write(async (tx) => {
      await insertTenant(tx, 'r1');
      order.push(tx.committed === undefined ? 'r1:tx' : 'r1:pipelined');
    });
    // It reads r1, written by the unit before it in the same batch.
    const reader = store.write(async (tx) => {
      const row = await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM tenants WHERE name = 'r1'");
      order.push(`reader:${Number(row?.n)}`);
      await insertTenant(tx, 'r2');
      return Number(row?.n);
    });
    assert.equal(await reader, 1, 'the reading unit sees the write of the unit before it');
    await first;
    assert.deepEqual(order, ['r1:pipelined', 'reader:1']);
    assert.deepEqual(await names('r'), ['r1', 'r2']);
  });

  it('runs a failed group again in a transaction: the bad unit fails alone', async () => {
    await store.write((tx) => insertTenant(tx, 'dup'));
    const attempts = new Map<string, number>();
    const unit = (name: string, insert: string) =>
      store.write(async (tx) => {
        attempts.set(name, (attempts.get(name) ?? 0) + 1);
        await insertTenant(tx, insert);
        return name;
      });
    // The worker finds the duplicate only when it runs the group: every unit of it runs again.
    const results = await Promise.allSettled([unit('g1', 'g1'), unit('g2', 'dup'), unit('g3', 'g3')]);
    assert.equal(results[0]!.status, 'fulfilled');
    assert.equal(results[2]!.status, 'fulfilled');
    assert.equal(results[1]!.status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.deepEqual(await names('g'), ['g1', 'g3']);
    // Pipelined once, then in a transaction (where the failure makes the batch run once more,
    // with savepoints, for the units up to the failing one).
    assert.deepEqual([...attempts.values()], [3, 3, 2]);
    // And the pipeline runs again after.
    let pipelined = false;
    await store.write(async (tx) => {
      pipelined = tx.committed !== undefined;
      await insertTenant(tx, 'g4');
    });
    assert.equal(pipelined, true);
  });

  it('refuses groups built on a failed one, and runs their units again', async () => {
    await store.write((tx) => insertTenant(tx, 'dup2'));
    // A unit that waits a little lets the first group reach the writer thread before the second
    // batch is built on the same pipeline.
    const bad = store.write((tx) => insertTenant(tx, 'dup2'));
    await new Promise((r) => setImmediate(r));
    const later = Array.from({ length: 5 }, (_, i) => store.write((tx) => insertTenant(tx, `l${i}`)));
    await assert.rejects(bad, /UNIQUE/);
    await Promise.all(later);
    assert.deepEqual(await names('l'), ['l0', 'l1', 'l2', 'l3', 'l4']);
  });

  it('numbers statement texts anew once many have been sent', async () => {
    // Each text is sent to the writer once and named by number after; past 5,000 texts the
    // numbering starts over. Every unit here has a text of its own, which the row it writes shows.
    let runs = 0;
    const distinct = (i: number) =>
      store.write((tx) => {
        runs++;
        return tx.defer(`INSERT INTO tenants (name, created_at) VALUES (?, 'c${i}')`, [`n${i}`]);
      });
    for (let at = 0; at < 5200; at += 400)
      await Promise.all(Array.from({ length: 400 }, (_, k) => distinct(at + k)));
    await distinct(5200);
    assert.equal(runs, 5201, 'every unit ran once, pipelined');
    const rows = await store.read.all<{ name: string; created_at: string }>(
      "SELECT name, created_at FROM tenants WHERE name LIKE 'n%'",
    );
    assert.equal(rows.length, 5201);
    assert.deepEqual(
      rows.filter((r) => r.created_at !== `c${r.name.slice(1)}`),
      [],
      'each row written by its own statement',
    );
  });

  it('reports a failed group once', async () => {
    const failures: string[] = [];
    const own = createSqliteStore({
      path: join(dir, 'report.db'),
      onPipelineFailure: (e) => failures.push(e.message),
    });
    await own.migrate();
    await own.write((tx) => insertTenant(tx, 'x1'));
    const results = await Promise.allSettled([
      own.write((tx) => insertTenant(tx, 'x1')),
      own.write((tx) => insertTenant(tx, 'x2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'fulfilled'],
    );
    assert.equal(failures.length, 1);
    assert.match(failures[0]!, /UNIQUE/);
    await own.close();
  });

  it('falls back to transactions when the writer thread is turned off', async () => {
    const off = createSqliteStore({ path: join(dir, 'off.db'), writerThread: false });
    await off.migrate();
    let committed: SqlExecutor | undefined;
    await off.write(async (tx) => {
      committed = tx.committed;
      await insertTenant(tx, 'o1');
    });
    assert.equal(committed, undefined);
    assert.ok(await off.read.get("SELECT 1 FROM tenants WHERE name = 'o1'"));
    await off.close();
  });

  it('tells when every group sent is answered, so that no transaction of the writer thread is open', async () => {
    const path = join(dir, 'idle.db');
    const schema = createSqliteStore({ path });
    await schema.migrate();
    await schema.close();
    const committed = new SqliteExecutor(openConnection(path));
    const pipeline = createWritePipeline({ path, committed, durable: true, walLimitBytes: 1 << 20 });
    try {
      const seen: string[] = [];
      await pipeline.idle().then(() => seen.push('idle before any group'));
      const insert = (name: string) =>
        pipeline
          .run([['INSERT INTO tenants (name, created_at) VALUES (?, ?)', [name, 'x']]], 0)
          .then(() => seen.push(name));
      const groups = ['i1', 'i2', 'i3'].map(insert);
      const idle = pipeline.idle().then(() => seen.push('idle'));
      await Promise.all([...groups, idle]);
      assert.deepEqual(seen, ['idle before any group', 'i1', 'i2', 'i3', 'idle']);
      assert.equal(
        (
          committed.db.prepare("SELECT COUNT(*) AS n FROM tenants WHERE name LIKE 'i%'").get() as {
            n: number;
          }
        ).n,
        3,
      );
    } finally {
      await pipeline.close();
      committed.db.close();
    }
  });
});

describe('SQLite writer thread statistics', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dothi-pipeline-stats-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the statements the writer thread ran, with their rows, commits and fsyncs', async () => {
    const store = createSqliteStore({ path: join(dir, 's.db'), synchronous: 'full', writeStats: true });
    try {
      await store.migrate();
      const stats = store.writeStats!;
      await stats.resetWriteStats();
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.write((tx) => insertTenant(tx, `s${i}`))));
      await store.write((tx) =>
        tx.defer('INSERT INTO tenants (name, created_at) VALUES (?, ?), (?, ?)', ['m1', 'x', 'm2', 'x']),
      );
      const s = (await stats.writeStats())!;
      const insert = s.statements.find(
        (x) => x.sql === 'INSERT INTO tenants (name, created_at) VALUES (?, ?)',
      );
      assert.equal(insert?.runs, 30);
      assert.equal(insert.rows, 30);
      const multi = s.statements.find(
        (x) => x.sql === 'INSERT INTO tenants (name, created_at) VALUES (?, ?), …',
      );
      assert.deepEqual([multi?.runs, multi?.rows], [1, 2]);
      assert.ok(s.groups >= 2 && s.groups <= 31, `groups: ${s.groups}`);
      assert.ok(s.commits >= 1 && s.commits <= s.groups, `commits: ${s.commits}`);
      assert.ok(s.syncs >= 1, 'synchronous=full fsyncs the WAL');
      assert.ok(insert.totalMs > 0);

      await stats.resetWriteStats();
      assert.deepEqual((await stats.writeStats())!.statements, []);
    } finally {
      await store.close();
    }
  });

  it('keeps none unless asked to', async () => {
    const store = createSqliteStore({ path: join(dir, 'n.db'), synchronous: 'normal' });
    try {
      assert.equal(store.writeStats, undefined);
    } finally {
      await store.close();
    }
  });
});
