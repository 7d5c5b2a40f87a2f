// Every domain pack, and the device counts of a city at a given scale.
import { airPack } from './air/pack.js';
import { energyPack } from './energy/pack.js';
import { floodPack } from './flood/pack.js';
import type { CityPack } from './city/city-pack.js';
import type { DeviceSpec, DomainName, DomainPack, LayerStyle } from './pack.js';
import { parkingPack } from './parking/pack.js';
import { createRng, hashSeed } from './rng.js';
import { safetyPack } from './safety/pack.js';
import { trafficPack } from './traffic/pack.js';
import { transitPack } from './transit/pack.js';
import { wastePack } from './waste/pack.js';
import { waterPack } from './water/pack.js';

export const domainPacks: readonly DomainPack[] = [
  parkingPack,
  trafficPack,
  airPack,
  floodPack,
  waterPack,
  energyPack,
  wastePack,
  safetyPack,
  transitPack,
];

/** The default map styling of every domain (plain data for the web map). */
export const domainStyles: readonly LayerStyle[] = domainPacks.flatMap((p) => p.styles);

/** Devices per domain for `total` devices: shares by weight, at least 2 per domain. */
export function deviceCounts(total: number): Record<DomainName, number> {
  const sum = domainPacks.reduce((s, p) => s + p.weight, 0);
  return Object.fromEntries(
    domainPacks.map((p) => [p.name, Math.max(2, Math.round((total * p.weight) / sum))]),
  ) as Record<DomainName, number>;
}

/** Every device of the city at a scale, deterministic from the seed. */
export function cityDevices(city: CityPack, total: number, seed: number): DeviceSpec[] {
  const counts = deviceCounts(total);
  return domainPacks.flatMap((p) =>
    p.devices(city, counts[p.name], createRng(hashSeed(seed, 'place', p.name))),
  );
}
