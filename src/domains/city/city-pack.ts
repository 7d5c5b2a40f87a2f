// Reads a city pack (cities/<id>/): the manifest city.json, its GeoJSON layers and agencies.json.
// The pack is plain data; the web map reads the same files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeoJsonGeometry, LineString, MultiLineString, Point, Polygon } from '../../geo/index.js';

/** [longitude, latitude], GeoJSON order. */
export type LngLat = readonly [number, number];

export interface Feature<G extends GeoJsonGeometry = GeoJsonGeometry> {
  type: 'Feature';
  geometry: G;
  properties: Record<string, string> & { id: string };
}

export interface Agency {
  id: string;
  name: string;
  nameEn: string;
  /** `city`, or a district / ward id of the pack. */
  jurisdiction: string;
  domains: readonly string[];
  telephone?: string;
}

export interface CityPack {
  id: string;
  name: string;
  nameEn: string;
  timeZone: string;
  utcOffsetMinutes: number;
  centre: LngLat;
  attribution: string;
  outline: Feature[];
  districts: Feature[];
  wards: Feature<Polygon>[];
  roads: Feature<LineString | MultiLineString>[];
  waterways: Feature<LineString | MultiLineString>[];
  busStops: Feature<Point>[];
  parking: Feature<Point>[];
  floodSpots: Feature<Point>[];
  agencies: Agency[];
}

type Layer =
  'outline' | 'districts' | 'wards' | 'roads' | 'waterways' | 'busStops' | 'parking' | 'floodSpots';

interface Manifest extends Omit<CityPack, Layer | 'agencies'> {
  files: Record<Layer | 'agencies', string>;
}

/**
 * The bundled HCMC pack: `cities/hcmc` at the repository root, found from this file both in src/
 * and in the transpiled dist/src/.
 */
export function defaultCityDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '../../../cities/hcmc'), join(here, '../../../../cities/hcmc')];
  return candidates.find((dir) => existsSync(join(dir, 'city.json'))) ?? (candidates[0] as string);
}

export function loadCityPack(dir: string = defaultCityDir()): CityPack {
  const json = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const manifest = json('city.json') as Manifest;
  const { files, ...meta } = manifest;
  const layer = (name: Layer) => (json(files[name]) as { features: Feature[] }).features;
  return {
    ...meta,
    outline: layer('outline'),
    districts: layer('districts'),
    wards: layer('wards') as Feature<Polygon>[],
    roads: layer('roads') as Feature<LineString | MultiLineString>[],
    waterways: layer('waterways') as Feature<LineString | MultiLineString>[],
    busStops: layer('busStops') as Feature<Point>[],
    parking: layer('parking') as Feature<Point>[],
    floodSpots: layer('floodSpots') as Feature<Point>[],
    agencies: json(files.agencies) as Agency[],
  };
}

/** The vertices of a line layer's feature (roads clipped at the city edge may be multi-part). */
export function vertices(line: LineString | MultiLineString): LngLat[] {
  const parts = line.type === 'LineString' ? [line.coordinates] : line.coordinates;
  return parts.flat().map((p) => [p[0] as number, p[1] as number] as const);
}

/** A point of a line: its middle vertex (the layers are simplified, so vertices are sparse). */
export function midpoint(line: LineString | MultiLineString): LngLat {
  const all = vertices(line);
  return all[Math.floor(all.length / 2)] ?? [0, 0];
}

export const lngLat = (p: Point): LngLat => [p.coordinates[0] as number, p.coordinates[1] as number];
