// Regenerates the compact geography of the HCMC demo city pack (cities/hcmc/*.geojson) from the
// OpenStreetMap layers in ../shared/data (ODbL, © OpenStreetMap contributors). Run:
//   node --import tsx scripts/city-pack.ts [path/to/shared/data]
// Only OSM-derived layers are used: the dvhcvn district layers are GPL-3.0 and are not bundled, so
// districts and the outline are unions of the OSM ward polygons (no Củ Chi / Cần Giờ: OSM 2018 had
// no wards there). Geometries are simplified with turf and rounded to 5 decimals (about 1 m).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simplify } from '@turf/simplify';
import { union } from '@turf/union';
import { validateGeometry } from '../src/geo/index.js';
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon, MultiPolygon } from 'geojson';

const source = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const out = join(import.meta.dirname, '..', 'cities', 'hcmc');
type Props = Record<string, string | undefined>;

function read<G extends Geometry>(file: string): Feature<G, Props>[] {
  const fc = JSON.parse(readFileSync(join(source, 'geo', 'hcmc', file), 'utf8')) as FeatureCollection<
    G,
    Props
  >;
  return fc.features;
}

function round(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e5) / 1e5;
  return Array.isArray(value) ? value.map(round) : value;
}

function simplified<G extends Geometry>(f: Feature<G>, tolerance: number): G {
  const simple = tolerance > 0 ? simplify(f, { tolerance, highQuality: true, mutate: false }) : f;
  return { ...simple.geometry, coordinates: round((simple.geometry as Point).coordinates) } as G;
}

/** The most simplified geometry the broker accepts (no crossing edges after rounding). */
function validSimplified<G extends Geometry>(f: Feature<G>, tolerance: number): G {
  for (const t of [tolerance, tolerance / 2, tolerance / 4, 0]) {
    const g = simplified(f, t);
    if (validateGeometry(g) === undefined) return g;
  }
  console.warn(`kept an invalid geometry: ${validateGeometry(f.geometry)}`);
  return f.geometry;
}

function compact<G extends Geometry>(f: Feature<G>, tolerance: number, props: Props): Feature<G> {
  const geometry = validSimplified(f, tolerance);
  const properties = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined && v !== ''));
  return { type: 'Feature', geometry, properties };
}

function write(name: string, features: Feature[]): void {
  // One feature per line: small diffs when the pack is regenerated.
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  writeFileSync(join(out, name), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
  console.log(`${name}: ${features.length} features`);
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐÐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function wards(): Feature<Polygon, Props>[] {
  return read<Polygon>('hcmc_wards_osm2018.geojson').map((f) => {
    const p = f.properties;
    return compact(f, 0.0002, {
      id: slug(`${p.district_2021 ?? ''} ${p.name ?? p.osm_id ?? ''}`),
      osm_id: p.osm_id,
      name: p.name,
      name_en: p.name_en,
      district: p.district_2021,
      gso_code: p.gso_code_2025_03,
      new_2025_ward_names: p.new_2025_ward_names,
    }) as Feature<Polygon, Props>;
  });
}

// The union of neighbouring wards leaves slivers between ward edges as holes that touch the outer
// ring (invalid for the broker): only the outer rings of a union are kept.
function merge(parts: Feature<Polygon | MultiPolygon>[]): Feature<Polygon | MultiPolygon> {
  const merged = union({ type: 'FeatureCollection', features: parts });
  if (merged === null) throw new Error('empty union');
  const g = merged.geometry;
  const geometry: Polygon | MultiPolygon =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.slice(0, 1) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.slice(0, 1)) };
  return { ...merged, geometry };
}

function districts(ws: Feature<Polygon, Props>[]): Feature[] {
  const byDistrict = new Map<string, Feature<Polygon, Props>[]>();
  for (const w of ws) {
    const name = w.properties.district ?? '';
    byDistrict.set(name, [...(byDistrict.get(name) ?? []), w]);
  }
  return [...byDistrict].map(([name, parts]) =>
    compact(merge(parts), 0.0003, { id: slug(name), name, wards: String(parts.length) }),
  );
}

