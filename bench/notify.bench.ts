// Notification latency: 100 subscriptions on different entity sets, updates at a fixed rate
// (batch updates of BATCH entities, spread over all entities) for BENCH_NOTIFY_SECONDS, each
// notification POSTed to a local node:http receiver. Latency is update sent -> notification
// received (the update carries its send time). Run twice: all endpoints alive, then with one dead
// endpoint (connection refused) among the 100, whose entities are left out of the figures. The
// baseline, in the same run: a plain HTTP POST to the same receiver. Prints one JSON document.
// BENCH_NOTIFY_RATE (updates/s, default 5000) and BENCH_NOTIFY_SECONDS (default 20) scale it.
// Each phase first warms its server up with BENCH_NOTIFY_WARMUP_SECONDS (default 5) of the same
// load, whose notifications are awaited and not counted: a broker serves for days, and the
// figures are those of its steady state, not of its first seconds (JIT compilation, connection
// pools, caches); the warm-up's own p50/p99 are reported beside them.
// The server's CPU time (all threads) from the first update to the last notification is reported
// per update (each update is notified to one subscription), and the latency is also given from the
// broker's answer to the update (its commit) to the notification, the notifier's own share. BENCH_NOTIFY_PROFILE=<dir> writes a V8 CPU profile of each
// phase's server there (node --cpu-prof). BENCH_NOTIFY_CONCURRENCY sets DOTHI_NOTIFY_CONCURRENCY
// (the server's default when unset).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpuSeconds, freePort, post, startDothi, type Served } from './harness.js';

const RATE = Number(process.env.BENCH_NOTIFY_RATE ?? 5000);
const SECONDS = Number(process.env.BENCH_NOTIFY_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_NOTIFY_WARMUP_SECONDS ?? 5);
const SUBS = 100;
const PER_SUB = 10;
const BATCH = 50;
/** Batch requests in flight at most; beyond, the generator falls behind and says so. */
const IN_FLIGHT = 16;
const PROFILE = process.env.BENCH_NOTIFY_PROFILE;
const CONCURRENCY = process.env.BENCH_NOTIFY_CONCURRENCY;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

function body(req: IncomingMessage): Promise<string> {
  return new Promise((ok) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => ok(text));
  });
}

