// Traffic: TrafficFlowObserved on real road segments, and an occasional RoadAccident.
import { midpoint } from '../city/city-pack.js';
import type { Conditions, DomainPack, NgsiEntity } from '../pack.js';
import type { Rng } from '../rng.js';
import { deviceSpec, point, geo, prop, rel, spread } from '../shapes.js';
import { demandShare, flow } from './flow.js';

const freeSpeed: Record<string, number> = { motorway: 80, trunk: 60, primary: 45, secondary: 40 };

/** Chance per 5-minute report that an accident starts on a segment. */
const accidentChance = 0.0004;

function segmentModel(entityId: string, location: readonly [number, number], lanes: number, freeKmh: number) {
  let incidentLeft = 0;
  let accidents = 0;
  const pending: NgsiEntity[] = [];
  return {
    step(c: Conditions, dtMinutes: number, rng: Rng) {
      const vc =
        demandShare(c.localHour, c.weekday) *
        c.trafficFactor *
        (c.rainMmH > 5 ? 1.15 : 1) *
        rng.between(0.9, 1.1);
      if (incidentLeft <= 0 && rng.chance(accidentChance * vc)) {
        incidentLeft = rng.between(30, 90);
        accidents += 1;
        pending.push(accident(entityId, accidents, location, c.t, rng));
      }
      incidentLeft -= dtMinutes;
      const f = flow(vc, lanes, freeKmh, incidentLeft > 0);
      return {
        q: f.intensity,
        v: f.averageVehicleSpeed,
        o: f.occupancy,
        cg: f.congested,
        lvl: f.congestionLevel,
      };
    },
    /** RoadAccident entities that happened since the last call. */
    events: () => pending.splice(0),
  };
}

function accident(
  segment: string,
  n: number,
  where: readonly [number, number],
  t: number,
  rng: Rng,
): NgsiEntity {
  const local = segment.split(':').pop() ?? segment;
  return {
    id: `urn:ngsi-ld:RoadAccident:${local}-${n}`,
    type: 'RoadAccident',
    status: prop('open'),
    accidentDate: prop(new Date(t).toISOString()),
    accidentType: prop([rng.pick(['rearEnd', 'sideCollision', 'motorcycleFall', 'pedestrian'])]),
    vehiclesInvolved: prop(Math.round(rng.between(1, 4))),
    location: geo(point(where)),
    refTrafficFlowObserved: rel(segment),
  };
}

export const trafficPack: DomainPack = {
  name: 'traffic',
  entityTypes: ['TrafficFlowObserved', 'RoadAccident'],
  weight: 0.12,
  styles: [
    {
      domain: 'traffic',
      entityType: 'TrafficFlowObserved',
      geometry: 'point',
      property: 'congestionLevel',
      title: { vi: 'Giao thông', en: 'Traffic' },
      bands: [
        { value: 'free', colour: '#2e7d32', label: { vi: 'Thông thoáng', en: 'Free flow' } },
        { value: 'moderate', colour: '#f9a825', label: { vi: 'Đông', en: 'Moderate' } },
        { value: 'heavy', colour: '#ef6c00', label: { vi: 'Ùn tắc nhẹ', en: 'Heavy' } },
        { value: 'jammed', colour: '#b71c1c', label: { vi: 'Kẹt xe', en: 'Jammed' } },
      ],
    },
    {
      domain: 'traffic',
      entityType: 'RoadAccident',
      geometry: 'point',
      property: 'status',
      title: { vi: 'Tai nạn', en: 'Accidents' },
      bands: [{ value: 'open', colour: '#d50000', label: { vi: 'Đang xử lý', en: 'Open' } }],
    },
  ],
  devices(city, count, rng) {
    return spread(city.roads, count, rng).map((road, i) => {
      const lanes = Number(road.properties.lanes ?? 0) || (road.properties.highway === 'secondary' ? 2 : 4);
      const freeKmh = freeSpeed[road.properties.highway ?? ''] ?? 40;
      const location = midpoint(road.geometry);
      const spec = deviceSpec({
        city: city.id,
        type: 'TrafficFlowObserved',
        local: `traffic-${i + 1}`,
        location,
        intervalMin: 5,
        attrs: [
          ['q', 'intensity', 'Number'],
          ['v', 'averageVehicleSpeed', 'Number'],
          ['o', 'occupancy', 'Number'],
          ['cg', 'congested', 'Boolean'],
          ['lvl', 'congestionLevel', 'Text'],
        ],
        entity: {
          name: prop(road.properties.name),
          laneId: prop(1),
          totalLaneNumber: prop(lanes),
          refRoad: rel(`urn:ngsi-ld:Road:${city.id}-${road.properties.id}`),
        },
        model: { step: () => null },
      });
      return { ...spec, model: segmentModel(spec.entityId, location, lanes, freeKmh) };
    });
  },
};
