import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Entity } from './values.js';

// The live view's Server-Sent Events, read with fetch so that the token travels in the
// Authorization header (EventSource cannot set headers, and a token never goes in a URL).

export type LiveEvent = { kind: 'change'; entity: Entity } | { kind: 'exit'; id: string } | { kind: 'ready' };

export function toLiveEvent(m: EventSourceMessage): LiveEvent | undefined {
  if (m.event === 'ready') return { kind: 'ready' };
  const data = JSON.parse(m.data) as Entity;
  if (m.event === 'change') return { kind: 'change', entity: data };
  if (m.event === 'exit') return { kind: 'exit', id: data.id };
  return undefined;
}

export interface LiveViewRequest {
  bbox: readonly [number, number, number, number];
  types: readonly string[];
}

export function liveUrl(r: LiveViewRequest): string {
  // A map zoomed far out shows more than the world; the server takes only real coordinates.
  const [w, south, e, n] = r.bbox;
  const clamped = [Math.max(w, -180), Math.max(south, -90), Math.min(e, 180), Math.min(n, 90)];
  const box = clamped.map((x) => x.toFixed(5)).join(',');
  return `/live/stream?${new URLSearchParams({ bbox: box, types: r.types.join(',') })}`;
}

/** Reads an SSE body until it ends or the signal aborts, handing each event on. */
export async function readLiveStream(body: ReadableStream<Uint8Array>, onEvent: (e: LiveEvent) => void) {
  const parser = createParser({
    onEvent: (m) => {
      const e = toLiveEvent(m);
      if (e !== undefined) onEvent(e);
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    parser.feed(decoder.decode(value, { stream: true }));
  }
}
