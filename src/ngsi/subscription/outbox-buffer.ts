// A delivery worker's rows in memory: the subscription's outbox rows after the last one delivered,
// in order, as many as one notification may carry. Rows committed while the worker is in step
// come from the outbox feed (outbox-feed.ts), which reads every new row of every subscription in
// one query; the worker reads its own rows only when it may have missed some: at start, after
// its buffer overflowed, or when its subscription was replaced. Rows are committed in seq order
// (one writer), so a read of the rows after a seq that returns less than it asked for has them
// all, and every later row is offered by the feed.
import type { OutboxRow } from './subscription-repo.js';

export type ReadRows = (after: number, limit: number) => Promise<OutboxRow[]>;

export class OutboxBuffer {
  private rows: OutboxRow[] = [];
  /** Every committed row after `deliveredThrough` is in `rows` or will be offered. */
  private complete = false;
  /** Rows offered while a read is under way, whose snapshot may or may not hold them. */
  private offeredDuringRead: OutboxRow[] | undefined;
  /** The last row delivered (or discarded): the outbox may still hold rows up to it. */
  deliveredThrough = 0;

  constructor(private readonly capacity: number) {}

  private last(): number {
    return this.rows.at(-1)?.seq ?? this.deliveredThrough;
  }

  /** A row committed after the worker's; true when the worker has something new to do. */
  offer(row: OutboxRow): boolean {
    if (row.seq <= this.last()) return false;
    if (this.offeredDuringRead !== undefined) {
      this.offeredDuringRead.push(row);
      return false;
    }
    if (this.complete && this.rows.length < this.capacity) this.rows.push(row);
    else this.complete = false;
    return true;
  }

  /** The rows to deliver next, in order; read from the outbox when some may be missing. */
  async next(read: ReadRows): Promise<readonly OutboxRow[]> {
    const room = this.capacity - this.rows.length;
    // Behind a backlog, reads wait until half the buffer is free, so each reads many rows.
    if (this.complete || room < this.capacity / 2) return this.rows;
    const offered: OutboxRow[] = (this.offeredDuringRead = []);
    let got: OutboxRow[];
    try {
      got = await read(this.last(), room);
    } finally {
      this.offeredDuringRead = undefined;
    }
    if (got.length === room) {
      this.rows.push(...got);
      return this.rows;
    }
    // The read saw every row committed before it; the rows offered meanwhile carry on from there.
    const lastRead = got.at(-1)?.seq ?? this.last();
    const all = got.concat(offered.filter((r) => r.seq > lastRead));
    this.rows.push(...all.slice(0, room));
    this.complete = all.length <= room;
    return this.rows;
  }

  /** The first `count` rows were delivered. */
  delivered(count: number): void {
    this.deliveredThrough = this.rows[count - 1]!.seq;
    this.rows = this.rows.slice(count);
  }

  /** Every row read is dropped unsent (the subscription is gone); returns the last one's seq. */
  discard(): number {
    this.deliveredThrough = this.last();
    this.rows = [];
    return this.deliveredThrough;
  }

  /** Forgets the rows read: they are read again. */
  reset(): void {
    this.rows = [];
    this.complete = false;
  }
}
