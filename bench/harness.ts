// Shared pieces of the benchmarks: child-process servers, the load generator and JSON output.
// The server under test runs in its own process so that it and the load generator each have
// a core; the baseline (a bare node:http server) is measured the same way in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import autocannon from 'autocannon';

export interface Served {
  url: string;
  token: string;
  /** The server's process id, for CPU accounting (undefined for in-process servers). */
  pid?: number;
  stop(): Promise<void>;
}

/** User + system CPU seconds in a /proc `stat` file (of a process, or of one of its threads). */
function statCpuSeconds(file: string): number {
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds of each thread of a process so far, by thread id (the main thread's is the pid). */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(Number(tid), statCpuSeconds(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
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

/**
 * A server process once it answers at `ready`: stopping it ends the process, then removes `dir`
 * (its data), if any.
 */
async function served(
  child: ChildProcess,
  port: number,
  opts: { ready?: string; token?: string; dir?: string } = {},
): Promise<Served> {
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}${opts.ready ?? ''}`);
  return {
    url,
    token: opts.token ?? '',
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      if (opts.dir !== undefined) rmSync(opts.dir, { recursive: true, force: true });
    },
  };
}

/** The Node options the `dothi` command runs with (its `#!` line), so that a benchmark measures them. */
export function dothiNodeOptions(): string[] {
  const first = readFileSync('bin/dothi.js', 'utf8').split('\n', 1)[0]!;
  return first.split(' ').filter((w) => w.startsWith('--'));
}

export async function startDothi(
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'dothi-bench-'));
  const token = 'bench-token-0123456789abcdef';
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const node = [...dothiNodeOptions(), ...extra, ...nodeArgs];
  const child = spawn(process.execPath, [...node, 'bin/dothi.js', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DOTHI_SQLITE_PATH: join(dir, 'dothi.db'),
      DOTHI_ADMIN_TOKEN: token,
      DOTHI_LOG_LEVEL: 'warn',
      // The built-in MQTT broker takes a free port, so that runs side by side do not collide.
      DOTHI_MQTT_PORT: '0',
      ...env,
    },
    // BENCH_SERVER_STDOUT=1 shows the server's standard output (e.g. with --trace-gc).
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  return served(child, port, { ready: '/health', token, dir });
}

/** The baseline: a bare node:http server that reads the body and answers a small JSON document. */
export async function startBaseline(port: number): Promise<Served> {
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => {
    s.writeHead(q.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    s.end('{"id":"urn:ngsi-ld:T:1","type":"T"}'); }); }).listen(${port}, '127.0.0.1');`;
  return served(spawn(process.execPath, ['-e', code], { stdio: 'ignore' }), port);
}

/**
 * The issue's yardstick for creates: a bare Fastify + better-sqlite3 server that only inserts each
 * JSON body, with group commit and an fsync before it answers (bare-insert-server.ts).
 */
export async function startBareInsert(port: number): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'dothi-bare-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-insert-server.ts', String(port), join(dir, 'bare.db')],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return served(child, port, { dir });
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  generator: 'wrk' | 'autocannon';
  /** CPU time the server used per request (all its threads), when its pid was given. */
  serverCpuUsPerRequest?: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: string;
}

export interface LoadSpec {
  url: string;
  token?: string;
  seconds: number;
  connections?: number;
  /** The server's process id: its CPU time per request is then measured too. */
  pid?: number;
  /**
   * The requests to cycle through. In paths and bodies `{n}` is replaced by the request's
   * sequence number, so that every create can have a fresh id.
   */
  variants: RequestSpec[];
}

const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

/** Runs the load with wrk (C, light on the shared CPU) when installed, else with autocannon. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const cpu0 = spec.pid === undefined ? 0 : cpuSeconds(spec.pid);
  const r = await (hasWrk && process.env.BENCH_GENERATOR !== 'autocannon'
    ? loadWrk(spec)
    : loadAutocannon(spec));
  if (spec.pid === undefined || r.requestsPerSecond === 0) return r;
  const perRequest = (cpuSeconds(spec.pid) - cpu0) / (r.requestsPerSecond * spec.seconds);
  return { ...r, serverCpuUsPerRequest: Math.round(perRequest * 1e6 * 10) / 10 };
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

async function loadWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dothi-wrk-'));
  const script = join(dir, 'load.lua');
  const variants = spec.variants
    .map(
      (v) =>
        `{${luaString(v.method)}, ${luaString(v.path)}, ${v.body === undefined ? 'nil' : luaString(v.body)}}`,
    )
    .join(',\n');
  writeFileSync(
    script,
    `local variants = {\n${variants}\n}
local n = 0
local headers = { ["Content-Type"] = "application/json"${spec.token ? `, ["Authorization"] = "Bearer ${spec.token}"` : ''} }
local non2xx = 0
request = function()
  n = n + 1
  local v = variants[(n - 1) % #variants + 1]
  local tag = tostring(n)
  local body = v[3]
  if body ~= nil then body = body:gsub("{n}", tag) end
  return wrk.format(v[1], (v[2]:gsub("{n}", tag)), headers, body)
end
response = function(status)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
done = function(summary, latency)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %f %f %f %d %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx + summary.errors.status, errors))
end
`,
  );
  const out = spawnSync(
    'wrk',
    ['-t1', `-c${spec.connections ?? 32}`, `-d${spec.seconds}s`, '--timeout', '10s', '-s', script, spec.url],
    { encoding: 'utf8' },
  );
  rmSync(dir, { recursive: true, force: true });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`wrk failed: ${out.stderr}${out.stdout}`);
  const [, requests, seconds, p50, p99, non2xx, errors] = line.split(' ').map(Number) as number[];
  return {
    requestsPerSecond: Math.round(requests! / seconds!),
    latencyP50Ms: Math.round(p50! * 100) / 100,
    latencyP99Ms: Math.round(p99! * 100) / 100,
    non2xx: non2xx!,
    errors: errors!,
    generator: 'wrk',
  };
}

async function loadAutocannon(spec: LoadSpec): Promise<LoadResult> {
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
          i++;
          const v = spec.variants[(i - 1) % spec.variants.length]!;
          const tag = String(i);
          return {
            ...req,
            method: v.method,
            path: v.path.replaceAll('{n}', tag),
            body: v.body?.replaceAll('{n}', tag),
            headers,
          };
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
    generator: 'autocannon',
  };
}

export async function post(
  served: Served,
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<void> {
  const r = await fetch(`${served.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${served.token}` },
    body: JSON.stringify(body),
  });
  // Read whole, so that the connection is free again (an unread body keeps it busy).
  const text = await r.text();
  if (r.status >= 300 && r.status !== 207) throw new Error(`${path}: ${r.status} ${text}`);
}

/** A TCP port free on loopback right now (for a server started in another process). */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}