/** The receiver: latencies of notifications by path, and a plain endpoint for the baseline. */
async function receiver() {
  const latencies = new Map<string, number[]>();
  /** [sentAt, received at] of every notified update. */
  const received: Array<[number, number]> = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    void body(req).then((text) => {
      const now = performance.timeOrigin + performance.now();
      if (req.url !== '/plain') {
        const n = JSON.parse(text) as { data: Array<{ sentAt?: { value: number } }> };
        const list = latencies.get(req.url ?? '') ?? [];
        // Creations (sentAt 0, during set-up) are not updates of the run.
        for (const d of n.data) {
          if ((d.sentAt?.value ?? 0) > 0) {
            list.push(now - d.sentAt!.value);
            received.push([d.sentAt!.value, now]);
          }
        }
        latencies.set(req.url ?? '', list);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    latencies,
    received,
    requests: () => requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const entityId = (sub: number, k: number) => `urn:ngsi-ld:Sensor:n${sub}-${k}`;

async function setUp(dothi: Served, rx: string, deadSub: number | undefined) {
  const entities = [];
  for (let s = 0; s < SUBS; s++) {
    for (let k = 0; k < PER_SUB; k++)
      entities.push({ id: entityId(s, k), type: 'Sensor', sentAt: { type: 'Property', value: 0 } });
    const uri = s === deadSub ? 'http://127.0.0.1:1/dead' : `${rx}/s${s}`;
    await post(dothi, '/ngsi-ld/v1/subscriptions', {
      type: 'Subscription',
      entities: [{ type: 'Sensor', idPattern: `^urn:ngsi-ld:Sensor:n${s}-` }],
      watchedAttributes: ['sentAt'],
      notification: { endpoint: { uri } },
    });
  }
  await post(dothi, '/ngsi-ld/v1/entityOperations/upsert', entities);
}

/** Failed notifications to the live endpoints, from the subscriptions' statistics. */
async function liveFailures(dothi: Served): Promise<number> {
  const r = await fetch(`${dothi.url}/ngsi-ld/v1/subscriptions?limit=1000`, {
    headers: { authorization: `Bearer ${dothi.token}` },
  });
  const subs = (await r.json()) as Array<{
    notification: { endpoint: { uri: string }; timesFailed?: number };
  }>;
  return subs
    .filter((s) => !s.notification.endpoint.uri.endsWith('/dead'))
    .reduce((n, s) => n + (s.notification.timesFailed ?? 0), 0);
}

/** Sends batch updates at RATE for `seconds`; resolves to the updates sent and the rate held. */
async function drive(dothi: Served, seconds: number) {
  const start = performance.now();
  let sent = 0;
  let inFlight = 0;
  let skippedTicks = 0;
  /** When the broker answered each batch, by its sentAt. */
  const answeredAt = new Map<number, number>();
  const total = RATE * seconds;
  const all = Array.from({ length: SUBS * PER_SUB }, (_, i) =>
    entityId(i % SUBS, Math.floor(i / SUBS) % PER_SUB),
  );
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    if (due - sent >= BATCH && inFlight < IN_FLIGHT) {
      const now = performance.timeOrigin + performance.now();
      const batch = Array.from({ length: BATCH }, (_, j) => ({
        id: all[(sent + j) % all.length]!,
        type: 'Sensor',
        sentAt: { type: 'Property', value: now },
      }));
      sent += BATCH;
      inFlight++;
      void post(dothi, '/ngsi-ld/v1/entityOperations/update', batch).finally(() => {
        answeredAt.set(now, performance.timeOrigin + performance.now());
        inFlight--;
      });
      continue;
    }
    if (due - sent >= BATCH) skippedTicks++;
    await new Promise((r) => setTimeout(r, 2));
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  const elapsed = (performance.now() - start) / 1000;
  return {
    stats: { sent, updatesPerSecond: Math.round(sent / elapsed), generatorWaits: skippedTicks },
    answeredAt,
  };
}

async function phase(dead: boolean) {
  const rx = await receiver();
  const nodeArgs = PROFILE === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', PROFILE];
  const dothi = await startDothi(
    await freePort(),
    CONCURRENCY === undefined ? {} : { DOTHI_NOTIFY_CONCURRENCY: CONCURRENCY },
    nodeArgs,
  );
  try {
    await setUp(dothi, rx.url, dead ? 0 : undefined);
    const received = () => [...rx.latencies.values()].reduce((n, l) => n + l.length, 0);
    const delivered = async (expected: number) => {
      const until = Date.now() + 60_000;
      while (received() < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    };
    const live = (sent: number) => (sent * (dead ? SUBS - 1 : SUBS)) / SUBS;
    let warmup: { sent: number; p50Ms: number; p99Ms: number } | undefined;
    if (WARMUP_SECONDS > 0) {
      const { stats } = await drive(dothi, WARMUP_SECONDS);
      await delivered(live(stats.sent));
      const all = [...rx.latencies.values()].flat();
      warmup = { sent: stats.sent, p50Ms: pct(all, 50), p99Ms: pct(all, 99) };
      rx.latencies.clear();
      rx.received.length = 0;
    }
    const cpu0 = cpuSeconds(dothi.pid!);
    const requests0 = rx.requests();
    const { stats: load, answeredAt } = await drive(dothi, SECONDS);
    const expected = live(load.sent);
    await delivered(expected);
    const cpu = cpuSeconds(dothi.pid!) - cpu0;
    const failedToLiveEndpoints = await liveFailures(dothi);
    const all = [...rx.latencies.values()].flat();
    // The notifier's share: from the broker's answer to the update (its commit) to the notification.
    const afterAnswer = rx.received.map(([sentAt, at]) => at - (answeredAt.get(sentAt) ?? NaN));
    return {
      warmup,
      ...load,
      notificationsExpected: expected,
      notificationsReceived: received(),
      /** HTTP requests the receiver got: one notification may carry several updates. */
      notificationRequests: rx.requests() - requests0,
      failedToLiveEndpoints,
      p50Ms: pct(all, 50),
      p99Ms: pct(all, 99),
      afterAnswerP50Ms: pct(afterAnswer, 50),
      afterAnswerP99Ms: pct(afterAnswer, 99),
      serverCpuSeconds: Math.round(cpu * 100) / 100,
      serverCpuUsPerUpdate: Math.round((cpu / load.sent) * 1e6 * 10) / 10,
    };
  } finally {
    await dothi.stop();
    await rx.close();
  }
}

async function baseline() {
  const rx = await receiver();
  const times: number[] = [];
  const payload = JSON.stringify({
    type: 'Notification',
    data: [{ id: entityId(0, 0), sentAt: { value: 0 } }],
  });
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await fetch(`${rx.url}/plain`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    times.push(performance.now() - t0);
  }
  await rx.close();
  return { name: 'plain HTTP POST to the same receiver', p50Ms: pct(times, 50), p99Ms: pct(times, 99) };
}

const base = await baseline();
const alive = await phase(false);
const withDead = await phase(true);
const within10 = (a: number, b: number) => Math.abs(b - a) <= 0.1 * a;
const sustained = alive.updatesPerSecond >= RATE * 0.95;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'notify',
      subscriptions: SUBS,
      targetUpdatesPerSecond: RATE,
      sustained,
      baseline: base,
      alive,
      oneDeadEndpoint: withDead,
      targets: {
        p50: { value: alive.p50Ms, target: 20, pass: alive.p50Ms <= 20 },
        p99: { value: alive.p99Ms, target: 100, pass: alive.p99Ms <= 100 },
        deadEndpointChangesP50By10PercentAtMost: within10(alive.p50Ms, withDead.p50Ms),
        deadEndpointChangesP99By10PercentAtMost: within10(alive.p99Ms, withDead.p99Ms),
      },
    },
    null,
    2,
  )}\n`,
);
