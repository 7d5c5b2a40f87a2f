// Shared pieces of the benchmarks: child-process servers, the load generator and JSON output.
// The server under test runs in its own process so that it and the load generator each have
// a core; the baseline (a bare node:http server) is measured the same way in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface Served {
  url: string;
  token: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`server at ${url} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopper(child: ChildProcess, cleanup: () => void) {
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    cleanup();
  };
}

export async function startDothi(port: number, env: Record<string, string> = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'dothi-bench-'));
  const token = 'bench-token-0123456789abcdef';
  const child = spawn(process.execPath, ['bin/dothi.js', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DOTHI_SQLITE_PATH: join(dir, 'dothi.db'),
      DOTHI_ADMIN_TOKEN: token,
      DOTHI_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/health`);
  return { url, token, stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })) };
}

/** The baseline: a bare node:http server that reads the body and answers a small JSON document. */
export async function startBaseline(port: number): Promise<Served> {
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => {
    s.writeHead(q.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    s.end('{"id":"urn:ngsi-ld:T:1","type":"T"}'); }); }).listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url);
  return { url, token: '', stop: stopper(child, () => undefined) };
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

export interface LoadSpec {
  url: string;
  token?: string;
  seconds: number;
  connections?: number;
  /** Builds request i (method, path, body); called by the generator for each request. */
  request: (i: number) => { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: string };
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  let i = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections ?? 32,
    duration: spec.seconds,
    headers,
    requests: [
      {
        setupRequest: (req) => {
          const r = spec.request(i++);
          return { ...req, method: r.method, path: r.path, body: r.body, headers };
        },
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function post(served: Served, path: string, body: unknown, contentType = 'application/json') {
  const r = await fetch(`${served.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${served.token}` },
    body: JSON.stringify(body),
  });
  if (r.status >= 300 && r.status !== 207) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r;
}
