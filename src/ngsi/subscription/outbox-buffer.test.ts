import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutboxBuffer, type ReadRows } from './outbox-buffer.js';
import type { OutboxRow } from './subscription-repo.js';

const row = (seq: number): OutboxRow => ({
  seq,
  data: `[{"id":"urn:e:${seq}"}]`,
  entityId: `urn:e:${seq}`,
  notificationId: `id-${seq}`,
  attempts: 0,
  nextAttemptAt: 0,
});

/** The outbox of one subscription: committed rows, read as the worker's read would. */
class Outbox {
  committed: number[] = [];
  reads = 0;
  readonly read: ReadRows = async (after, limit) => {
    this.reads++;
    return this.committed
      .filter((s) => s > after)
      .slice(0, limit)
      .map(row);
  };
}

const seqs = (rows: readonly OutboxRow[]) => rows.map((r) => r.seq);

describe("a delivery worker's rows", () => {
  it('reads the outbox once, then takes the rows offered after their commit', async () => {
    const outbox = new Outbox();
    outbox.committed = [1, 2];
    const b = new OutboxBuffer(10);
    assert.deepEqual(seqs(await b.next(outbox.read)), [1, 2]);
    outbox.committed.push(5);
    assert.equal(b.offer(row(5)), true);
    assert.deepEqual(seqs(await b.next(outbox.read)), [1, 2, 5]);
    b.delivered(2);
    assert.deepEqual(seqs(await b.next(outbox.read)), [5]);
    assert.equal(outbox.reads, 1);
    assert.equal(b.deliveredThrough, 2);
  });

  it('ignores an offered row it already read', async () => {
    const outbox = new Outbox();
    outbox.committed = [1, 2];
    const b = new OutboxBuffer(10);
    await b.next(outbox.read);
    assert.equal(b.offer(row(2)), false);
    assert.deepEqual(seqs(await b.next(outbox.read)), [1, 2]);
  });

  it('keeps the rows offered during a read that its snapshot did not hold', async () => {
    const b = new OutboxBuffer(10);
    let release: (rows: OutboxRow[]) => void = () => undefined;
    const reading = b.next(() => new Promise((ok) => (release = ok)));
    // Row 3 was committed after the read's snapshot, row 2 before.
    assert.equal(b.offer(row(2)), false);
    assert.equal(b.offer(row(3)), false);
    release([row(1), row(2)]);
    assert.deepEqual(seqs(await reading), [1, 2, 3]);
    const outbox = new Outbox();
    assert.equal(b.offer(row(4)), true);
    assert.deepEqual(seqs(await b.next(outbox.read)), [1, 2, 3, 4]);
    assert.equal(outbox.reads, 0);
  });

  it('reads again what did not fit, in order', async () => {
    const outbox = new Outbox();
    outbox.committed = [1, 2, 3];
    const b = new OutboxBuffer(3);
    assert.deepEqual(seqs(await b.next(outbox.read)), [1, 2, 3]);
    // A full read may have left rows behind: offered rows wait for the next read.
    outbox.committed.push(4, 5);
    assert.equal(b.offer(row(4)), true);
    b.delivered(2);
    assert.deepEqual(seqs(await b.next(outbox.read)), [3, 4, 5]);
    outbox.committed.push(6);
    b.offer(row(6));
    b.delivered(3);
    assert.deepEqual(seqs(await b.next(outbox.read)), [6]);
    assert.equal(outbox.reads, 3);
  });

  it('drops its rows unsent when told, and reads them again after a reset', async () => {
    const outbox = new Outbox();
    outbox.committed = [7, 8];
    const b = new OutboxBuffer(10);
    await b.next(outbox.read);
    b.reset();
    assert.deepEqual(seqs(await b.next(outbox.read)), [7, 8]);
    assert.equal(b.discard(), 8);
    assert.deepEqual(seqs(await b.next(outbox.read)), []);
  });
});
