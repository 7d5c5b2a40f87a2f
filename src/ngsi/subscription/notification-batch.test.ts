import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextBatch } from './notification-batch.js';
import type { OutboxRow } from './subscription-repo.js';

let seq = 0;
/** A row of one entity's state (`entity@value`), or of several entities (periodic). */
function row(...states: string[]): OutboxRow {
  seq++;
  const items = states.map((s) => {
    const [id, value] = s.split('@');
    return { id, v: Number(value) };
  });
  return {
    seq,
    data: JSON.stringify(items),
    entityId: items.length === 1 ? items[0]!.id! : null,
    notificationId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    attempts: 0,
    nextAttemptAt: 0,
  };
}

const states = (items: string) =>
  (JSON.parse(`[${items}]`) as Array<{ id: string; v: number }>).map((d) => `${d.id}@${d.v}`);

describe('the rows one notification carries', () => {
  it('takes the leading rows of distinct entities and stops before a second state of one', () => {
    const rows = [row('a@1'), row('b@1'), row('c@1'), row('a@2'), row('d@1')];
    const b = nextBatch(rows, false);
    assert.deepEqual(
      b.rows.map((r) => r.seq),
      rows.slice(0, 3).map((r) => r.seq),
    );
    assert.deepEqual(states(b.items), ['a@1', 'b@1', 'c@1']);
    const rest = nextBatch(rows.slice(3), false);
    assert.deepEqual(states(rest.items), ['a@2', 'd@1']);
  });

  it('sends a row of several entities alone', () => {
    const periodic = row('a@1', 'b@1');
    assert.deepEqual(nextBatch([periodic, row('c@1')], false).rows, [periodic]);
    const first = row('c@1');
    assert.deepEqual(nextBatch([first, row('a@1', 'b@1')], false).rows, [first]);
  });

  it('coalesces every row of a throttled subscription into the latest state of each entity', () => {
    const rows = [row('a@1'), row('b@1'), row('a@2'), row('c@1'), row('b@2')];
    const b = nextBatch(rows, true);
    assert.equal(b.rows.length, rows.length);
    assert.deepEqual(states(b.items), ['a@2', 'c@1', 'b@2']);
  });

  it("names a single row's notification by the row's id, and several rows' by a UUID of their range", () => {
    const rows = [row('a@1'), row('b@1'), row('c@1')];
    assert.equal(nextBatch(rows.slice(0, 1), false).uuid, rows[0]!.notificationId);
    const all = nextBatch(rows, false).uuid;
    assert.match(all, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(nextBatch(rows, false).uuid, all);
    assert.notEqual(nextBatch(rows.slice(0, 2), false).uuid, all);
  });
});
