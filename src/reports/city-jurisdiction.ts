import type { GeoJsonGeometry } from '../geo/index.js';
import { readFileSync } from 'node:fs';

interface CategoryFile {
  services: Array<Record<string, unknown> & { agencies: string[] }>;
}

// Read at run time (not imported): dist/ gets a copy of the file beside the transpiled code.
const hcmcServices = JSON.parse(
  readFileSync(new URL('./hcmc-services.json', import.meta.url), 'utf8'),
) as CategoryFile;

// The demo city's jurisdiction, built from its city pack (cities/hcmc: districts, wards, city
// agencies) and the report categories of ./hcmc-services.json. A category names the agencies that
// handle it in order; `district:*` stands for the People's Committee of whichever district holds
// the point. Everybody answers to the city People's Committee, which receives overdue reports.

/** The slice of a city pack that routing needs (the domains' CityPack satisfies it). */
export interface CityGeography {
  id: string;
  name: string;
  districts: ReadonlyArray<{ geometry: GeoJsonGeometry; properties: { id: string; name?: string } }>;
  wards: ReadonlyArray<{ geometry: GeoJsonGeometry; properties: { id: string; name?: string } }>;
  agencies: ReadonlyArray<{ id: string; name: string }>;
}

const DISTRICTS = 'district:*';

/** A raw pack, validated like any other by createJurisdictions. */
export function cityJurisdictionPack(city: CityGeography): Record<string, unknown> {
  const committee = `ubnd-${city.id}`;
  const districts = city.districts.map((d) => ({
    id: `ubnd-${d.properties.id}`,
    name: `Ủy ban nhân dân ${d.properties.name ?? d.properties.id}`,
    supervisor: committee,
    area: d.geometry,
  }));
  const agencies = [
    ...city.agencies.map((a) => ({ id: a.id, name: a.name, supervisor: committee })),
    ...districts,
    { id: committee, name: `Ủy ban nhân dân ${city.name}` },
  ];
  const services = hcmcServices.services.map((s) => ({
    ...s,
    agencies: s.agencies.flatMap((a) => (a === DISTRICTS ? districts.map((d) => d.id) : [a])),
  }));
  return {
    jurisdiction_id: city.id,
    name: city.name,
    calendar: 'VN',
    agencies,
    wards: city.wards.map((w) => ({
      id: w.properties.id,
      name: w.properties.name ?? w.properties.id,
      area: w.geometry,
    })),
    services,
  };
}
