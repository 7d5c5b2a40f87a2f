import { aqiBand } from './aqi.js';
import { bool, fraction, num, str, type Entity } from './values.js';

// One map layer per domain, declared as data: the entity types it shows, how an entity's status
// is derived, the colour of each status and the attributes worth charting.

export const layerIds = [
  'parking',
  'air',
  'flood',
  'traffic',
  'streetlight',
  'waste',
  'bus',
  'camera',
] as const;
export type LayerId = (typeof layerIds)[number];

export interface LayerSpec {
  id: LayerId;
  types: readonly string[];
  /** Status → colour, in legend order; 'unknown' is always present. */
  colours: Readonly<Record<string, string>>;
  status(e: Entity, now: number): string;
  /** Numeric attributes charted in the entity panel, most useful first. */
  chart: readonly string[];
}

const GREY = '#9e9e9e';

function parkingStatus(e: Entity): string {
  const s = str(e, 'status');
  if (s === 'closed') return 'closed';
  if (e.type === 'ParkingSpot') return s === 'free' ? 'free' : s === 'occupied' ? 'full' : 'unknown';
  const free = num(e, 'availableSpotNumber');
  const total = num(e, 'totalSpotNumber');
  if (free === undefined) return 'unknown';
  if (free <= 0) return 'full';
  return total !== undefined && total > 0 && free / total < 0.1 ? 'almostFull' : 'free';
}

function floodStatus(e: Entity): string {
  const level = num(e, 'currentLevel');
  if (level === undefined) return 'unknown';
  const danger = num(e, 'dangerLevel');
  const alert = num(e, 'alertLevel');
  if (danger !== undefined && level >= danger) return 'danger';
  if (alert !== undefined && level >= alert) return 'alert';
  return 'normal';
}

/** The simulator's and many feeds' congestionLevel words. */
const congestion: Record<string, string> = { free: 'fluid', moderate: 'slow', heavy: 'jam', jammed: 'jam' };

function trafficStatus(e: Entity): string {
  const level = congestion[str(e, 'congestionLevel') ?? ''];
  if (level !== undefined) return level;
  if (bool(e, 'congested') === true) return 'jam';
  const speed = num(e, 'averageVehicleSpeed');
  if (speed === undefined) return 'unknown';
  return speed < 15 ? 'jam' : speed < 30 ? 'slow' : 'fluid';
}

function lightStatus(e: Entity): string {
  const s = str(e, 'status');
  if (s !== undefined && s !== 'ok') return 'fault';
  const p = str(e, 'powerState');
  return p === 'on' || p === 'low' ? 'on' : p === 'off' ? 'off' : 'unknown';
}

function wasteStatus(e: Entity): string {
  const s = str(e, 'status');
  if (s !== undefined && s !== 'ok') return 'problem';
  const f = fraction(e, 'fillingLevel');
  if (f === undefined) return 'unknown';
  return f >= 0.8 ? 'full' : f >= 0.5 ? 'filling' : 'ok';
}

function busStatus(e: Entity): string {
  const s = str(e, 'serviceStatus');
  if (s === 'onRoute' || s === 'parked' || s === 'broken' || s === 'outOfService') return s;
  // Without a service status, a bus standing still (≤ 5 km/h) is stopped.
  const speed = num(e, 'speed');
  return speed === undefined ? 'unknown' : speed <= 5 ? 'parked' : 'onRoute';
}

/**
 * A camera's last video-analytics event ('none' when calm); without one, an event shows for 15
 * minutes after `lastEventAt`. A camera switched off is offline.
 */
const EVENT_WINDOW_MS = 15 * 60_000;
function cameraStatus(e: Entity, now: number): string {
  if (bool(e, 'on') === false) return 'offline';
  const last = str(e, 'lastEvent');
  if (last !== undefined) return last === 'none' ? 'idle' : 'event';
  const at = Date.parse(str(e, 'lastEventAt') ?? '');
  return Number.isFinite(at) && now - at < EVENT_WINDOW_MS ? 'event' : 'idle';
}

export const layers: readonly LayerSpec[] = [
  {
    id: 'parking',
    types: ['OffStreetParking', 'OnStreetParking', 'ParkingSpot'],
    colours: { free: '#2e7d32', almostFull: '#f57c00', full: '#c62828', closed: '#616161', unknown: GREY },
    status: parkingStatus,
    chart: ['availableSpotNumber', 'occupancy'],
  },
  {
    id: 'air',
    types: ['AirQualityObserved'],
    colours: {
      good: aqiBand(0).rgb,
      moderate: aqiBand(51).rgb,
      poor: aqiBand(101).rgb,
      bad: aqiBand(151).rgb,
      veryBad: aqiBand(201).rgb,
      hazardous: aqiBand(301).rgb,
      unknown: GREY,
    },
    status: (e) => {
      const aqi = num(e, 'airQualityIndex');
      return aqi === undefined ? 'unknown' : aqiBand(aqi).status;
    },
    chart: ['airQualityIndex', 'pm25', 'pm10', 'no2', 'o3', 'co'],
  },
  {
    id: 'flood',
    types: ['FloodMonitoring'],
    colours: { normal: '#1e88e5', alert: '#f57c00', danger: '#c62828', unknown: GREY },
    status: floodStatus,
    chart: ['currentLevel'],
  },
  {
    id: 'traffic',
    types: ['TrafficFlowObserved'],
    colours: { fluid: '#2e7d32', slow: '#f9a825', jam: '#c62828', unknown: GREY },
    status: trafficStatus,
    chart: ['averageVehicleSpeed', 'intensity', 'occupancy'],
  },
  {
    id: 'streetlight',
    types: ['Streetlight'],
    colours: { on: '#fdd835', off: '#455a64', fault: '#d81b60', unknown: GREY },
    status: lightStatus,
    chart: ['illuminanceLevel', 'powerConsumption'],
  },
  {
    id: 'waste',
    types: ['WasteContainer'],
    colours: { ok: '#43a047', filling: '#fb8c00', full: '#c62828', problem: '#6a1b9a', unknown: GREY },
    status: wasteStatus,
    chart: ['fillingLevel', 'temperature'],
  },
  {
    id: 'bus',
    types: ['Vehicle'],
    colours: {
      onRoute: '#1565c0',
      parked: '#78909c',
      broken: '#c62828',
      outOfService: '#424242',
      unknown: GREY,
    },
    status: busStatus,
    chart: ['speed'],
  },
  {
    id: 'camera',
    types: ['Camera'],
    colours: { event: '#e53935', idle: '#00897b', offline: '#616161', unknown: GREY },
    status: cameraStatus,
    chart: ['eventCount'],
  },
];

const byType = new Map(layers.flatMap((l) => l.types.map((t) => [t, l] as const)));

/** The layer that shows entities of this type, if any. */
export function layerOf(type: string): LayerSpec | undefined {
  return byType.get(type);
}

export function layerById(id: LayerId): LayerSpec {
  return layers.find((l) => l.id === id)!;
}

export function colourOf(e: Entity, now: number): { status: string; colour: string } {
  const layer = layerOf(e.type);
  const status = layer?.status(e, now) ?? 'unknown';
  return { status, colour: layer?.colours[status] ?? GREY };
}
