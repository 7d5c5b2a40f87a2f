// IoT ingest: sustained QoS 1 MQTT publishing from 10,000 provisioned devices (3 measures a
// message) into dothi's built-in broker on the default SQLite store, next to the raw throughput of
// the same broker to a plain subscriber measured in the same run. A PUBACK is sent only once the
// measures are durable, so publish→PUBACK is publish-to-queryable; sampled reads confirm it. Zero
// loss is checked in the store: history rows and entity state against what was acknowledged.
// The publishers are lean (mqtt-load.ts), so that the generator leaves the cores to the server.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connectAsync } from 'mqtt';
import type { WriteStats } from '../src/store/index.js';
import { cpuSeconds, freePort, startDothi, threadCpuSeconds, type Served } from './harness.js';
import { connectPublisher, type LeanPublisher } from './mqtt-load.js';
import { replayIngestWrites } from './sqlite-replay.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// Unmeasured publishing before each measured run (see broker.bench.ts): the ingest path compiles
// its hot code and the registry cache takes in the 10,000 devices, as on a server that has run a while.
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const devices = Number(process.env.BENCH_DEVICES ?? 10_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const window = Number(process.env.BENCH_WINDOW ?? 100);
const target = 30_000;
// BENCH_WRITE_STATS=1: the server times its writer thread's statements (DOTHI_SQLITE_WRITE_STATS),
// and the report says what each message cost there. Two clock reads a statement: off by default.
const writeStats = process.env.BENCH_WRITE_STATS === '1';
// Messages a commit in the storage-floor replay (sqlite-replay.ts): the writer thread commits
// 900-1,000 at this load (its write statistics say so).
const replayPerCommit = Number(process.env.BENCH_REPLAY_PER_COMMIT ?? 1000);
const APIKEY = 'bench-key';
const SERVICE = 'bench';
const VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';
/** The expanded attributes each message updates (t, h, p). */
const ATTRS = ['temperature', 'relativeHumidity', 'atmosphericPressure'].map((a) => VOCAB + a);

async function provision(d: Served): Promise<void> {
  const headers = {
    authorization: `Bearer ${d.token}`,
    'content-type': 'application/json',
    'fiware-service': SERVICE,
    'fiware-servicepath': '/',
  };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${d.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  };
  await post('/iot/services', {
    services: [
      { apikey: APIKEY, resource: '/iot/json', entity_type: 'WeatherObserved', autoprovision: false },
    ],
  });
  const attributes = [
    { object_id: 't', name: 'temperature', type: 'Number' },
    { object_id: 'h', name: 'relativeHumidity', type: 'Number' },
    { object_id: 'p', name: 'atmosphericPressure', type: 'Number' },
  ];
  for (let i = 0; i < devices; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, devices - i) }, (_, j) => ({
      device_id: `ws${i + j}`,
      attributes,
    }));
    await post('/iot/devices', { devices: chunk });
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Of the machine's cores, what `us` of CPU a message takes at the target's message rate. */
const coresAtTarget = (us: number) => round2(((target / 3) * us) / 1e6);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Run {
  acked: number;
  latencies: number[];
  elapsedS: number;
}

/**
 * `connections` publishers, each keeping up to `window` QoS 1 publishes in flight for `duration`
 * seconds; `next(conn)` names the topic and payload of each message. Resolves once every publish
 * is acked.
 */
async function publishFor(
  clients: LeanPublisher[],
  next: (conn: number) => { topic: string; payload: string; onAck?: () => void },
  duration = seconds,
): Promise<Run> {
  const latencies: number[] = [];
  let acked = 0;
  const started = performance.now();
  const until = started + duration * 1000;
  await Promise.all(
    clients.map(
      (client, conn) =>
        new Promise<void>((resolve, reject) => {
          void client.lost.then(reject);
          let inFlight = 0;
          const pump = () => {
            while (inFlight < window && performance.now() < until) {
              const m = next(conn);
              const t0 = performance.now();
              inFlight += 1;
              client.publish(m.topic, m.payload, () => {
                inFlight -= 1;
                acked += 1;
                latencies.push(performance.now() - t0);
                m.onAck?.();
                if (performance.now() < until) pump();
                else if (inFlight === 0) resolve();
              });
            }
          };
          pump();
        }),
    ),
  );
  return {
    acked,
    latencies: latencies.sort((a, b) => a - b),
    elapsedS: (performance.now() - started) / 1000,
  };
}

