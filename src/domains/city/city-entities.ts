// The city pack as NGSI-LD entities (normalized form, core @context): administrative areas
// (city, districts, wards), agencies and People's Committees as organisations with their
// jurisdictions, and the major roads. The shared Smart Data Models copy has no administrative-area
// or organisation model, so these use the schema.org-style names `AdministrativeArea` and
// `Organization` with GSMA-Commons attributes (name, alternateName, location, areaServed).
import { geo, prop, rel } from '../shapes.js';
import type { NgsiEntity } from '../pack.js';
import type { CityPack, Feature } from './city-pack.js';

export const areaId = (city: CityPack, local: string) => `urn:ngsi-ld:AdministrativeArea:${city.id}-${local}`;
const orgId = (city: CityPack, local: string) => `urn:ngsi-ld:Organization:${city.id}-${local}`;

function area(city: CityPack, f: Feature, level: string, parent?: string): NgsiEntity {
  const p = f.properties;
  return {
    id: areaId(city, level === 'city' ? 'city' : `${level}-${p.id}`),
    type: 'AdministrativeArea',
    name: prop(p.name),
    ...(p.name_en === undefined ? {} : { alternateName: prop(p.name_en) }),
    administrativeLevel: prop(level),
    ...(p.gso_code === undefined ? {} : { gsoCode: prop(p.gso_code) }),
    ...(parent === undefined ? {} : { refParentArea: rel(parent) }),
    location: geo(f.geometry),
  };
}

/** A district or ward id of the pack → its area entity id. */
function districtOf(city: CityPack, districtName: string | undefined): string | undefined {
  const d = city.districts.find((x) => x.properties.name === districtName);
  return d === undefined ? undefined : areaId(city, `district-${d.properties.id}`);
}

export function areaEntities(city: CityPack): NgsiEntity[] {
  const top = city.outline[0];
  const cityArea = top === undefined ? [] : [area(city, top, 'city')];
  const cityRef = areaId(city, 'city');
  const districts = city.districts.map((d) => area(city, d, 'district', cityRef));
  const wards = city.wards.map((w) =>
    area(city, w, 'ward', districtOf(city, w.properties.district) ?? cityRef),
  );
  return [...cityArea, ...districts, ...wards];
}

function organisation(
  city: CityPack,
  local: string,
  name: string,
  nameEn: string,
  jurisdiction: string,
  domains: readonly string[],
): NgsiEntity {
  return {
    id: orgId(city, local),
    type: 'Organization',
    name: prop(name),
    alternateName: prop(nameEn),
    domains: prop([...domains]),
    jurisdiction: rel(jurisdiction),
  };
}

/** City agencies, and a People's Committee (Ủy ban nhân dân) for every district and ward. */
export function agencyEntities(city: CityPack): NgsiEntity[] {
  const all = ['parking', 'traffic', 'air', 'flood', 'water', 'energy', 'waste', 'safety', 'transit'];
  const agencies = city.agencies.map((a) => ({
    ...organisation(city, a.id, a.name, a.nameEn, areaId(city, a.jurisdiction), a.domains),
    ...(a.telephone === undefined ? {} : { telephone: prop(a.telephone) }),
  }));
  const districts = city.districts.map((d) =>
    organisation(
      city,
      `ubnd-${d.properties.id}`,
      `Ủy ban nhân dân ${d.properties.name}`,
      `People's Committee of ${d.properties.name}`,
      areaId(city, `district-${d.properties.id}`),
      all,
    ),
  );
  const wards = city.wards.map((w) =>
    organisation(
      city,
      `ubnd-${w.properties.id}`,
      `Ủy ban nhân dân ${w.properties.name}`,
      `People's Committee of ${w.properties.name_en ?? w.properties.name}`,
      areaId(city, `ward-${w.properties.id}`),
      all,
    ),
  );
  return [...agencies, ...districts, ...wards];
}

export function roadEntities(city: CityPack): NgsiEntity[] {
  return city.roads.map((r) => ({
    id: `urn:ngsi-ld:Road:${city.id}-${r.properties.id}`,
    type: 'Road',
    name: prop(r.properties.name),
    roadClass: prop(r.properties.highway),
    ...(r.properties.lanes === undefined ? {} : { totalLaneNumber: prop(Number(r.properties.lanes)) }),
    location: geo(r.geometry),
  }));
}

/** Every city-level entity of the pack. */
export function cityEntities(city: CityPack): NgsiEntity[] {
  return [...areaEntities(city), ...agencyEntities(city), ...roadEntities(city)];
}
