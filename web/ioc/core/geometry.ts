import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Entity } from './values.js';

/** [longitude, latitude], GeoJSON order. */
export type LngLat = readonly [lng: number, lat: number] & { readonly __brand: 'LngLat' };

export function lngLat(lng: number, lat: number): LngLat | undefined {
  return Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lat) <= 90
    ? ([lng, lat] as unknown as LngLat)
    : undefined;
}

interface Geometry {
  type: string;
  coordinates: unknown;
}

function isGeometry(g: unknown): g is Geometry {
  return typeof g === 'object' && g !== null && typeof (g as Geometry).type === 'string';
}

/** The point where an entity is drawn: a Point itself, the middle vertex of a line. */
export function anchorOf(e: Entity): LngLat | undefined {
  const g = e.location;
  if (!isGeometry(g)) return undefined;
  const c = g.coordinates as number[] & number[][] & number[][][];
  if (g.type === 'Point') return lngLat(c[0]!, c[1]!);
  const line =
    g.type === 'LineString' ? c : g.type === 'MultiLineString' || g.type === 'Polygon' ? c[0] : undefined;
  const mid = (line as unknown as number[][] | undefined)?.[Math.floor((line?.length ?? 0) / 2)];
  return mid === undefined ? undefined : lngLat(mid[0]!, mid[1]!);
}

/** The vertices of a line entity ([lat, lng] pairs are left to the map wrapper). */
export function lineOf(e: Entity): LngLat[][] | undefined {
  const g = e.location;
  if (!isGeometry(g)) return undefined;
  if (g.type === 'LineString') return [g.coordinates as LngLat[]];
  if (g.type === 'MultiLineString') return g.coordinates as LngLat[][];
  return undefined;
}

export interface District {
  name: string;
  polygons: Geometry[];
}

interface WardFeature {
  properties: Record<string, unknown> | null;
  geometry: Geometry | null;
}

/**
 * Districts by name from a district layer (`name`) or a ward layer (each ward names its district
 * in `district`, or `district_2021` in the raw extract); features of one name are merged.
 */
export function districtsFrom(layer: { features: WardFeature[] }, key: 'name' | 'district'): District[] {
  const by = new Map<string, Geometry[]>();
  for (const f of layer.features) {
    const name = f.properties?.[key] ?? f.properties?.district_2021;
    if (typeof name !== 'string' || f.geometry === null) continue;
    by.set(name, [...(by.get(name) ?? []), f.geometry]);
  }
  return [...by]
    .map(([name, polygons]) => ({ name, polygons }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export function inDistrict(d: District, p: LngLat): boolean {
  // turf's types want a Feature or Polygon; the ward geometries are Polygons or MultiPolygons.
  return d.polygons.some((g) =>
    booleanPointInPolygon([p[0], p[1]], g as Parameters<typeof booleanPointInPolygon>[1]),
  );
}