/** Raw broker throughput: trusted publishers to a plain subscriber on a non-device topic. */
async function rawBaseline(
  mqttUrl: string,
  d: Served,
): Promise<{ deliveredPerSecond: number; acked: number; serverCpuUsPerMessage: number | undefined }> {
  const opts = { username: 'dothi', password: d.token, reconnectPeriod: 0 };
  const subscriber = await connectAsync(mqttUrl, { ...opts, clientId: 'bench-sub' });
  let delivered = 0;
  subscriber.on('message', () => (delivered += 1));
  await subscriber.subscribeAsync('bench/raw/#', { qos: 1 });
  const pubs = await Promise.all(
    Array.from({ length: connections }, () =>
      connectPublisher(mqttUrl, { username: 'dothi', password: d.token }),
    ),
  );
  const payload = JSON.stringify({ t: 21.5, h: 60.5, p: 1013 });
  const next = (conn: number) => ({ topic: `bench/raw/${conn}`, payload });
  const settled = async (acked: number) => {
    const started = performance.now();
    while (delivered < acked && performance.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 20));
  };
  if (warmupSeconds > 0) {
    await settled((await publishFor(pubs, next, warmupSeconds)).acked);
    delivered = 0;
  }
  const cpu0 = d.pid === undefined ? 0 : cpuSeconds(d.pid);
  const run = await publishFor(pubs, next);
  await settled(run.acked);
  const cpuS = d.pid === undefined ? undefined : cpuSeconds(d.pid) - cpu0;
  await Promise.all([...pubs.map((c) => c.close()), subscriber.endAsync()]);
  return {
    deliveredPerSecond: delivered / run.elapsedS,
    acked: run.acked,
    // The broker's own CPU for a message: received, acknowledged, delivered to the subscriber.
    serverCpuUsPerMessage: cpuS === undefined ? undefined : Math.round((cpuS / run.acked) * 1e7) / 10,
  };
}

async function ingest(d: Served, mqttUrl: string) {
  const clients = await Promise.all(
    Array.from({ length: connections }, () => connectPublisher(mqttUrl, { username: APIKEY })),
  );
  const lastSent = new Int32Array(devices).fill(-1);
  const cursor = new Int32Array(connections);
  const perConn = Math.ceil(devices / connections);
  let reads = 0;
  let staleReads = 0;
  const checks: Array<Promise<void>> = [];
  const readBack = (device: number, seq: number) => {
    reads += 1;
    const id = encodeURIComponent(`urn:ngsi-ld:WeatherObserved:ws${device}`);
    checks.push(
      fetch(`${d.url}/ngsi-ld/v1/entities/${id}?options=keyValues&attrs=temperature`, {
        headers: { authorization: `Bearer ${d.token}`, 'ngsild-tenant': SERVICE },
      })
        .then((r) => r.json() as Promise<{ temperature?: number }>)
        .then((e) => {
          if ((e.temperature ?? -1) < seq) staleReads += 1;
        }),
    );
  };
  let sent = 0;
  const next = (conn: number) => {
    let device = conn + connections * (cursor[conn]! % perConn);
    if (device >= devices) device = conn;
    cursor[conn]! += 1;
    const seq = (lastSent[device] = lastSent[device]! + 1);
    const n = (sent += 1);
    const payload = JSON.stringify({ t: seq, h: seq + 0.5, p: seq * 2 });
    return {
      topic: `/json/${APIKEY}/ws${device}/attrs`,
      payload,
      ...(n % 2000 === 0 ? { onAck: () => readBack(device, seq) } : {}),
    };
  };
  // Warm-up measures are stored like the others: the loss check counts them too.
  const warmup = warmupSeconds > 0 ? await publishFor(clients, next, warmupSeconds) : undefined;
  if (writeStats) await adminStats(d, 'DELETE');
  const cpu0 = d.pid === undefined ? 0 : cpuSeconds(d.pid);
  const threads0 = d.pid === undefined ? undefined : threadCpuSeconds(d.pid);
  const own0 = process.cpuUsage();
  const run = await publishFor(clients, next);
  const threads = d.pid === undefined ? undefined : threadCores(d.pid, threads0!, run.elapsedS);
  // The server's CPU time (all its threads) per acknowledged measure: steadier than the rate on a
  // busy machine, and what an optimisation of the ingest path moves.
  const serverCpuS = d.pid === undefined ? undefined : cpuSeconds(d.pid) - cpu0;
  // The load generator's own share of the same cores (this process: publishers and checks).
  const own = process.cpuUsage(own0);
  const generatorCpuS = (own.user + own.system) / 1e6;
  const writer = writeStats ? writerPerMessage(await adminStats(d, 'GET'), run.acked) : undefined;
  await Promise.all(checks);
  await Promise.all(clients.map((c) => c.close()));
  return {
    run,
    warmupAcked: warmup?.acked ?? 0,
    lastSent,
    reads,
    staleReads,
    serverCpuS,
    generatorCpuS,
    writer,
    threads,
  };
}

