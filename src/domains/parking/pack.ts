// Parking: OffStreetParking at the real OSM parking locations, and ParkingSpot sensors in them.
import { lngLat } from '../city/city-pack.js';
import type { DeviceSpec, DomainPack } from '../pack.js';
import type { Rng } from '../rng.js';
import { deviceSpec, jitter, prop, rel, spread } from '../shapes.js';
import { occupancyShare, occupiedSpots, parkingStatus } from './occupancy.js';

/** A car park: occupancy drifts towards the time-of-day share; Saturday evenings bring events. */
export function lotModel(capacity: number) {
  let occupied: number | undefined;
  return {
    step: (c: { localHour: number; weekday: number }, _dt: number, rng: Rng) => {
      const event = c.weekday === 6 && c.localHour > 18 ? 0.15 : 0;
      const target = occupiedSpots(capacity, occupancyShare(c.localHour, c.weekday, event), rng);
      occupied = occupied === undefined ? target : Math.round(occupied + (target - occupied) * 0.5);
      return {
        occ: occupied,
        free: capacity - occupied,
        rate: Math.round((occupied / capacity) * 1000) / 1000,
        st: parkingStatus(occupied, capacity),
      };
    },
  };
}

function spotModel() {
  let occupied = false;
  return {
    step: (c: { localHour: number; weekday: number }, _dt: number, rng: Rng) => {
      const share = occupancyShare(c.localHour, c.weekday);
      // A spot changes state a few times an hour; keep the long-run share right.
      if (rng.chance(0.3)) occupied = rng.chance(share);
      return { st: occupied ? 'occupied' : 'free' };
    },
  };
}

export const parkingPack: DomainPack = {
  name: 'parking',
  entityTypes: ['OffStreetParking', 'ParkingSpot'],
  weight: 0.13,
  styles: [
    {
      domain: 'parking',
      entityType: 'OffStreetParking',
      geometry: 'point',
      property: 'occupancy',
      title: { vi: 'Bãi đỗ xe', en: 'Car parks' },
      bands: [
        { max: 0.7, colour: '#2e7d32', label: { vi: 'Còn nhiều chỗ', en: 'Plenty of space' } },
        { max: 0.9, colour: '#f9a825', label: { vi: 'Sắp đầy', en: 'Filling up' } },
        { colour: '#c62828', label: { vi: 'Đầy', en: 'Full' } },
      ],
    },
    {
      domain: 'parking',
      entityType: 'ParkingSpot',
      geometry: 'point',
      property: 'status',
      title: { vi: 'Chỗ đỗ', en: 'Parking spots' },
      bands: [
        { value: 'free', colour: '#2e7d32', label: { vi: 'Trống', en: 'Free' } },
        { value: 'occupied', colour: '#c62828', label: { vi: 'Có xe', en: 'Occupied' } },
      ],
    },
  ],
  devices(city, count, rng) {
    const lots = city.parking.slice(0, Math.max(1, Math.min(city.parking.length, Math.ceil(count / 6))));
    const out: DeviceSpec[] = lots.map((f) => {
      const capacity = Math.round(rng.between(40, 400));
      return deviceSpec({
        city: city.id,
        type: 'OffStreetParking',
        local: `parking-${f.properties.id}`,
        location: lngLat(f.geometry),
        intervalMin: 5,
        attrs: [
          ['occ', 'occupiedSpotNumber', 'Number'],
          ['free', 'availableSpotNumber', 'Number'],
          ['rate', 'occupancy', 'Number'],
          ['st', 'status', 'Text'],
        ],
        entity: {
          name: prop(f.properties.name ?? `Bãi đỗ xe ${f.properties.id}`),
          totalSpotNumber: prop(capacity),
          category: prop(['public', f.properties.kind ?? 'parkingLot']),
          allowedVehicleType: prop(['car', 'motorcycle']),
        },
        model: lotModel(capacity),
      });
    });
    const lotSpecs = [...out];
    spread(lotSpecs, count - lotSpecs.length, rng).forEach((lot, i) => {
      out.push(
        deviceSpec({
          city: city.id,
          type: 'ParkingSpot',
          local: `spot-${i + 1}`,
          location: jitter(lot.location, rng, 40),
          intervalMin: 5,
          attrs: [['st', 'status', 'Text']],
          entity: { category: prop(['offStreet']), refParkingSite: rel(lot.entityId) },
          model: spotModel(),
        }),
      );
    });
    return out;
  },
};
