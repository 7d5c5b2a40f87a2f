// Small builders shared by the packs: NGSI-LD attribute shapes, positions, and device specs.
import { distanceMeters } from '../geo/index.js';
import type { LngLat } from './city/city-pack.js';
import type { DeviceModel, DeviceSpec, MeasureAttr } from './pack.js';
import type { Rng } from './rng.js';

export const prop = (value: unknown) => ({ type: 'Property', value });
export const rel = (object: string) => ({ type: 'Relationship', object });
export const geo = (value: unknown) => ({ type: 'GeoProperty', value });
export const point = (p: LngLat) => ({ type: 'Point' as const, coordinates: [p[0], p[1]] });

export const metersBetween = (a: LngLat, b: LngLat): number => distanceMeters(point(a), point(b));

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** A point up to `radiusM` metres from `p`, in a random direction. */
export function jitter(p: LngLat, rng: Rng, radiusM: number): LngLat {
  const r = rng.next() * radiusM;
  const a = rng.next() * 2 * Math.PI;
  const dLat = (r * Math.cos(a)) / 111_320;
  const dLng = (r * Math.sin(a)) / (111_320 * Math.cos((p[1] * Math.PI) / 180));
  return [round5(p[0] + dLng), round5(p[1] + dLat)];
}

/** The point a fraction `f` of the way from `a` to `b`. */
export const lerp = (a: LngLat, b: LngLat, f: number): LngLat => [
  round5(a[0] + (b[0] - a[0]) * f),
  round5(a[1] + (b[1] - a[1]) * f),
];

/** Initial bearing from `a` to `b`, degrees clockwise from north. */
export function bearing(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * rad) * Math.cos(b[1] * rad);
  const x =
    Math.cos(a[1] * rad) * Math.sin(b[1] * rad) -
    Math.sin(a[1] * rad) * Math.cos(b[1] * rad) * Math.cos((b[0] - a[0]) * rad);
  return Math.round(((Math.atan2(y, x) / rad + 360) % 360) * 10) / 10;
}

/** `count` items taken round-robin from a shuffled copy of `items` (items repeat when count is larger). */
export function spread<T>(items: readonly T[], count: number, rng: Rng): T[] {
  if (items.length === 0) return [];
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
  }
  return Array.from({ length: count }, (_, i) => shuffled[i % shuffled.length] as T);
}

/** Mean of a ring's vertices: inside the compact, near-convex ward polygons. */
export function ringCentre(ring: readonly (readonly number[])[]): LngLat {
  const vertices = ring.slice(0, Math.max(ring.length - 1, 1));
  let [x, y] = [0, 0];
  for (const p of vertices) [x, y] = [x + (p[0] ?? 0), y + (p[1] ?? 0)];
  return [round5(x / vertices.length), round5(y / vertices.length)];
}

export const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export interface SpecInput {
  city: string;
  type: string;
  local: string;
  location: LngLat;
  intervalMin: number;
  /** [object_id, name, IoT Agent type] */
  attrs: readonly (readonly [string, string, string])[];
  entity?: Record<string, unknown>;
  model: DeviceModel;
}

export function deviceSpec(s: SpecInput): DeviceSpec {
  const deviceId = `${s.city}-${s.local}`;
  const attributes: MeasureAttr[] = s.attrs.map(([object_id, name, type]) => ({ object_id, name, type }));
  return {
    deviceId,
    entityType: s.type,
    entityId: `urn:ngsi-ld:${s.type}:${deviceId}`,
    location: s.location,
    intervalMin: s.intervalMin,
    attributes,
    entity: { location: geo(point(s.location)), ...(s.entity ?? {}) },
    model: s.model,
  };
}

/** Equirectangular distance in metres: cheap and within 0.1 % at city scale, for searches. */
export function approxMeters(a: LngLat, b: LngLat): number {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * k, b[1] - a[1]) * 111_320;
}
