// Temporal provision over HTTP (CIM 009 §5.6.11-§5.6.17, §6.18-§6.22): history is written from a
// temporal representation, instances are modified and deleted one by one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const TEMPORAL = '/ngsi-ld/v1/temporal/entities';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const enc = encodeURIComponent;
type Instance = Record<string, unknown>;

const temp = (value: unknown, m: number, more: Instance = {}) => ({
  type: 'Property',
  value,
  observedAt: at(m),
  ...more,
});

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code);
}

for (const name of storeNames()) {
  describe(`temporal provision (${name})`, () => {
    let t: TestApp;
    const clock = fixedClock(T0 + 24 * 3600_000);
    let n = 0;
    const newId = () => `urn:ngsi-ld:Sensor:p${n++}`;
    const history = async (id: string, query = '') => {
      const r = await t.get(`${TEMPORAL}/${enc(id)}${query === '' ? '' : `?${query}`}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as Record<string, Instance[]>;
    };
    const values = (list: Instance[] | undefined) => (list ?? []).map((i) => i.value);

    before(async () => {
      t = await makeTestApp(name, {}, clock);
    });
    after(async () => t.dispose());

    async function create(id: string, temperature: Instance[]): Promise<void> {
      const r = await t.post(TEMPORAL, { id, type: 'Sensor', temperature });
      assert.equal(r.statusCode, 201, r.body);
    }

    it('POST /temporal/entities creates the history and the entity from its newest instance', async () => {
      const id = newId();
      const r = await t.post(TEMPORAL, {
        id,
        type: 'Sensor',
        temperature: [temp(3, 30), temp(1, 10), temp(2, 20)],
      });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.headers.location, `${TEMPORAL}/${enc(id)}`);
      assert.deepEqual(values((await history(id)).temperature), [1, 2, 3]);
      const current = (await t.get(`${ENTITIES}/${enc(id)}`)).json() as Record<string, Instance>;
      assert.equal(current.temperature!.value, 3);
      assert.equal(current.temperature!.observedAt, at(30));
    });

    it('POST /temporal/entities on an existing entity appends and answers 204', async () => {
      const id = newId();
      await create(id, [temp(1, 10)]);
      const r = await t.post(TEMPORAL, { id, type: 'Sensor', temperature: [temp(0, 5), temp(4, 40)] });
      assert.equal(r.statusCode, 204, r.body);
      assert.deepEqual(values((await history(id)).temperature), [0, 1, 4]);
      const current = (await t.get(`${ENTITIES}/${enc(id)}`)).json() as Record<string, Instance>;
      assert.equal(current.temperature!.value, 4);
    });

    it('an appended instance older than the current state goes to history only', async () => {
      const id = newId();
      await create(id, [temp(5, 50)]);
      const r = await t.post(`${TEMPORAL}/${enc(id)}/attrs`, { temperature: [temp(2, 20)] });
      assert.equal(r.statusCode, 204, r.body);
      assert.deepEqual(values((await history(id)).temperature), [2, 5]);
      const current = (await t.get(`${ENTITIES}/${enc(id)}`)).json() as Record<string, Instance>;
      assert.equal(current.temperature!.value, 5);
    });

    it('POST …/attrs adds new attributes and keeps datasetIds apart', async () => {
      const id = newId();
      await create(id, [temp(1, 10)]);
      const ds = 'urn:ngsi-ld:Dataset:b';
      const body = {
        temperature: [temp(7, 20, { datasetId: ds }), temp(8, 30, { datasetId: ds })],
        humidity: [temp(60, 15)],
      };
      assert.equal((await t.post(`${TEMPORAL}/${enc(id)}/attrs`, body)).statusCode, 204);
      const h = await history(id);
      assert.deepEqual(values(h.temperature), [1, 7, 8]);
      assert.deepEqual(values(h.humidity), [60]);
    });

    it('bad bodies are 400 BadRequestData and unknown entities 404', async () => {
      const id = newId();
      expectProblem(
        await t.post(TEMPORAL, { type: 'Sensor', temperature: [temp(1, 1)] }),
        400,
        'BAD_REQUEST_DATA',
      );
      expectProblem(await t.post(TEMPORAL, { id, temperature: [temp(1, 1)] }), 400, 'BAD_REQUEST_DATA');
      expectProblem(
        await t.post(TEMPORAL, { id, type: 'Sensor', temperature: [{ type: 'Property', value: 1 }] }),
        400,
        'BAD_REQUEST_DATA',
      );
      expectProblem(await t.post(TEMPORAL, { id, type: 'Sensor', temperature: [] }), 400, 'BAD_REQUEST_DATA');
      expectProblem(await t.post(TEMPORAL, [1]), 400, 'BAD_REQUEST_DATA');
      expectProblem(
        await t.post(`${TEMPORAL}/${enc(id)}/attrs`, { temperature: [temp(1, 1)] }),
        404,
        'RESOURCE_NOT_FOUND',
      );
      expectProblem(await t.del(`${TEMPORAL}/${enc(id)}`), 404, 'RESOURCE_NOT_FOUND');
    });

    it('DELETE /temporal/entities/{id} deletes the history and leaves the entity', async () => {
      const id = newId();
      await create(id, [temp(1, 10), temp(2, 20)]);
      assert.equal((await t.del(`${TEMPORAL}/${enc(id)}`)).statusCode, 204);
      assert.equal((await history(id)).temperature, undefined);
      assert.equal((await t.get(`${ENTITIES}/${enc(id)}`)).statusCode, 200);
    });

    it('DELETE of a deleted entity history forgets the entity', async () => {
      const id = newId();
      await create(id, [temp(1, 10)]);
      assert.equal((await t.del(`${ENTITIES}/${enc(id)}`)).statusCode, 204);
      assert.equal((await t.del(`${TEMPORAL}/${enc(id)}`)).statusCode, 204);
      expectProblem(await t.get(`${TEMPORAL}/${enc(id)}`), 404, 'RESOURCE_NOT_FOUND');
    });

    it('DELETE …/attrs/{attrId} deletes the default series, one datasetId, or all with deleteAll', async () => {
      const id = newId();
      const ds = 'urn:ngsi-ld:Dataset:a';
      await create(id, [
        temp(1, 10),
        temp(2, 20, { datasetId: ds }),
        temp(3, 30, { datasetId: 'urn:ngsi-ld:Dataset:c' }),
      ]);
      const url = `${TEMPORAL}/${enc(id)}/attrs/temperature`;
      assert.equal((await t.del(url)).statusCode, 204);
      assert.deepEqual(values((await history(id)).temperature), [2, 3]);
      assert.equal((await t.del(`${url}?datasetId=${enc(ds)}`)).statusCode, 204);
      assert.deepEqual(values((await history(id)).temperature), [3]);
      expectProblem(await t.del(`${url}?datasetId=${enc(ds)}`), 404, 'RESOURCE_NOT_FOUND');
      assert.equal((await t.del(`${url}?deleteAll=true`)).statusCode, 204);
      assert.equal((await history(id)).temperature, undefined);
      expectProblem(await t.del(`${url}?deleteAll=maybe`), 400, 'BAD_REQUEST_DATA');
    });

    it('PATCH …/{instanceId} replaces one instance and DELETE removes it', async () => {
      const id = newId();
      await create(id, [temp(1, 10), temp(2, 20)]);
      const [first, second] = (await history(id)).temperature!;
      const url = (i: Instance | undefined) =>
        `${TEMPORAL}/${enc(id)}/attrs/temperature/${enc(String(i!.instanceId))}`;
      const r = await t.patch(url(first), { temperature: { type: 'Property', value: 10 } });
      assert.equal(r.statusCode, 204, r.body);
      let list = (await history(id)).temperature!;
      assert.deepEqual(values(list), [10, 2]);
      assert.equal(list[0]!.observedAt, at(10));
      assert.equal(
        (await t.patch(url(second), { type: 'Property', value: 20, observedAt: at(5) })).statusCode,
        204,
      );
      list = (await history(id)).temperature!;
      assert.deepEqual(values(list), [20, 10]);
      assert.equal((await t.del(url(first))).statusCode, 204);
      assert.deepEqual(values((await history(id)).temperature), [20]);
      expectProblem(await t.del(url(first)), 404, 'RESOURCE_NOT_FOUND');
      expectProblem(await t.patch(url(first), { type: 'Property', value: 1 }), 404, 'RESOURCE_NOT_FOUND');
      expectProblem(await t.patch(url(second), { value: 1 }), 400, 'BAD_REQUEST_DATA');
      expectProblem(
        await t.del(`${TEMPORAL}/${enc(id)}/attrs/temperature/not%20a%20uri`),
        400,
        'BAD_REQUEST_DATA',
      );
    });

    it('an edited instance is the newest by modifiedAt, and lastN by modifiedAt finds it', async () => {
      const id = newId();
      await create(id, [temp(1, 10)]);
      for (const [v, m] of [
        [2, 20],
        [3, 30],
      ]) {
        clock.advance(60_000);
        const r = await t.post(`${TEMPORAL}/${enc(id)}/attrs`, { temperature: [temp(v, m!)] });
        assert.equal(r.statusCode, 204, r.body);
      }
      const [first] = (await history(id)).temperature!;
      clock.advance(60_000);
      const url = `${TEMPORAL}/${enc(id)}/attrs/temperature/${enc(String(first!.instanceId))}`;
      assert.equal((await t.patch(url, { type: 'Property', value: 100 })).statusCode, 204);
      assert.deepEqual(values((await history(id, 'timeproperty=modifiedAt')).temperature), [2, 3, 100]);
      const newest = await history(id, 'timeproperty=modifiedAt&lastN=1&attrs=temperature');
      assert.deepEqual(values(newest.temperature), [100]);
      const edited = await history(id, `timeproperty=modifiedAt&timerel=after&timeAt=${clock.isoNow()}`);
      assert.deepEqual(values(edited.temperature), []);
      const since = new Date(clock.now() - 1000).toISOString();
      const recent = await history(
        id,
        `timeproperty=modifiedAt&timerel=after&timeAt=${since}&options=sysAttrs`,
      );
      assert.deepEqual(values(recent.temperature), [100]);
    });
  });
}
