import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateGeometry } from '../../geo/index.js';
import { cityDevices } from '../packs.js';
import { cityEntities } from './city-entities.js';
import { loadCityPack } from './city-pack.js';

const city = loadCityPack();

describe('the HCMC city pack', () => {
  it('carries the OpenStreetMap attribution', () => {
    assert.match(city.attribution, /© OpenStreetMap contributors/);
    assert.match(city.attribution, /ODbL/);
  });

  it('has the layers the demo needs, inside the city', () => {
    assert.ok(city.wards.length > 200);
    assert.ok(city.districts.length >= 20);
    assert.ok(city.roads.length > 1000 && city.busStops.length > 1000);
    assert.ok(city.parking.length > 100 && city.floodSpots.length > 40);
    for (const f of [...city.busStops, ...city.parking, ...city.floodSpots]) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      assert.ok(lng > 106.3 && lng < 107.1 && lat > 10.3 && lat < 11.2, f.properties.id);
    }
  });

  it('gives entities with unique ids and geometries the broker accepts', () => {
    const entities = cityEntities(city);
    assert.equal(new Set(entities.map((e) => e.id)).size, entities.length);
    for (const e of entities) {
      const loc = e.location as { value: unknown } | undefined;
      if (loc !== undefined) assert.equal(validateGeometry(loc.value), undefined, e.id);
    }
  });

  it("gives every ward and district a People's Committee with that jurisdiction", () => {
    const orgs = cityEntities(city).filter((e) => e.type === 'Organization');
    const areas = new Set(
      cityEntities(city)
        .filter((e) => e.type === 'AdministrativeArea')
        .map((e) => e.id),
    );
    for (const o of orgs) assert.ok(areas.has((o.jurisdiction as { object: string }).object), o.id);
    assert.equal(orgs.length, city.agencies.length + city.districts.length + city.wards.length);
  });

  it('places devices at valid points with unique ids, the same for the same seed', () => {
    const a = cityDevices(city, 800, 5);
    const b = cityDevices(city, 800, 5);
    assert.deepEqual(
      a.map((d) => [d.deviceId, d.location]),
      b.map((d) => [d.deviceId, d.location]),
    );
    assert.equal(new Set(a.map((d) => d.deviceId)).size, a.length);
    for (const d of a) {
      assert.equal(validateGeometry({ type: 'Point', coordinates: [...d.location] }), undefined, d.deviceId);
    }
  });
});
