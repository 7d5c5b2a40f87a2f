// Water: household smart meters by ward (WaterConsumptionObserved), cumulative m³ readings with
// the period's max and min flow; some households leak.
import type { Conditions, DomainPack } from '../pack.js';
import type { Rng } from '../rng.js';
import { deviceSpec, jitter, prop, ringCentre, spread } from '../shapes.js';
import { householdFlowLh, nightFlowAlarm } from './demand.js';

function meterModel(size: number, leakLh: number) {
  let m3 = 0;
  let alarm = false;
  return {
    step(c: Conditions, dt: number, rng: Rng) {
      if (m3 === 0) m3 = Math.round(rng.between(50, 2000) * 1000) / 1000;
      const flow = Math.max(
        0,
        householdFlowLh(c.localHour, c.weekday) * size * Math.exp(rng.normal(0, 0.25)) + leakLh,
      );
      m3 += (flow * dt) / 60 / 1000;
      alarm = alarm || nightFlowAlarm(c.localHour, flow);
      return {
        v: Math.round(m3 * 1000) / 1000,
        max: Math.round(flow * 1.3 * 10) / 10,
        min: Math.round(Math.max(leakLh, flow * 0.4) * 10) / 10,
        leak: alarm,
      };
    },
  };
}

export const waterPack: DomainPack = {
  name: 'water',
  entityTypes: ['WaterConsumptionObserved'],
  weight: 0.32,
  styles: [
    {
      domain: 'water',
      entityType: 'WaterConsumptionObserved',
      geometry: 'point',
      property: 'alarmFlowPersistence',
      title: { vi: 'Đồng hồ nước', en: 'Water meters' },
      bands: [
        { value: 'false', colour: '#0288d1', label: { vi: 'Bình thường', en: 'Normal' } },
        { value: 'true', colour: '#d84315', label: { vi: 'Nghi rò rỉ', en: 'Possible leak' } },
      ],
    },
  ],
  devices(city, count, rng) {
    return spread(city.wards, count, rng).map((ward, i) => {
      const leaking = rng.chance(0.03);
      return deviceSpec({
        city: city.id,
        type: 'WaterConsumptionObserved',
        local: `water-${i + 1}`,
        location: jitter(ringCentre(ward.geometry.coordinates[0] ?? []), rng, 400),
        intervalMin: 15,
        attrs: [
          ['v', 'waterConsumption', 'Number'],
          ['max', 'maxFlow', 'Number'],
          ['min', 'minFlow', 'Number'],
          ['leak', 'alarmFlowPersistence', 'Boolean'],
        ],
        entity: {
          name: prop(`Đồng hồ nước ${i + 1}, ${ward.properties.name}`),
          wardName: prop(ward.properties.name),
        },
        model: meterModel(rng.between(0.6, 1.8), leaking ? rng.between(15, 60) : 0),
      });
    });
  },
};
