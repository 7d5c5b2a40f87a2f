// Transit: buses (Vehicle) moving between real bus stops at city-bus speeds, slower in traffic,
// dwelling at stops and turning back at the end of their route.
import { lngLat } from '../city/city-pack.js';
import type { Conditions, DomainPack } from '../pack.js';
import type { Rng } from '../rng.js';
import { bearing, deviceSpec, lerp, prop, spread } from '../shapes.js';
import { demandShare } from '../traffic/flow.js';
import { buildRoute, routeDistances, type Stop } from './route.js';

const DWELL_MIN = 0.5;

export function busModel(route: readonly Stop[], cruiseKmh: number) {
  const dist = routeDistances(route);
  const length = dist[dist.length - 1] ?? 0;
  let pos = 0; // metres along the route in the current direction
  let forward = true;
  let dwell = 0;
  const stopAt = (m: number) => (forward ? m : length - m);
  return {
    step(c: Conditions, dt: number, rng: Rng) {
      const load = demandShare(c.localHour, c.weekday) * c.trafficFactor;
      const speed = length === 0 ? 0 : (cruiseKmh / (1 + 0.15 * load ** 4)) * rng.between(0.85, 1.1);
      let left = dt;
      while (left > 0 && length > 0) {
        if (dwell > 0) {
          const d = Math.min(dwell, left);
          dwell -= d;
          left -= d;
          continue;
        }
        const along = stopAt(pos);
        const next = forward ? dist.find((x) => x > along) : [...dist].reverse().find((x) => x < along);
        const toNext = Math.abs((next ?? along) - along);
        const can = (speed * 1000 * left) / 60;
        if (can < toNext) {
          pos += can;
          left = 0;
        } else {
          pos += toNext;
          left -= (toNext / (speed * 1000)) * 60;
          dwell = DWELL_MIN;
          if (pos >= length - 1e-6) [pos, forward] = [0, !forward];
        }
      }
      const along = stopAt(pos);
      const i = Math.max(0, dist.findIndex((x) => x > along) - 1);
      const a = route[i] as Stop;
      const b = route[Math.min(i + 1, route.length - 1)] as Stop;
      const span = (dist[i + 1] ?? along) - (dist[i] ?? 0);
      const f = span > 0 ? (along - (dist[i] ?? 0)) / span : 0;
      const heading = forward ? bearing(a.at, b.at) : bearing(b.at, a.at);
      return {
        loc: { type: 'Point', coordinates: [...lerp(a.at, b.at, Math.min(1, Math.max(0, f)))] },
        spd: dwell > 0 ? 0 : Math.round(speed * 10) / 10,
        hdg: heading,
        next: (forward ? b : a).name,
      };
    },
  };
}

export const transitPack: DomainPack = {
  name: 'transit',
  entityTypes: ['Vehicle'],
  weight: 0.025,
  styles: [
    {
      domain: 'transit',
      entityType: 'Vehicle',
      geometry: 'point',
      property: 'speed',
      title: { vi: 'Xe buýt', en: 'Buses' },
      bands: [
        { max: 5, colour: '#ef6c00', label: { vi: 'Đang dừng', en: 'Stopped' } },
        { colour: '#1565c0', label: { vi: 'Đang chạy', en: 'Moving' } },
      ],
    },
  ],
  devices(city, count, rng) {
    const stops: Stop[] = city.busStops.map((s) => ({
      id: s.properties.id,
      name: s.properties.name ?? s.properties.id,
      at: lngLat(s.geometry),
    }));
    return spread(stops, count, rng).map((start, i) => {
      const route = buildRoute(stops, start);
      return deviceSpec({
        city: city.id,
        type: 'Vehicle',
        local: `bus-${i + 1}`,
        location: start.at,
        intervalMin: 1,
        attrs: [
          ['loc', 'location', 'geo:json'],
          ['spd', 'speed', 'Number'],
          ['hdg', 'heading', 'Number'],
          ['next', 'nextStopName', 'Text'],
        ],
        entity: {
          name: prop(`Xe buýt ${i + 1}`),
          vehicleType: prop('bus'),
          category: prop(['public']),
          serviceStatus: prop('onRoute'),
          routeStops: prop(route.map((s) => s.name)),
        },
        model: busModel(route, rng.between(16, 24)),
      });
    });
  },
};
