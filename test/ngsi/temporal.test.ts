// The temporal API over HTTP (CIM 009 §5.7.3-§5.7.4, §6.18-§6.20): every write records the
// temporal evolution of the attributes it changed, and the temporal endpoints return it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const OPS = '/ngsi-ld/v1/entityOperations';
const TEMPORAL = '/ngsi-ld/v1/temporal/entities';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

const enc = encodeURIComponent;
const temporalOf = (id: string, query = '') => `${TEMPORAL}/${enc(id)}${query === '' ? '' : `?${query}`}`;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
type Instance = Record<string, unknown>;

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code);
}

function ok(r: LightMyRequestResponse, status = 200): Record<string, unknown> {
  assert.equal(r.statusCode, status, r.body);
  return r.json();
}

for (const name of storeNames()) {
  describe(`temporal API (${name})`, () => {
    let t: TestApp;
    const clock = fixedClock(T0);
    let n = 0;
    const newId = (kind = 'Sensor') => `urn:ngsi-ld:${kind}:t${n++}`;

    before(async () => {
      t = await makeTestApp(name, {}, clock);
    });
    after(async () => t.dispose());

    async function sensor(id: string, temperature: number, observedAt?: string): Promise<void> {
      const attr = { type: 'Property', value: temperature, ...(observedAt ? { observedAt } : {}) };
      assert.equal((await t.post(ENTITIES, { id, type: 'Sensor', temperature: attr })).statusCode, 201);
    }

    async function patch(id: string, attrs: Record<string, unknown>): Promise<void> {
      clock.advance(1000);
      const r = await t.patch(`${ENTITIES}/${enc(id)}/attrs`, attrs);
      assert.equal(r.statusCode, 204, r.body);
    }

    async function append(id: string, attrs: Record<string, unknown>): Promise<void> {
      clock.advance(1000);
      const r = await t.post(`${ENTITIES}/${enc(id)}/attrs`, attrs);
      assert.equal(r.statusCode, 204, r.body);
    }

    const temperature = (value: number, observedAt?: string) => ({
      temperature: { type: 'Property', value, ...(observedAt ? { observedAt } : {}) },
    });

    it('creating then patching an attribute N times gives N+1 instances in order', async () => {
      const id = newId();
      await sensor(id, 0);
      for (let i = 1; i <= 4; i++) await patch(id, temperature(i));
      const body = ok(await t.get(temporalOf(id)));
      assert.equal(body.type, 'Sensor');
      const list = body.temperature as Instance[];
      assert.deepEqual(
        list.map((i) => i.value),
        [0, 1, 2, 3, 4],
      );
      for (const i of list)
        assert.match(String(i.instanceId), /^urn:ngsi-ld:attribute:instance:[0-9a-f-]{36}$/);
      assert.equal(new Set(list.map((i) => i.instanceId)).size, 5);
    });

    it('re-sending the same value is no new instance, but a new observedAt is', async () => {
      const id = newId();
      await sensor(id, 7, at(1));
      await patch(id, temperature(7, at(1)));
      await patch(id, temperature(7, at(2)));
      const list = ok(await t.get(temporalOf(id))).temperature as Instance[];
      assert.deepEqual(
        list.map((i) => i.observedAt),
        [at(1), at(2)],
      );
    });

    describe('timerel', () => {
      const id = newId();
      before(async () => {
        await sensor(id, 10, at(10));
        await patch(id, temperature(20, at(20)));
        await patch(id, temperature(30, at(30)));
      });
      const values = async (query: string) =>
        (ok(await t.get(temporalOf(id, query))).temperature as Instance[] | undefined)?.map((i) => i.value);

      it('observedAt drives timerel by default', async () => {
        assert.deepEqual(await values(`timerel=after&timeAt=${at(15)}`), [20, 30]);
      });
      it('before excludes timeAt itself', async () => {
        assert.deepEqual(await values(`timerel=before&timeAt=${at(20)}`), [10]);
      });
      it('after excludes timeAt itself', async () => {
        assert.deepEqual(await values(`timerel=after&timeAt=${at(20)}`), [30]);
      });
      it('between includes timeAt and excludes endTimeAt', async () => {
        assert.deepEqual(await values(`timerel=between&timeAt=${at(10)}&endTimeAt=${at(30)}`), [10, 20]);
      });
      it('an empty window shows no instances of the attribute', async () => {
        assert.equal(await values(`timerel=after&timeAt=${at(60)}`), undefined);
      });
      it('timeproperty=modifiedAt compares by the time of the write', async () => {
        const q = `timerel=after&timeproperty=modifiedAt&timeAt=${new Date(T0).toISOString()}`;
        assert.deepEqual(await values(q), [10, 20, 30]);
      });
      it('lastN gives the newest instances, oldest first', async () => {
        assert.deepEqual(await values('lastN=2'), [20, 30]);
      });
      it('temporalValues gives [value, time] pairs', async () => {
        const body = ok(await t.get(temporalOf(id, 'options=temporalValues')));
        assert.deepEqual(body.temperature, {
          type: 'Property',
          values: [
            [10, at(10)],
            [20, at(20)],
            [30, at(30)],
          ],
        });
      });
      it('sysAttrs adds createdAt and modifiedAt to each instance', async () => {
        const list = ok(await t.get(temporalOf(id, 'options=sysAttrs'))).temperature as Instance[];
        assert.ok(list.every((i) => typeof i.createdAt === 'string' && typeof i.modifiedAt === 'string'));
      });
    });

    it('a bad timerel, a missing or bad timeAt, and a reversed between are 400 BadRequestData', async () => {
      const id = newId();
      await sensor(id, 1);
      for (const q of [
        `timerel=around&timeAt=${at(1)}`,
        'timerel=before',
        'timerel=before&timeAt=yesterday',
        `timerel=between&timeAt=${at(1)}`,
        `timerel=between&timeAt=${at(2)}&endTimeAt=${at(1)}`,
        `timeAt=${at(1)}`,
        'timeproperty=deletedAt',
        'lastN=0',
        'options=aggregatedValues',
      ]) {
        expectProblem(await t.get(temporalOf(id, q)), 400, 'BAD_REQUEST_DATA');
      }
    });

    it('attrs keeps only the named attributes', async () => {
      const id = newId();
      await sensor(id, 1);
      await append(id, { humidity: { type: 'Property', value: 50 } });
      const body = ok(await t.get(temporalOf(id, 'attrs=humidity')));
      assert.equal(body.temperature, undefined);
      assert.deepEqual(
        (body.humidity as Instance[]).map((i) => i.value),
        [50],
      );
    });

    it('instances of a multi-attribute keep their datasetId', async () => {
      const id = newId();
      await sensor(id, 1);
      await append(id, {
        temperature: [
          { type: 'Property', value: 2, datasetId: 'urn:ds:a' },
          { type: 'Property', value: 3, datasetId: 'urn:ds:b' },
        ],
      });
      await patch(id, { temperature: { type: 'Property', value: 4, datasetId: 'urn:ds:a' } });
      const list = ok(await t.get(temporalOf(id))).temperature as Instance[];
      const series = (ds: string | undefined) => list.filter((i) => i.datasetId === ds).map((i) => i.value);
      assert.deepEqual(series(undefined), [1]);
      assert.deepEqual(series('urn:ds:a'), [2, 4]);
      assert.deepEqual(series('urn:ds:b'), [3]);
      const simple = ok(await t.get(temporalOf(id, 'options=temporalValues'))).temperature as Instance[];
      assert.equal(simple.length, 3);
    });

    it('deleting an attribute and the entity is recorded, and the history stays retrievable', async () => {
      const id = newId();
      await sensor(id, 1);
      await append(id, { humidity: { type: 'Property', value: 50 } });
      clock.advance(1000);
      const attrDeletedAt = clock.isoNow();
      assert.equal((await t.del(`${ENTITIES}/${enc(id)}/attrs/humidity`)).statusCode, 204);
      clock.advance(1000);
      assert.equal((await t.del(`${ENTITIES}/${enc(id)}`)).statusCode, 204);
      const body = ok(await t.get(temporalOf(id)));
      assert.equal(body.type, 'Sensor');
      const humidity = body.humidity as Instance[];
      assert.deepEqual(
        humidity.map((i) => i.value),
        [50, 'urn:ngsi-ld:null'],
      );
      assert.equal(humidity[1]!.deletedAt, attrDeletedAt);
      assert.deepEqual(
        (body.temperature as Instance[]).map((i) => i.value),
        [1, 'urn:ngsi-ld:null'],
      );
    });

    it('an entity that never was is 404 ResourceNotFound', async () => {
      expectProblem(await t.get(temporalOf('urn:ngsi-ld:Sensor:never')), 404, 'RESOURCE_NOT_FOUND');
    });

    it('tenants are isolated', async () => {
      const id = newId();
      const hue = { headers: { 'ngsild-tenant': 'hue' } };
      const r = await t.post(
        ENTITIES,
        { id, type: 'Sensor', temperature: { type: 'Property', value: 5 } },
        hue,
      );
      assert.equal(r.statusCode, 201);
      expectProblem(await t.get(temporalOf(id)), 404, 'RESOURCE_NOT_FOUND');
      assert.deepEqual(
        (ok(await t.get(temporalOf(id), hue)).temperature as Instance[]).map((i) => i.value),
        [5],
      );
      expectProblem(
        await t.get(temporalOf(id), { headers: { 'ngsild-tenant': 'nowhere' } }),
        404,
        'NONEXISTENT_TENANT',
      );
    });

    it('batch upsert records history too', async () => {
      const id = newId('Meter');
      const meter = (value: number) => [{ id, type: 'Meter', power: { type: 'Property', value } }];
      assert.equal((await t.post(`${OPS}/upsert`, meter(1))).statusCode, 201);
      clock.advance(1000);
      assert.equal((await t.post(`${OPS}/upsert`, meter(2))).statusCode, 204);
      assert.deepEqual(
        (ok(await t.get(temporalOf(id))).power as Instance[]).map((i) => i.value),
        [1, 2],
      );
    });

    describe('queries', () => {
      const ids = ['urn:ngsi-ld:Pump:p1', 'urn:ngsi-ld:Pump:p2', 'urn:ngsi-ld:Pump:p3'];
      before(async () => {
        for (const [k, id] of ids.entries()) {
          const r = await t.post(ENTITIES, {
            id,
            type: 'Pump',
            flow: { type: 'Property', value: k, observedAt: at(k) },
          });
          assert.equal(r.statusCode, 201);
          await patch(id, { flow: { type: 'Property', value: k + 10, observedAt: at(k + 10) } });
        }
      });

      it('GET /temporal/entities selects by type and pages over entities', async () => {
        const r = await t.get(`${TEMPORAL}?type=Pump&limit=2&timerel=after&timeAt=${at(5)}`);
        const list = ok(r) as unknown as Array<Record<string, unknown>>;
        assert.deepEqual(
          list.map((e) => e.id),
          ids.slice(0, 2),
        );
        assert.deepEqual(
          (list[1]!.flow as Instance[]).map((i) => i.value),
          [11],
        );
        assert.match(String(r.headers.link), /rel="next"/);
        const rest = ok(await t.get(`${TEMPORAL}?type=Pump&limit=2&offset=2`)) as unknown as Instance[];
        assert.deepEqual(
          rest.map((e) => e.id),
          [ids[2]],
        );
      });

      it('POST /temporal/entityOperations/query takes the temporalQ of the body', async () => {
        const r = await t.post('/ngsi-ld/v1/temporal/entityOperations/query?options=temporalValues', {
          type: 'Query',
          entities: [{ type: 'Pump' }],
          temporalQ: { timerel: 'before', timeAt: at(5) },
        });
        const list = ok(r) as unknown as Array<Record<string, unknown>>;
        assert.deepEqual(
          list.map((e) => e.flow),
          [0, 1, 2].map((k) => ({ type: 'Property', values: [[k, at(k)]] })),
        );
      });

      it('a query without any restriction is 400 BadRequestData', async () => {
        expectProblem(await t.get(`${TEMPORAL}?timerel=after&timeAt=${at(0)}`), 400, 'BAD_REQUEST_DATA');
      });

      it('names are compacted with the request @context', async () => {
        const ctx = { '@context': { flowRate: 'https://uri.etsi.org/ngsi-ld/default-context/flow' } };
        const r = await t.post(
          '/ngsi-ld/v1/temporal/entityOperations/query',
          { type: 'Query', entities: [{ id: ids[0] }], ...ctx },
          {
            headers: { 'content-type': 'application/ld+json', accept: 'application/ld+json' },
          },
        );
        const list = ok(r) as unknown as Array<Record<string, unknown>>;
        assert.equal((list[0]!.flowRate as Instance[]).length, 2);
      });
    });
  });
}

