// Flood: water-level sensors (FloodMonitoring) on HCMC's flood-prone streets and rain gauges
// (WeatherObserved with precipitation) across the city.
import type { Conditions, DomainPack, DeviceSpec } from '../pack.js';
import type { Rng } from '../rng.js';
import { lngLat } from '../city/city-pack.js';
import { deviceSpec, jitter, prop, ringCentre, spread } from '../shapes.js';
import { ALERT_CM, DANGER_CM, dryStreet, floodStatus, stepFlood, type FloodSite } from './level.js';

/** The sensor hangs 2 m above the road: measuredDistance = 2 m − depth (FloodMonitoring). */
const REFERENCE_M = 2;

export function levelModel(site: FloodSite, rainShare: number) {
  let state = dryStreet;
  return {
    step(c: Conditions, dt: number, rng: Rng) {
      state = stepFlood(state, site, dt, c.rainMmH * rainShare, c.tideM);
      const depth = Math.max(0, state.depthCm + rng.normal(0, 0.2));
      const level = Math.round(depth) / 100;
      return { lvl: level, d: Math.round((REFERENCE_M - level) * 100) / 100, st: floodStatus(depth) };
    },
  };
}

function gaugeModel(rainShare: number) {
  let total = 0;
  return {
    step(c: Conditions, dt: number, rng: Rng) {
      const rate = Math.max(0, c.rainMmH * rainShare * (c.rainMmH > 0 ? rng.between(0.85, 1.15) : 0));
      total += (rate * dt) / 60;
      return { p: Math.round(rate * 10) / 10, acc: Math.round(total * 10) / 10 };
    },
  };
}

export const floodPack: DomainPack = {
  name: 'flood',
  entityTypes: ['FloodMonitoring', 'WeatherObserved'],
  weight: 0.015,
  styles: [
    {
      domain: 'flood',
      entityType: 'FloodMonitoring',
      geometry: 'point',
      property: 'currentLevel',
      title: { vi: 'Ngập nước', en: 'Street flooding' },
      bands: [
        { max: ALERT_CM / 100, colour: '#90caf9', label: { vi: 'Bình thường', en: 'Normal' } },
        { max: DANGER_CM / 100, colour: '#1e88e5', label: { vi: 'Ngập', en: 'Flooded' } },
        { colour: '#0d1b6e', label: { vi: 'Ngập sâu', en: 'Deep water' } },
      ],
    },
    {
      domain: 'flood',
      entityType: 'WeatherObserved',
      geometry: 'point',
      property: 'precipitation',
      title: { vi: 'Lượng mưa', en: 'Rainfall' },
      bands: [
        { max: 0, colour: '#e0e0e0', label: { vi: 'Không mưa', en: 'Dry' } },
        { max: 10, colour: '#80deea', label: { vi: 'Mưa', en: 'Rain' } },
        { max: 50, colour: '#00838f', label: { vi: 'Mưa to', en: 'Heavy rain' } },
        { colour: '#4a148c', label: { vi: 'Mưa rất to', en: 'Very heavy rain' } },
      ],
    },
  ],
  devices(city, count, rng) {
    const sensors = Math.max(1, Math.round(count * 0.75));
    const out: DeviceSpec[] = spread(city.floodSpots, sensors, rng).map((spot, i) =>
      deviceSpec({
        city: city.id,
        type: 'FloodMonitoring',
        local: `flood-${i + 1}`,
        location:
          i < city.floodSpots.length ? lngLat(spot.geometry) : jitter(lngLat(spot.geometry), rng, 300),
        intervalMin: 5,
        attrs: [
          ['lvl', 'currentLevel', 'Number'],
          ['d', 'measuredDistance', 'Number'],
          ['st', 'floodLevelStatus', 'Text'],
        ],
        entity: {
          name: prop(`Cảm biến ngập ${spot.properties.street}`),
          referenceLevel: prop(REFERENCE_M),
          alertLevel: prop(ALERT_CM / 100),
          dangerLevel: prop(DANGER_CM / 100),
          stationID: prop(`flood-${i + 1}`),
        },
        model: levelModel(
          {
            outfallM: rng.between(1.3, 1.7),
            runoffCmPerMm: rng.between(0.8, 1.4),
            drainCmPerH: rng.between(20, 45),
            lagMin: rng.between(20, 45),
          },
          rng.between(0.8, 1.2),
        ),
      }),
    );
    spread(city.wards, count - sensors, rng).forEach((ward, i) =>
      out.push(
        deviceSpec({
          city: city.id,
          type: 'WeatherObserved',
          local: `rain-${i + 1}`,
          location: ringCentre(ward.geometry.coordinates[0] ?? []),
          intervalMin: 5,
          attrs: [
            ['p', 'precipitation', 'Number'],
            ['acc', 'precipitationAccumulated', 'Number'],
          ],
          entity: { name: prop(`Trạm đo mưa ${ward.properties.name}`) },
          model: gaugeModel(rng.between(0.7, 1.3)),
        }),
      ),
    );
    return out;
  },
};
