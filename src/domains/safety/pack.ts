// Safety: Camera devices at major roads publishing video-analytics events only (no video):
// crowd density, vehicle counts and wrong-way driving.
import { midpoint } from '../city/city-pack.js';
import type { Conditions, DomainPack } from '../pack.js';
import type { Rng } from '../rng.js';
import { bump } from '../local-time.js';
import { deviceSpec, prop, spread } from '../shapes.js';
import { demandShare } from '../traffic/flow.js';

export const cameraEvents = ['none', 'crowdDensityHigh', 'wrongWayDriving'] as const;

function cameraModel(lanes: number, crowdiness: number) {
  return {
    step(c: Conditions, _dt: number, rng: Rng) {
      const weekendEvening = (c.weekday === 0 || c.weekday === 6) && c.localHour > 17 ? 1.5 : 1;
      const crowd = crowdiness * weekendEvening * (0.1 + bump(c.localHour, 20, 2.5)) * rng.between(0.7, 1.3);
      const vehicles = Math.round(
        demandShare(c.localHour, c.weekday) * c.trafficFactor * lanes * 150 * rng.between(0.85, 1.15),
      );
      const wrongWay = rng.chance(0.002 * lanes) ? 1 : 0;
      const event = wrongWay > 0 ? 'wrongWayDriving' : crowd > 1.2 ? 'crowdDensityHigh' : 'none';
      return { crowd: Math.round(crowd * 100) / 100, veh: vehicles, ww: wrongWay, ev: event };
    },
  };
}

export const safetyPack: DomainPack = {
  name: 'safety',
  entityTypes: ['Camera'],
  weight: 0.03,
  styles: [
    {
      domain: 'safety',
      entityType: 'Camera',
      geometry: 'point',
      property: 'lastEvent',
      title: { vi: 'Camera phân tích', en: 'Analytics cameras' },
      bands: [
        { value: 'none', colour: '#546e7a', label: { vi: 'Bình thường', en: 'Normal' } },
        { value: 'crowdDensityHigh', colour: '#ab47bc', label: { vi: 'Đông người', en: 'Crowded' } },
        {
          value: 'wrongWayDriving',
          colour: '#e53935',
          label: { vi: 'Đi ngược chiều', en: 'Wrong-way driving' },
        },
      ],
    },
  ],
  devices(city, count, rng) {
    return spread(city.roads, count, rng).map((road, i) =>
      deviceSpec({
        city: city.id,
        type: 'Camera',
        local: `camera-${i + 1}`,
        location: midpoint(road.geometry),
        intervalMin: 5,
        attrs: [
          ['crowd', 'crowdDensity', 'Number'],
          ['veh', 'vehicleCount', 'Number'],
          ['ww', 'wrongWayCount', 'Number'],
          ['ev', 'lastEvent', 'Text'],
        ],
        entity: {
          name: prop(`Camera ${road.properties.name}`),
          cameraType: prop('FIXED'),
          cameraUsage: prop(['TRAFFIC', 'SURVEILLANCE']),
          videoPolicy: prop('eventsOnly'),
        },
        model: cameraModel(Number(road.properties.lanes ?? 0) || 3, rng.between(0.3, 1.6)),
      }),
    );
  },
};