describe('temporal API with DOTHI_TEMPORAL_MAX_INSTANCES', () => {
  let t: TestApp;
  const clock = fixedClock(T0);
  before(async () => {
    t = await makeTestApp(storeNames()[0]!, { DOTHI_TEMPORAL_MAX_INSTANCES: '3' }, clock);
  });
  after(async () => t.dispose());

  it('cuts each series at the configured cap with 206 and the range it covers', async () => {
    const id = 'urn:ngsi-ld:Sensor:capped';
    const temperature = (value: number) => ({ type: 'Property', value, observedAt: at(value) });
    assert.equal(
      (await t.post(ENTITIES, { id, type: 'Sensor', temperature: temperature(0) })).statusCode,
      201,
    );
    for (let i = 1; i <= 4; i++) {
      clock.advance(1000);
      const r = await t.patch(`${ENTITIES}/${enc(id)}/attrs`, { temperature: temperature(i) });
      assert.equal(r.statusCode, 204, r.body);
    }
    const r = await t.get(temporalOf(id));
    assert.equal(r.statusCode, 206, r.body);
    assert.equal(r.headers['content-range'], `date-time ${at(0)}-${at(2)}/*`);
    assert.deepEqual(
      (r.json().temperature as Instance[]).map((i) => i.value),
      [0, 1, 2],
    );
    const rest = ok(await t.get(temporalOf(id, `timerel=after&timeAt=${at(2)}`)));
    assert.deepEqual(
      (rest.temperature as Instance[]).map((i) => i.value),
      [3, 4],
    );
  });
});
