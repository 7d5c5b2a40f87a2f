// Waste: WasteContainer fill levels that rise through the day and drop to zero when the
// evening collection round (HCMC collects household waste mostly 18:00–23:00) empties them.
import type { Conditions, DomainPack } from '../pack.js';
import type { Rng } from '../rng.js';
import { bump } from '../local-time.js';
import { clamp, deviceSpec, jitter, prop, ringCentre, spread } from '../shapes.js';

export function containerModel(ratePerHour: number, collectAtHour: number) {
  let fill: number | undefined;
  let lastEmptied: string | undefined;
  let collectedDay = -1;
  return {
    step(c: Conditions, dt: number, rng: Rng) {
      fill ??= rng.between(0.05, 0.6);
      const activity = 0.4 + bump(c.localHour, 8, 2) + bump(c.localHour, 19, 2);
      fill = clamp(fill + ratePerHour * activity * (dt / 60) * rng.between(0.7, 1.3), 0, 1);
      const day = Math.floor((c.t + 7 * 3_600_000) / 86_400_000);
      if (c.localHour >= collectAtHour && collectedDay !== day) {
        collectedDay = day;
        fill = 0;
        lastEmptied = new Date(c.t).toISOString();
      }
      const status = fill >= 1 && rng.chance(0.2) ? 'lidOpen' : 'ok';
      return {
        f: Math.round(fill * 100) / 100,
        st: status,
        temp: Math.round((c.temperatureC + rng.normal(1.5, 0.5)) * 10) / 10,
        ...(lastEmptied === undefined ? {} : { em: lastEmptied }),
      };
    },
  };
}

export const wastePack: DomainPack = {
  name: 'waste',
  entityTypes: ['WasteContainer'],
  weight: 0.1,
  styles: [
    {
      domain: 'waste',
      entityType: 'WasteContainer',
      geometry: 'point',
      property: 'fillingLevel',
      title: { vi: 'Thùng rác', en: 'Waste containers' },
      bands: [
        { max: 0.5, colour: '#43a047', label: { vi: 'Còn trống', en: 'Low' } },
        { max: 0.85, colour: '#fb8c00', label: { vi: 'Gần đầy', en: 'Filling' } },
        { colour: '#6d4c41', label: { vi: 'Đầy', en: 'Full' } },
      ],
    },
  ],
  devices(city, count, rng) {
    return spread(city.wards, count, rng).map((ward, i) =>
      deviceSpec({
        city: city.id,
        type: 'WasteContainer',
        local: `waste-${i + 1}`,
        location: jitter(ringCentre(ward.geometry.coordinates[0] ?? []), rng, 500),
        intervalMin: 30,
        attrs: [
          ['f', 'fillingLevel', 'Number'],
          ['st', 'status', 'Text'],
          ['temp', 'temperature', 'Number'],
          ['em', 'dateLastEmptying', 'DateTime'],
        ],
        entity: { storedWasteKind: prop(['organic', 'inorganic']), wardName: prop(ward.properties.name) },
        model: containerModel(rng.between(0.02, 0.06), rng.between(18, 23)),
      }),
    );
  },
};
