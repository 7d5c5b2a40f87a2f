import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { loadCityPack } from '../domains/index.js';
import { DothiError, fixedClock, silentLogger } from '../kernel/index.js';
import { recordingTransport } from './fake-transport.js';
import { createSimControl } from './sim-api.js';
import { createSimulator } from './simulator.js';

async function server() {
  const control = createSimControl();
  const app = Fastify();
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof DothiError) return reply.code(err.status).send({ code: err.code });
    return reply.code(500).send({ code: 'INTERNAL_ERROR' });
  });
  await app.register(control.api);
  return { app, control };
}

describe('simulator API', () => {
  it('answers SIM_NOT_RUNNING where no simulator runs', async () => {
    const { app } = await server();
    const r = await app.inject({ method: 'POST', url: '/sim/scenario', payload: { name: 'rainstorm' } });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'SIM_NOT_RUNNING');
  });

  it('starts a scenario in the running simulator and refuses an unknown one', async () => {
    const { app, control } = await server();
    const start = Date.UTC(2026, 5, 1);
    const sim = createSimulator({
      transport: recordingTransport(),
      city: loadCityPack(),
      clock: fixedClock(start),
      log: silentLogger,
      devices: 50,
      seed: 1,
      speed: 1,
      start,
    });
    control.attach(sim);
    const bad = await app.inject({ method: 'POST', url: '/sim/scenario', payload: { name: 'earthquake' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'BAD_REQUEST_DATA');
    assert.equal(sim.stats().scenario, null);
    const ok = await app.inject({ method: 'POST', url: '/sim/scenario', payload: { name: 'power-fault' } });
    assert.equal(ok.statusCode, 202);
    assert.deepEqual(ok.json(), { scenario: 'power-fault', minutes: 120 });
    assert.equal((await app.inject({ method: 'GET', url: '/sim' })).json().scenario, 'power-fault');
  });
});