/**
 * Cores each server thread kept busy over the run: the main thread, and the busiest others (Linux
 * gives them no names; under ingest the first is the SQLite writer thread, the next ones the WAL
 * checkpointer and V8's garbage-collection helpers).
 */
function threadCores(pid: number, before: Map<number, number>, seconds: number) {
  const after = threadCpuSeconds(pid);
  const cores = [...after].map(([tid, s]) => ({
    tid,
    cores: round2((s - (before.get(tid) ?? 0)) / seconds),
  }));
  const others = cores.filter((t) => t.tid !== pid).map((t) => t.cores);
  return {
    main: cores.find((t) => t.tid === pid)?.cores ?? 0,
    busiestOthers: others.sort((a, b) => b - a).slice(0, 6),
  };
}

async function adminStats(d: Served, method: 'GET' | 'DELETE'): Promise<WriteStats | undefined> {
  const r = await fetch(`${d.url}/admin/store/write-stats`, {
    method,
    headers: { authorization: `Bearer ${d.token}` },
  });
  if (!r.ok) throw new Error(`write-stats: ${r.status} ${await r.text()}`);
  return method === 'GET' ? ((await r.json()) as WriteStats) : undefined;
}

/** The writer thread's work per acknowledged message of the measured run. */
function writerPerMessage(s: WriteStats | undefined, messages: number) {
  if (s === undefined || messages === 0) return undefined;
  const per = (n: number, digits = 2) => Math.round((n / messages) * 10 ** digits) / 10 ** digits;
  const statementMs = s.statements.reduce((sum, x) => sum + x.totalMs, 0);
  return {
    usPerMessage: per((statementMs + s.commitMs) * 1000, 1),
    statementUsPerMessage: per(statementMs * 1000, 1),
    commitUsPerMessage: per(s.commitMs * 1000, 1),
    messagesPerCommit: Math.round(messages / Math.max(1, s.commits)),
    syncMsMean: s.syncs === 0 ? 0 : round2(s.syncMs / s.syncs),
    statements: s.statements.slice(0, 8).map((x) => ({
      sql: x.sql.length > 120 ? `${x.sql.slice(0, 117)}...` : x.sql,
      runsPerMessage: per(x.runs),
      rowsPerMessage: per(x.rows),
      usPerMessage: per(x.totalMs * 1000, 1),
      usPerRun: x.runs === 0 ? 0 : Math.round((x.totalMs / x.runs) * 10000) / 10,
    })),
  };
}

function countStored(path: string, lastSent: Int32Array) {
  const db = new Database(path, { readonly: true });
  const history = db
    .prepare(`SELECT COUNT(*) AS n FROM attr_history WHERE tenant = ? AND attr IN (?, ?, ?)`)
    .get(SERVICE, ...ATTRS) as { n: number };
  const rows = db
    .prepare(
      `SELECT id, json_extract(doc, '$.attrs."${ATTRS[0]}"[0].value') AS t FROM entities WHERE tenant = ?`,
    )
    .all(SERVICE) as Array<{ id: string; t: number | null }>;
  db.close();
  let stateMismatches = 0;
  const byId = new Map(rows.map((r) => [r.id, r.t]));
  lastSent.forEach((seq, i) => {
    const t = byId.get(`urn:ngsi-ld:WeatherObserved:ws${i}`);
    if (seq >= 0 && t !== seq) stateMismatches += 1;
  });
  return { historyRows: history.n, stateMismatches };
}

