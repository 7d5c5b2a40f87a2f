import { layerOf } from './layers.js';
import { num, str, type Entity } from './values.js';

export interface Kpis {
  freeParking: number;
  meanSpeed: number | undefined;
  worstAqi: { value: number; where: string } | undefined;
  flooded: number;
  lightsOut: number;
}

function placeOf(e: Entity): string {
  const address = e.address as { streetAddress?: string; addressLocality?: string } | undefined;
  return str(e, 'name') ?? address?.streetAddress ?? address?.addressLocality ?? e.id;
}

/** City-wide indicators over the entities the app holds. */
export function computeKpis(entities: Iterable<Entity>, now: number): Kpis {
  const k: Kpis = { freeParking: 0, meanSpeed: undefined, worstAqi: undefined, flooded: 0, lightsOut: 0 };
  let speedSum = 0;
  let speedCount = 0;
  for (const e of entities) {
    const layer = layerOf(e.type);
    if (layer === undefined) continue;
    const status = layer.status(e, now);
    if (layer.id === 'parking')
      k.freeParking +=
        e.type === 'ParkingSpot' ? (status === 'free' ? 1 : 0) : (num(e, 'availableSpotNumber') ?? 0);
    if (layer.id === 'flood' && (status === 'alert' || status === 'danger')) k.flooded += 1;
    if (layer.id === 'streetlight' && status === 'fault') k.lightsOut += 1;
    const speed = layer.id === 'traffic' ? num(e, 'averageVehicleSpeed') : undefined;
    if (speed !== undefined) [speedSum, speedCount] = [speedSum + speed, speedCount + 1];
    const aqi = layer.id === 'air' ? num(e, 'airQualityIndex') : undefined;
    if (aqi !== undefined && (k.worstAqi === undefined || aqi > k.worstAqi.value))
      k.worstAqi = { value: aqi, where: placeOf(e) };
  }
  k.meanSpeed = speedCount === 0 ? undefined : speedSum / speedCount;
  return k;
}

export { placeOf };
