// Energy: Streetlight devices along the major roads, grouped under StreetlightControlCabinet
// energy meters; a power fault takes a share of cabinets (and their lights) off.
import { midpoint, vertices } from '../city/city-pack.js';
import type { Conditions, DeviceSpec, DomainPack } from '../pack.js';
import { hashSeed, type Rng } from '../rng.js';
import { deviceSpec, jitter, prop, rel, spread } from '../shapes.js';
import { lampWatts, lightState, LAMP_WATTS } from './streetlight.js';
import type { LngLat } from '../city/city-pack.js';

const LIGHTS_PER_CABINET = 20;

/** Whether a cabinet has mains power under the conditions (its share of a power fault). */
export const cabinetPowered = (cabinetId: string, c: Conditions): boolean =>
  hashSeed(cabinetId) / 4294967296 >= c.powerFault;

export function lightModel(where: LngLat, cabinetId: string) {
  let faultLeftMin = 0;
  return {
    step(c: Conditions, dt: number, rng: Rng) {
      if (faultLeftMin <= 0 && rng.chance(0.00005 * dt)) faultLeftMin = rng.between(12 * 60, 72 * 60);
      faultLeftMin -= dt;
      const ok = faultLeftMin <= 0;
      const s = lightState(c.t, where, cabinetPowered(cabinetId, c));
      return {
        on: s.powerState,
        lvl: s.illuminanceLevel,
        st: ok ? 'ok' : 'defectiveLamp',
        w: Math.round(lampWatts(s, ok)),
      };
    },
  };
}

function cabinetModel(where: LngLat, cabinetId: string, lights: number) {
  let kwh = 0;
  return {
    step(c: Conditions, dt: number) {
      const s = lightState(c.t, where, cabinetPowered(cabinetId, c));
      const kw = (lights * LAMP_WATTS * s.illuminanceLevel) / 1000;
      kwh += (kw * dt) / 60;
      return {
        kw: Math.round(kw * 100) / 100,
        kwh: Math.round(kwh * 100) / 100,
        pwr: cabinetPowered(cabinetId, c),
      };
    },
  };
}

export const energyPack: DomainPack = {
  name: 'energy',
  entityTypes: ['Streetlight', 'StreetlightControlCabinet'],
  weight: 0.25,
  styles: [
    {
      domain: 'energy',
      entityType: 'Streetlight',
      geometry: 'point',
      property: 'powerState',
      title: { vi: 'Đèn đường', en: 'Streetlights' },
      bands: [
        { value: 'on', colour: '#ffd600', label: { vi: 'Đang sáng', en: 'On' } },
        { value: 'off', colour: '#616161', label: { vi: 'Tắt', en: 'Off' } },
      ],
    },
  ],
  devices(city, count, rng) {
    const cabinets = Math.max(1, Math.round(count / (LIGHTS_PER_CABINET + 1)));
    const out: DeviceSpec[] = [];
    spread(city.roads, cabinets, rng).forEach((road, k) => {
      const where = midpoint(road.geometry);
      const cabinet = deviceSpec({
        city: city.id,
        type: 'StreetlightControlCabinet',
        local: `cabinet-${k + 1}`,
        location: where,
        intervalMin: 15,
        attrs: [
          ['kw', 'activePower', 'Number'],
          ['kwh', 'energyConsumed', 'Number'],
          ['pwr', 'mainsPower', 'Boolean'],
        ],
        entity: { name: prop(`Tủ điện chiếu sáng ${road.properties.name} ${k + 1}`) },
        model: { step: () => null },
      });
      const lights = Math.min(LIGHTS_PER_CABINET, count - cabinets - k * LIGHTS_PER_CABINET);
      out.push({ ...cabinet, model: cabinetModel(where, cabinet.entityId, Math.max(lights, 0)) });
      const along = vertices(road.geometry);
      for (let i = 0; i < lights; i++) {
        const at = jitter(along[i % along.length] ?? where, rng, 60);
        out.push(
          deviceSpec({
            city: city.id,
            type: 'Streetlight',
            local: `light-${k + 1}-${i + 1}`,
            location: at,
            intervalMin: 15,
            attrs: [
              ['on', 'powerState', 'Text'],
              ['lvl', 'illuminanceLevel', 'Number'],
              ['st', 'status', 'Text'],
              ['w', 'powerConsumption', 'Number'],
            ],
            entity: {
              refStreetlightControlCabinet: rel(cabinet.entityId),
              controllingMethod: prop('automatic'),
            },
            model: lightModel(at, cabinet.entityId),
          }),
        );
      }
    });
    return out;
  },
};
