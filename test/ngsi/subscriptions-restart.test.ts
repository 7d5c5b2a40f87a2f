// No notification is lost when the broker process dies (CIM 009 §5.11 with the outbox): dothi
// runs as a real child process, notifications pile up for a receiver that is down, the process is
// killed with SIGKILL, and after a restart on the same database every notification arrives.
// Delivery is at least once: a notification may come twice, with the same id, so ids are counted.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { storeNames, testDatabaseUrl } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'restart-test-token-0123456789';
const N = 20;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as AddressInfo).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

// A dothi process starts and retries on its own clock: longer deadlines than in-process tests.
const waitLong = (what: string, check: () => boolean | Promise<boolean>) => waitFor(what, check, 60_000, 50);

function startDothi(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['bin/dothi.js', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DOTHI_ADMIN_TOKEN: TOKEN,
      DOTHI_LOG_LEVEL: 'warn',
      DOTHI_NOTIFY_RETRY_MIN_MS: '50',
      DOTHI_NOTIFY_RETRY_MAX_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function request(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function up(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/health`)).ok;
  } catch {
    return false;
  }
}

/** The environment of a child dothi on a fresh database of `store`, and its cleanup. */
async function databaseFor(
  store: string,
): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dothi-restart-'));
    return {
      env: { DOTHI_SQLITE_PATH: join(dir, 'dothi.db') },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `restart_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    env: { DATABASE_URL: url.href },
    dispose: async () => {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

for (const store of storeNames()) {
  describe(`subscription notifications across a crash (${store})`, () => {
    const children: ChildProcess[] = [];
    let receiver: Server | undefined;
    let db: Awaited<ReturnType<typeof databaseFor>> | undefined;
    after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      receiver?.closeAllConnections();
      await new Promise((ok) => (receiver === undefined ? ok(undefined) : receiver.close(ok)));
      await db?.dispose();
    });

    it(`delivers all ${N} notifications after SIGKILL and a restart on the same database`, async () => {
      db = await databaseFor(store);
      const [port, rxPort] = [await freePort(), await freePort()];
      const base = `http://127.0.0.1:${port}`;
      const first = startDothi(port, db.env);
      children.push(first);
      await waitLong('dothi to start', () => up(base));

      const created = await request(base, 'POST', '/ngsi-ld/v1/subscriptions', {
        type: 'Subscription',
        entities: [{ type: 'Room' }],
        notification: { endpoint: { uri: `http://127.0.0.1:${rxPort}/n` } },
      });
      assert.equal(created.status, 201, await created.text());
      const location = String(created.headers.get('location'));
      const id = 'urn:ngsi-ld:Room:crash';
      const made = await request(base, 'POST', '/ngsi-ld/v1/entities', {
        id,
        type: 'Room',
        temperature: { type: 'Property', value: 1 },
      });
      assert.equal(made.status, 201);
      for (let v = 2; v <= N; v++) {
        const r = await request(base, 'PATCH', `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`, {
          temperature: { type: 'Property', value: v },
        });
        assert.equal(r.status, 204, await r.text());
      }
      await waitLong('failed attempts', async () => {
        const sub = (await (await request(base, 'GET', location)).json()) as {
          notification: { timesFailed: number };
        };
        return sub.notification.timesFailed >= 2;
      });
      first.kill('SIGKILL');
      await new Promise((ok) =>
        first.exitCode !== null || first.signalCode !== null ? ok(undefined) : first.once('exit', ok),
      );

      const ids = new Set<string>();
      const values = new Set<unknown>();
      receiver = createServer((req, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          const body = JSON.parse(text) as { id: string; data: Array<{ temperature: { value: unknown } }> };
          ids.add(body.id);
          for (const d of body.data) values.add(d.temperature.value);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((ok) => receiver!.listen(rxPort, '127.0.0.1', ok));

      const second = startDothi(port, db.env);
      children.push(second);
      await waitLong(`${N} notifications`, () => ids.size >= N);
      assert.equal(ids.size, N);
      assert.deepEqual(
        [...values].sort((a, b) => Number(a) - Number(b)),
        Array.from({ length: N }, (_, i) => i + 1),
      );
      second.kill('SIGTERM');
      await new Promise((ok) => second.once('exit', ok));
    });
  });
}
