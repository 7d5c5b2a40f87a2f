// Which outbox rows of a subscription one notification carries. A backlog goes in few
// notifications: the leading rows of distinct entities travel together (§5.11.3 `data` holds
// several entities), in order; a row of an entity already in the notification starts the next one,
// so that every state of an entity reaches the receiver. A throttled subscription instead
// coalesces all its waiting rows into the latest state of each entity (one notification per
// period). Both take a prefix of the rows, so delivering a notification removes a range of seqs.
import { createHash } from 'node:crypto';
import type { OutboxRow } from './subscription-repo.js';

export interface Batch {
  /** The rows the notification stands for: a prefix of the rows given. */
  readonly rows: readonly OutboxRow[];
  /** The JSON text of its `data` items, joined by commas. */
  readonly items: string;
  /** The UUID of the notification (the same for the same rows, so a retry repeats it). */
  readonly uuid: string;
}

/** A row's entities without the brackets of their array. */
const itemsOf = (r: OutboxRow) => r.data.slice(1, -1);

/** A name-based UUID (RFC 9562 version 5 layout) of the first and last rows' notification ids. */
function uuidOf(rows: readonly OutboxRow[]): string {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  if (first === last) return first.notificationId;
  const h = createHash('sha1').update(first.notificationId).update('\n').update(last.notificationId).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The leading rows of distinct single entities; a row of several entities goes alone. */
function leading(rows: readonly OutboxRow[]): OutboxRow[] {
  const seen = new Set<string>();
  const out: OutboxRow[] = [];
  for (const r of rows) {
    if (r.entityId === null || seen.has(r.entityId)) {
      if (out.length === 0) out.push(r);
      break;
    }
    seen.add(r.entityId);
    out.push(r);
  }
  return out;
}

/** Every row, with the latest state of each entity, in the order of their latest changes. */
function coalesced(rows: readonly OutboxRow[]): string {
  const latest = new Map<string | number, OutboxRow>();
  for (const r of rows) {
    const key = r.entityId ?? r.seq;
    latest.delete(key);
    latest.set(key, r);
  }
  return [...latest.values()].map(itemsOf).join(',');
}

/** The next notification of a subscription whose oldest waiting rows are `rows` (not empty). */
export function nextBatch(rows: readonly OutboxRow[], coalesce: boolean): Batch {
  if (coalesce) return { rows, items: coalesced(rows), uuid: uuidOf(rows) };
  const taken = leading(rows);
  return { rows: taken, items: taken.map(itemsOf).join(','), uuid: uuidOf(taken) };
}
