import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DothiError } from '../kernel/index.js';

// The offline base map: GeoJSON layers read from one directory (the city pack). Each layer is
// found under its pack name first, then under the name of the OpenStreetMap extract it derives
// from, so the same loader reads the pack and the raw shared extract.
export const baseLayers = {
  outline: ['outline.geojson'],
  wards: ['wards.geojson', 'hcmc_wards_osm2018.geojson'],
  districts: ['districts.geojson'],
  roads: ['roads.geojson', 'hcmc_roads_major_osm2018.geojson'],
  waterways: ['waterways.geojson', 'hcmc_waterways_osm2018.geojson'],
  water: ['water.geojson', 'hcmc_water_areas_osm2018.geojson'],
} as const;
export type BaseLayerName = keyof typeof baseLayers;

export interface MapData {
  /** The layers present in the directory, in drawing order. */
  available(): BaseLayerName[];
  /** The layer's GeoJSON text (read once, then kept). */
  layer(name: string): string;
}

export function createMapData(dir: string | undefined): MapData {
  const cache = new Map<string, string>();
  const fileOf = (name: BaseLayerName) =>
    dir === undefined
      ? undefined
      : baseLayers[name].map((f) => join(dir, f)).find((path) => existsSync(path));
  const names = Object.keys(baseLayers) as BaseLayerName[];
  return {
    available: () => names.filter((n) => fileOf(n) !== undefined),
    layer(name) {
      const file = names.includes(name as BaseLayerName) ? fileOf(name as BaseLayerName) : undefined;
      if (file === undefined) throw new DothiError('RESOURCE_NOT_FOUND', `no base map layer '${name}'`);
      let text = cache.get(file);
      if (text === undefined) {
        text = readFileSync(file, 'utf8');
        cache.set(file, text);
      }
      return text;
    },
  };
}

/**
 * Where the built app is: `dist/web/ioc` beside `dist/src` when running the compiled code, and
 * `<repo>/dist/web/ioc` when running the sources (tests). `srcDir` is the directory of app.ts/js.
 */
export function builtAppDir(srcDir: string): string {
  const candidates = [join(srcDir, '..', 'dist', 'web', 'ioc'), join(srcDir, '..', 'web', 'ioc')];
  return candidates.find((d) => existsSync(join(d, 'assets'))) ?? candidates[0]!;
}
