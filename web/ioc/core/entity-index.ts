import { colourOf, layerOf, type LayerId } from './layers.js';
import { placeOf } from './kpis.js';
import type { Entity } from './values.js';

/** A status change worth showing in the side panel. */
export interface NotableChange {
  id: string;
  name: string;
  layer: LayerId;
  from: string;
  to: string;
  at: number;
}

const MAX_CHANGES = 50;
// Moving into these states is notable; leaving them for a calmer one is notable too.
const calm = new Set([
  'free',
  'good',
  'moderate',
  'normal',
  'fluid',
  'on',
  'off',
  'ok',
  'idle',
  'onRoute',
  'parked',
]);

/** The entities the map shows, by id, with the latest notable status changes. */
export class EntityIndex {
  readonly byId = new Map<string, Entity>();
  readonly changes: NotableChange[] = [];
  private readonly layers = new Map<LayerId, Map<string, Entity>>();
  /** Ids whose state came live: newer than any snapshot page, which must not overwrite them. */
  private readonly live = new Set<string>();

  /** Adds snapshot entities (pages of a query); returns the layers touched. */
  load(list: readonly Entity[]): Set<LayerId> {
    const touched = new Set<LayerId>();
    for (const e of list) {
      const layer = layerOf(e.type);
      if (layer === undefined || this.live.has(e.id)) continue;
      this.put(layer.id, e);
      touched.add(layer.id);
    }
    return touched;
  }

  /** Applies one live change; records it when the status moved to or from an unusual state. */
  apply(e: Entity, now: number): LayerId | undefined {
    const layer = layerOf(e.type);
    if (layer === undefined) return undefined;
    const before = this.byId.get(e.id);
    this.put(layer.id, e);
    this.live.add(e.id);
    const to = colourOf(e, now).status;
    const from = before === undefined ? undefined : colourOf(before, now).status;
    if (from !== undefined && from !== to && !(calm.has(from) && calm.has(to))) {
      this.changes.unshift({ id: e.id, name: placeOf(e), layer: layer.id, from, to, at: now });
      this.changes.length = Math.min(this.changes.length, MAX_CHANGES);
    }
    return layer.id;
  }

  remove(id: string): LayerId | undefined {
    const e = this.byId.get(id);
    this.live.add(id);
    this.byId.delete(id);
    const layer = e === undefined ? undefined : layerOf(e.type)?.id;
    if (layer !== undefined) this.layers.get(layer)?.delete(id);
    return layer;
  }

  inLayer(id: LayerId): Entity[] {
    return [...(this.layers.get(id)?.values() ?? [])];
  }

  private put(layer: LayerId, e: Entity): void {
    const was = this.byId.get(e.id);
    if (was !== undefined && was.type !== e.type) this.layers.get(layerOf(was.type)!.id)?.delete(e.id);
    this.byId.set(e.id, e);
    let m = this.layers.get(layer);
    if (m === undefined) this.layers.set(layer, (m = new Map()));
    m.set(e.id, e);
  }

  /** Entities whose id, name or address contains every word of the query (case- and accent-blind). */
  search(query: string, limit = 20): Entity[] {
    const words = fold(query)
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length === 0) return [];
    const out: Entity[] = [];
    for (const e of this.byId.values()) {
      const text = fold(`${e.id} ${placeOf(e)} ${JSON.stringify(e.address ?? '')}`);
      if (words.every((w) => text.includes(w))) out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  }
}

/** Lower case without diacritics, so that "quan 1" finds "Quận 1" and "đ" matches "d". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();
}