const dir = mkdtempSync(join(os.tmpdir(), 'dothi-ingest-bench-'));
const dbPath = join(dir, 'dothi.db');
const mqttPort = await freePort();
const dothi = await startDothi(await freePort(), {
  DOTHI_MQTT_PORT: String(mqttPort),
  DOTHI_SQLITE_PATH: dbPath,
  DOTHI_IOT_RATE: '1000',
  DOTHI_IOT_BURST: '1000',
  ...(writeStats ? { DOTHI_SQLITE_WRITE_STATS: 'true' } : {}),
});
let stopped = false;
try {
  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  const t0 = performance.now();
  await provision(dothi);
  const provisionS = (performance.now() - t0) / 1000;
  const raw = await rawBaseline(mqttUrl, dothi);
  const { run, warmupAcked, lastSent, reads, staleReads, serverCpuS, generatorCpuS, writer, threads } =
    await ingest(dothi, mqttUrl);
  const stored = countStored(dbPath, lastSent);
  await dothi.stop();
  stopped = true;
  const floor = await replayIngestWrites({
    dbPath,
    tenant: SERVICE,
    attrs: ATTRS,
    messages: run.acked,
    messagesPerCommit: replayPerCommit,
    // The server's checkpointer thread took 0.09 cores at about 5,000 messages/s (serverThreads),
    // about 18 µs a message; a checkpoint every 4 commits costs the replay about as much (every
    // commit: 42-49 µs), so the floor stays a floor.
    checkpointEvery: Number(process.env.BENCH_REPLAY_CHECKPOINT_EVERY ?? 4),
  });
  const measuresSent = run.acked * 3;
  const value = measuresSent / run.elapsedS;
  const lost = (warmupAcked + run.acked) * 3 - stored.historyRows;
  console.log(
    JSON.stringify(
      {
        bench: 'ingest',
        cpus: os.cpus().length,
        store: 'sqlite',
        devices,
        connections,
        windowPerConnection: window,
        seconds: run.elapsedS,
        warmupSeconds,
        provisionSeconds: provisionS,
        figures: [
          {
            name: 'MQTT QoS 1 measures into entity state and history',
            value,
            unit: 'measures/s',
            target,
            pass: value >= target && lost === 0 && stored.stateMismatches === 0 && staleReads === 0,
            messagesPerSecond: run.acked / run.elapsedS,
            ...(serverCpuS === undefined
              ? {}
              : { serverCpuUsPerMeasure: Math.round((serverCpuS / measuresSent) * 1e7) / 10 }),
            generatorCpuUsPerMeasure: Math.round((generatorCpuS / measuresSent) * 1e7) / 10,
            // Of the machine's cores over the measured run: the server, the generator, and neither.
            coresBusy: {
              server: serverCpuS === undefined ? undefined : round2(serverCpuS / run.elapsedS),
              serverThreads: threads,
              generator: round2(generatorCpuS / run.elapsedS),
              of: os.cpus().length,
            },
            measuresSent,
            warmupMeasuresSent: warmupAcked * 3,
            // Warm-up and measured measures together, against measuresSent + warmupMeasuresSent.
            measuresInHistory: stored.historyRows,
            lost,
            entityStateMismatches: stored.stateMismatches,
            publishToQueryableP50Ms: percentile(run.latencies, 50),
            publishToQueryableP99Ms: percentile(run.latencies, 99),
            sampledReadsAfterAck: reads,
            staleReadsAfterAck: staleReads,
            ...(writer === undefined ? {} : { writerThread: writer }),
            baseline: {
              name: 'same broker, QoS 1 to a plain subscriber (no ingest)',
              messagesPerSecond: raw.deliveredPerSecond,
              measuresPerSecond: raw.deliveredPerSecond * 3,
              serverCpuUsPerMessage: raw.serverCpuUsPerMessage,
              // Of the machine's cores, what the broker alone takes at the target's message rate.
              coresAtTarget:
                raw.serverCpuUsPerMessage === undefined
                  ? undefined
                  : coresAtTarget(raw.serverCpuUsPerMessage),
            },
            // The same SQLite writes on one thread, no server (sqlite-replay.ts), and the cores
            // they alone take at the target's message rate.
            storageFloor: {
              ...floor,
              coresAtTarget: coresAtTarget(floor.writeCpuUsPerMessage + floor.checkpointCpuUsPerMessage),
            },
          },
        ],
      },
      null,
      2,
    ),
  );
} finally {
  if (!stopped) await dothi.stop();
  rmSync(dir, { recursive: true, force: true });
}