const roadClasses = new Set(['motorway', 'trunk', 'primary', 'secondary']);

function roads(): Feature[] {
  return read<LineString>('hcmc_roads_major_osm2018.geojson')
    .filter((f) => roadClasses.has(f.properties.highway ?? '') && f.properties.name !== undefined)
    .map((f) => {
      const p = f.properties;
      return compact(f, 0.0001, {
        id: p.osm_id,
        name: p.name?.replace(/Ð/g, 'Đ'),
        highway: p.highway,
        lanes: p.lanes,
        maxspeed: p.maxspeed,
        oneway: p.oneway,
      });
    });
}

function waterways(): Feature[] {
  return read<LineString>('hcmc_waterways_osm2018.geojson')
    .filter((f) => ['river', 'canal'].includes(f.properties.waterway ?? ''))
    .map((f) =>
      compact(f, 0.0001, {
        id: f.properties.osm_id,
        name: f.properties.name,
        waterway: f.properties.waterway,
      }),
    );
}

function points(file: string, keep: (p: Props) => boolean): Feature[] {
  return read<Point>(file)
    .filter((f) => keep(f.properties))
    .map((f) =>
      compact(f, 0, { id: f.properties.osm_id, name: f.properties.name, kind: f.properties.parking }),
    );
}

// Streets the city's drainage reports name again and again as flooding in rain and high tide
// (public press coverage); their positions come from the OSM road layer, by name.
const floodStreets = [
  'Nguyễn Hữu Cảnh',
  'Huỳnh Tấn Phát',
  'Kinh Dương Vương',
  'Lê Đức Thọ',
  'Quốc lộ 13',
  'Nguyễn Văn Quá',
  'Đinh Bộ Lĩnh',
  'Nguyễn Xí',
  'Lê Văn Lương',
  'Nguyễn Thị Thập',
  'Tô Ngọc Vân',
  'Hoàng Diệu',
  'Xô Viết Nghệ Tĩnh',
  'Bạch Đằng',
  'Trường Chinh',
  'Nguyễn Duy Trinh',
  'Phạm Văn Đồng',
  'Điện Biên Phủ',
];

function floodSpots(): Feature[] {
  const all = read<LineString>('hcmc_roads_major_osm2018.geojson');
  return floodStreets.flatMap((street) => {
    const segments = all.filter((f) => f.properties.name?.replace(/Ð/g, 'Đ') === street);
    // Up to three spots per street, spread over its mapped segments.
    const picks = [0, Math.floor(segments.length / 2), segments.length - 1].filter(
      (v, i, a) => a.indexOf(v) === i,
    );
    return picks.flatMap((i, n) => {
      const line = segments[i]?.geometry.coordinates;
      const mid = line?.[Math.floor(line.length / 2)];
      if (mid === undefined) return [];
      const geometry: Point = { type: 'Point', coordinates: mid };
      return [
        compact({ type: 'Feature', geometry, properties: {} }, 0, { id: `${slug(street)}-${n + 1}`, street }),
      ];
    });
  });
}

const ws = wards();
write('wards.geojson', ws);
write('districts.geojson', districts(ws));
write('outline.geojson', [compact(merge(ws), 0.0005, { id: 'hcmc', name: 'Thành phố Hồ Chí Minh' })]);
write('roads.geojson', roads());
write('waterways.geojson', waterways());
write(
  'bus-stops.geojson',
  points('hcmc_bus_stops_osm2018.geojson', (p) => p.highway === 'bus_stop' && p.name !== undefined),
);
write('flood-spots.geojson', floodSpots());
write(
  'parking.geojson',
  points('hcmc_parking_osm2018.geojson', (p) => p.amenity === 'parking'),
);
