// The shape every domain pack has: its Smart Data Models types, its default map styling (plain
// data the web map reads), where its devices go in a city, and a device simulator model per device.
import type { CityPack, LngLat } from './city/city-pack.js';
import type { Rng } from './rng.js';

export const domainNames = [
  'parking',
  'traffic',
  'air',
  'flood',
  'water',
  'energy',
  'waste',
  'safety',
  'transit',
] as const;
export type DomainName = (typeof domainNames)[number];

/** What the city is like at one simulated instant; scenarios change it. */
export interface Conditions {
  /** Simulated time, ms since the epoch. */
  t: number;
  /** Local (Asia/Ho_Chi_Minh) hour of day, fractional: 7.5 is 07:30. */
  localHour: number;
  /** Local day of week, 0 = Sunday. */
  weekday: number;
  /** Rainfall intensity, mm/h. */
  rainMmH: number;
  /** Saigon river tide relative to mean sea level, m. */
  tideM: number;
  /** Multiplier on traffic demand (1 = an ordinary day at that hour). */
  trafficFactor: number;
  /** Multiplier on pollutant emissions and a stagnant atmosphere. */
  pollutionFactor: number;
  /** Share of streetlight cabinets without mains power (0..1). */
  powerFault: number;
  /** Ambient temperature, °C. */
  temperatureC: number;
}

/** One measure of a device, as the IoT Agent provisions it: `object_id` in payloads, `name` in the entity. */
export interface MeasureAttr {
  object_id: string;
  name: string;
  type: string;
}

/** An NGSI-LD entity in normalized form (core @context). */
export type NgsiEntity = Record<string, unknown> & { id: string; type: string };

export interface DeviceModel {
  /** Measures at the conditions' instant, keyed by object_id; null when the device stays silent. */
  step(c: Conditions, dtMinutes: number, rng: Rng): Record<string, unknown> | null;
  /** Entities the device's world produced since the last call (e.g. a RoadAccident), not measures. */
  events?(): NgsiEntity[];
}

export interface DeviceSpec {
  deviceId: string;
  entityType: string;
  entityId: string;
  location: LngLat;
  /** Simulated minutes between two reports. */
  intervalMin: number;
  attributes: readonly MeasureAttr[];
  /** The fed entity's static part (NGSI-LD normalized attributes), written before any measure. */
  entity: Record<string, unknown>;
  model: DeviceModel;
}

export interface StyleBand {
  /** Upper bound (inclusive) of the property for this colour; the last band has none. */
  max?: number;
  /** Or an exact value of a text property. */
  value?: string;
  colour: string;
  label: { vi: string; en: string };
}

/** Default map styling of a domain: which entities, which property colours them, and how. */
export interface LayerStyle {
  domain: DomainName;
  entityType: string;
  geometry: 'point' | 'line';
  property: string;
  title: { vi: string; en: string };
  bands: readonly StyleBand[];
}

export interface DomainPack {
  name: DomainName;
  /** Smart Data Models types the pack's entities use. */
  entityTypes: readonly string[];
  styles: readonly LayerStyle[];
  /** Share of the devices at a given scale (weights across packs are normalised). */
  weight: number;
  /** Places `count` devices in the city; deterministic for a given rng. */
  devices(city: CityPack, count: number, rng: Rng): DeviceSpec[];
}
