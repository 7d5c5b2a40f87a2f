import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { fixedClock } from '../../kernel/index.js';
import type { Clock } from '../../kernel/index.js';
import {
  coreContextUrl,
  createContextRegistry,
  createContextResolver,
  createMemoryContextRegistry,
  parseContextKind,
} from './index.js';
import type { ContextRegistry, SqlExecutor } from './index.js';
import { noNetwork, rejectsWithCode, throwsWithCode } from './testing.js';

const migration = (dialect: string) =>
  readFileSync(new URL(`../../store/${dialect}/migrations/002-jsonld-contexts.sql`, import.meta.url), 'utf8');

function sqliteExecutor(): SqlExecutor {
  const db = new Database(':memory:');
  db.exec(migration('sqlite'));
  return {
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).get(...params) as T | undefined,
    run: async (sql, params = []) => ({ changes: db.prepare(sql).run(...params).changes }),
  };
}

// PostgreSQL runs when DATABASE_URL names a database; each run works in a schema of its own.
async function postgresExecutor(url: string): Promise<SqlExecutor & { close(): Promise<void> }> {
  const schema = `ctx_test_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  await client.query(migration('postgres'));
  let n = 0;
  const positional = (sql: string) => sql.replace(/\?/g, () => `$${++n}`);
  const query = async (sql: string, params: unknown[] = []) => {
    n = 0;
    return client.query(positional(sql), params);
  };
  return {
    all: async <T>(sql: string, params?: unknown[]) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: unknown[]) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    async close() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

type Make = (clock: Clock) => Promise<ContextRegistry>;
const backends: Array<[string, Make]> = [
  ['in memory', async (clock) => createMemoryContextRegistry(clock, { baseUrl: 'https://broker.example' })],
  [
    'on SQLite',
    async (clock) => createContextRegistry(sqliteExecutor(), clock, { baseUrl: 'https://broker.example' }),
  ],
];
const databaseUrl = process.env['DATABASE_URL'];
if (databaseUrl !== undefined && databaseUrl !== '') {
  const open: Array<{ close(): Promise<void> }> = [];
  after(() => Promise.all(open.map((db) => db.close())));
  backends.push([
    'on PostgreSQL',
    async (clock) => {
      const db = await postgresExecutor(databaseUrl);
      open.push(db);
      return createContextRegistry(db, clock, { baseUrl: 'https://broker.example' });
    },
  ]);
}

const start = Date.parse('2026-03-01T12:00:00Z');
const userContext = { '@context': { speed: 'http://example.org/speed' } };

for (const [name, make] of backends) {
  describe(`the context registry ${name}`, () => {
    it('stores a hosted context under a new id and serves it at its broker URL', async () => {
      const registry = await make(fixedClock(start));
      const added = await registry.add(userContext);
      assert.equal(added.url, `https://broker.example/ngsi-ld/v1/jsonldContexts/${added.id}`);
      assert.deepEqual(await registry.get(added.id), userContext);
      assert.deepEqual(await registry.get(added.url), userContext);
      assert.deepEqual(
        await registry.get(`http://other-name:1026/ngsi-ld/v1/jsonldContexts/${added.id}`),
        userContext,
      );
    });

    it('lists stored contexts as URLs, or with details, filtered by kind', async () => {
      const clock = fixedClock(start);
      const registry = await make(clock);
      const hosted = await registry.add(userContext);
      clock.advance(1000);
      const implicit = await registry.add(
        { '@context': ['https://example.org/a.jsonld'] },
        'ImplicitlyCreated',
      );
      assert.deepEqual(await registry.list(), [hosted.url, implicit.url, coreContextUrl]);
      assert.deepEqual(await registry.list({ kind: 'Hosted' }), [hosted.url]);
      assert.deepEqual(await registry.list({ kind: 'ImplicitlyCreated' }), [implicit.url]);
      assert.deepEqual(await registry.list({ kind: 'Cached' }), [coreContextUrl]);
      const details = await registry.listDetails({ kind: 'Hosted' });
      assert.deepEqual(details, [
        {
          URL: hosted.url,
          localId: hosted.id,
          kind: 'Hosted',
          timestamp: '2026-03-01T12:00:00.000Z',
          numberOfHits: 0,
        },
      ]);
    });

    it('stores the same implicitly created context once', async () => {
      const registry = await make(fixedClock(start));
      const a = await registry.add(userContext, 'ImplicitlyCreated');
      const b = await registry.add(structuredClone(userContext), 'ImplicitlyCreated');
      assert.equal(a.id, b.id);
      assert.equal((await registry.list({ kind: 'ImplicitlyCreated' })).length, 1);
    });

    it('refuses a payload without an "@context" member, or with a bad one', async () => {
      const registry = await make(fixedClock(start));
      for (const body of [null, [], 'x', {}, { '@context': 42 }, { '@context': [] }, { '@context': [1] }]) {
        await rejectsWithCode(registry.add(body), 'BAD_REQUEST_DATA');
      }
    });

    it('deletes a hosted context, after which it is not found', async () => {
      const registry = await make(fixedClock(start));
      const added = await registry.add(userContext);
      await registry.delete(added.url);
      await rejectsWithCode(registry.get(added.id), 'RESOURCE_NOT_FOUND');
      await rejectsWithCode(registry.getDetails(added.id), 'RESOURCE_NOT_FOUND');
      await rejectsWithCode(registry.delete(added.id), 'RESOURCE_NOT_FOUND');
    });

    it('refuses to reload a hosted context, having no origin to download it from', async () => {
      const registry = await make(fixedClock(start));
      const added = await registry.add(userContext);
      await rejectsWithCode(registry.delete(added.id, { reload: true }), 'BAD_REQUEST_DATA');
      assert.deepEqual(await registry.get(added.id), userContext);
    });

    it('never deletes the core context', async () => {
      const registry = await make(fixedClock(start));
      await rejectsWithCode(registry.delete(coreContextUrl), 'BAD_REQUEST_DATA');
      await rejectsWithCode(registry.delete(coreContextUrl, { reload: true }), 'BAD_REQUEST_DATA');
      assert.ok((await registry.list()).includes(coreContextUrl));
    });

    it('gives details of the core context but serves its body only from its origin', async () => {
      const registry = await make(fixedClock(start));
      const details = await registry.getDetails(coreContextUrl);
      assert.equal(details.kind, 'Cached');
      await rejectsWithCode(registry.get(coreContextUrl), 'OPERATION_NOT_SUPPORTED');
    });

    it('answers ResourceNotFound for an unknown context', async () => {
      const registry = await make(fixedClock(start));
      await rejectsWithCode(registry.get('no-such-id'), 'RESOURCE_NOT_FOUND');
      await rejectsWithCode(registry.delete('https://example.org/never-seen.jsonld'), 'RESOURCE_NOT_FOUND');
    });

    it('counts uses of a hosted context and keeps them across a flush', async () => {
      const clock = fixedClock(start);
      const registry = await make(clock);
      const added = await registry.add(userContext);
      const resolver = createContextResolver({
        fetchEnabled: true,
        timeoutMs: 1000,
        maxBytes: 1 << 20,
        cacheTtlS: 60,
        registry,
        clock,
        fetchImpl: noNetwork,
      });
      clock.advance(5000);
      assert.equal((await resolver.resolve(added.url)).expand('speed'), 'http://example.org/speed');
      await resolver.resolve(added.url);
      const expected = { numberOfHits: 2, lastUsage: '2026-03-01T12:00:05.000Z' };
      const pick = ({ numberOfHits, lastUsage }: { numberOfHits: number; lastUsage?: string }) => ({
        numberOfHits,
        lastUsage,
      });
      assert.deepEqual(pick(await registry.getDetails(added.id)), expected);
      await registry.flushUsage();
      assert.deepEqual(pick(await registry.getDetails(added.id)), expected);
      await registry.flushUsage();
      assert.deepEqual(pick(await registry.getDetails(added.id)), expected);
    });

    it('resolves hosted contexts without the network, and forgets them once deleted', async () => {
      const registry = await make(fixedClock(start));
      const resolver = createContextResolver({
        fetchEnabled: true,
        timeoutMs: 1000,
        maxBytes: 1 << 20,
        cacheTtlS: 60,
        registry,
        fetchImpl: noNetwork,
      });
      const added = await registry.add(userContext);
      const context = await resolver.resolve([added.url]);
      assert.equal(context.linkUrl, added.url);
      await registry.delete(added.id);
      await rejectsWithCode(resolver.resolve([added.url]), 'LD_CONTEXT_NOT_AVAILABLE');
    });
  });
}

describe('the kind parameter', () => {
  it('accepts the three kinds of CIM 009 §5.13 and refuses others', () => {
    assert.equal(parseContextKind(undefined), undefined);
    assert.equal(parseContextKind('Hosted'), 'Hosted');
    assert.equal(parseContextKind('ImplicitlyCreated'), 'ImplicitlyCreated');
    throwsWithCode(() => parseContextKind('hosted'), 'BAD_REQUEST_DATA');
  });
});
