// The audit log: every write by a person or an application, hash-chained; tampering with a stored
// record is named by the verification; export as JSON lines and RFC 5424 syslog.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toJsonLine, toSyslog, type AuditRecord } from '../../src/auth/index.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';

const E = '/ngsi-ld/v1/entities';

for (const name of storeNames()) {
  describe(`audit log (${name})`, () => {
    let t: TestApp;
    let operator: Record<string, string>;
    before(async () => {
      t = await makeTestApp(name);
      const k = await t.post('/auth/apikeys', { name: 'ops-app', roles: 'operator' });
      operator = { authorization: `Bearer ${(k.json() as { key: string }).key}` };
    });
    after(() => t.dispose());

    const records = async () => (await t.get('/auth/audit?limit=1000')).json() as AuditRecord[];

    it('records who changed which entity, from where, with hashes of before and after', async () => {
      const spot = { id: 'urn:p:1', type: 'ParkingSpot', status: { type: 'Property', value: 'free' } };
      assert.equal((await t.post(E, spot, { headers: operator, anonymous: true })).statusCode, 201);
      const patch = { status: { type: 'Property', value: 'taken' } };
      assert.equal(
        (await t.patch(`${E}/urn:p:1/attrs`, patch, { headers: operator, anonymous: true })).statusCode,
        204,
      );
      assert.equal((await t.del(`${E}/urn:p:1`, { headers: operator, anonymous: true })).statusCode, 204);
      const mine = (await records()).filter((r) => r.target === 'urn:p:1');
      assert.deepEqual(
        mine.map((r) => r.action),
        ['entity.created', 'entity.updated', 'entity.deleted'],
      );
      const [created, updated, deleted] = mine as [AuditRecord, AuditRecord, AuditRecord];
      assert.ok(mine.every((r) => r.actor.startsWith('apikey:') && r.source !== null));
      assert.equal(created.beforeHash, null);
      assert.equal(updated.beforeHash, created.afterHash);
      assert.notEqual(updated.afterHash, updated.beforeHash);
      assert.equal(deleted.beforeHash, updated.afterHash);
      assert.equal(deleted.afterHash, null);
    });

    it('records writes that change no entity (API keys, subscriptions) as requests', async () => {
      const sub = {
        id: 'urn:s:1',
        type: 'Subscription',
        entities: [{ type: 'ParkingSpot' }],
        notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
      };
      assert.equal((await t.post('/ngsi-ld/v1/subscriptions', sub)).statusCode, 201);
      const all = await records();
      assert.ok(all.some((r) => r.action === 'POST /auth/apikeys' && r.actor === 'token:admin'));
      assert.ok(all.some((r) => r.action === 'POST /ngsi-ld/v1/subscriptions' && r.afterHash !== null));
    });

    it('keeps no record of a refused write, and none of a query', async () => {
      const before = (await records()).length;
      await t.post(E, { id: 'not a uri', type: 'X' });
      await t.post('/ngsi-ld/v1/entityOperations/query', {
        type: 'Query',
        entities: [{ type: 'ParkingSpot' }],
      });
      assert.equal((await records()).length, before);
    });

    it('chains the records of writes committed together, with refused ones among them', async () => {
      const spot = (id: string) => ({ id, type: 'ParkingSpot', status: { type: 'Property', value: 'free' } });
      assert.equal((await t.post(E, spot('urn:p:taken'))).statusCode, 201);
      const before = (await records()).length;
      // Sent together, they share a group commit; the duplicates fail inside it, and the group
      // is run again with each write alone in its savepoint.
      const ids = Array.from({ length: 12 }, (_, i) => (i % 5 === 2 ? 'urn:p:taken' : `urn:p:g${i}`));
      const codes = (await Promise.all(ids.map((id) => t.post(E, spot(id))))).map((r) => r.statusCode);
      assert.deepEqual(
        codes,
        ids.map((id) => (id === 'urn:p:taken' ? 409 : 201)),
      );
      const all = await records();
      const added = all.slice(before);
      assert.deepEqual(added.map((r) => r.target).sort(), ids.filter((id) => id !== 'urn:p:taken').sort());
      all.forEach((r, i) => {
        assert.equal(r.seq, i + 1);
        if (i > 0) assert.equal(r.prevHash, all[i - 1]!.hash);
      });
    });

    it('verifies an intact chain', async () => {
      const r = (await t.get('/auth/audit/verify')).json() as { checked: number; problems: unknown[] };
      assert.ok(r.checked >= 5);
      assert.deepEqual(r.problems, []);
    });

    it('names a record whose stored content was edited', async () => {
      const target = (await records())[1]!;
      await t.app.store.write((tx) =>
        tx.run("UPDATE audit_log SET actor = 'user:nobody' WHERE seq = ?", [target.seq]),
      );
      const r = (await t.get('/auth/audit/verify')).json() as {
        problems: Array<{ seq: number; problem: string }>;
      };
      assert.deepEqual(
        r.problems.map((p) => p.seq),
        [target.seq],
      );
      assert.match(r.problems[0]!.problem, /altered/);
    });

    it('names the record after one that was deleted', async () => {
      const all = await records();
      const victim = all[3]!;
      await t.app.store.write((tx) => tx.run('DELETE FROM audit_log WHERE seq = ?', [victim.seq]));
      const r = (await t.get('/auth/audit/verify')).json() as { problems: Array<{ seq: number }> };
      assert.ok(r.problems.some((p) => p.seq === victim.seq + 1));
    });

    it('exports records as JSON lines and as RFC 5424 syslog messages', async () => {
      const rec = (await records())[0]!;
      assert.deepEqual(JSON.parse(toJsonLine(rec)), rec);
      const line = toSyslog(rec, 'ioc-1');
      assert.match(line, /^<110>1 \d{4}-\d\d-\d\dT[\d:.]+Z ioc-1 dothi - audit \[audit@32473 seq="1" /);
      assert.ok(line.includes(`hash="${rec.hash}"`));
    });
  });
}
