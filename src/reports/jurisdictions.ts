import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DothiError } from '../kernel/index.js';
import { isGeometry, relate, type GeoJsonGeometry } from '../geo/index.js';
import { vietnamCalendar, weekdayCalendar, type WorkCalendar } from './calendar.js';

// The routing port: which jurisdictions exist, their Open311 services (categories), the agencies
// that handle each service and the areas they cover, and the working-day calendar of their
// deadlines. A jurisdiction pack is a JSON file (see docs/open311.md); the demo city's pack comes
// from cities/, tests ship a fixture.

const geometry = z.custom<GeoJsonGeometry>((g) => isGeometry(g), 'a GeoJSON geometry');

const attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().optional(),
  order: z.number(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
export type ServiceAttribute = z.infer<typeof attribute>;

const service = z
  .object({
    service_code: z.string().min(1),
    service_name: z.string(),
    description: z.string().optional(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string().optional(),
    group: z.string().optional(),
    attributes: z.array(attribute).optional(),
    /** Agencies handling the service, tried in order: the first whose area holds the point. */
    agencies: z.array(z.string()).optional(),
    /** Answer deadline in working days; none for services without one. */
    deadline_days: z.number().int().positive().optional(),
  })
  .loose();
export type ServiceDef = z.infer<typeof service>;

const area = z.object({ id: z.string(), name: z.string(), area: geometry.optional() }).loose();
const agency = area.extend({ supervisor: z.string().optional() });
export type Agency = z.infer<typeof agency>;
export type Ward = z.infer<typeof area>;

const pack = z.object({
  jurisdiction_id: z.string().min(1),
  name: z.string(),
  calendar: z.enum(['VN', 'weekdays']).default('weekdays'),
  agencies: z.array(agency).default([]),
  wards: z.array(area).default([]),
  services: z.array(service),
});
export type JurisdictionPack = z.input<typeof pack>;

export interface Routed {
  agency: Agency | undefined;
  ward: Ward | undefined;
}

export interface Jurisdiction {
  id: string;
  name: string;
  calendar: WorkCalendar;
  /** Minutes east of UTC, for months in statistics. */
  utcOffsetMinutes: number;
  services: readonly ServiceDef[];
  agencies: readonly Agency[];
  service(code: string): ServiceDef | undefined;
  agency(id: string): Agency | undefined;
  route(serviceCode: string, point: GeoJsonGeometry | undefined): Routed;
}

export interface Jurisdictions {
  /** The jurisdiction named by `jurisdiction_id`, or the only/first one when it is absent. */
  get(id: string | undefined): Jurisdiction;
  all(): readonly Jurisdiction[];
}

const covers = (a: { area?: GeoJsonGeometry | undefined }, p: GeoJsonGeometry | undefined) =>
  a.area === undefined || (p !== undefined && relate('intersects', p, a.area));

function jurisdictionOf(p: z.infer<typeof pack>): Jurisdiction {
  const agencies = new Map(p.agencies.map((a) => [a.id, a]));
  const services = new Map(p.services.map((s) => [s.service_code, s]));
  const vn = p.calendar === 'VN';
  return {
    id: p.jurisdiction_id,
    name: p.name,
    calendar: vn ? vietnamCalendar : weekdayCalendar,
    utcOffsetMinutes: vn ? 420 : 0,
    services: p.services,
    agencies: p.agencies,
    service: (code) => services.get(code),
    agency: (id) => agencies.get(id),
    route(code, point) {
      const candidates = (services.get(code)?.agencies ?? []).flatMap((id) => agencies.get(id) ?? []);
      const byArea = candidates.find((a) => a.area !== undefined && covers(a, point));
      return {
        agency: byArea ?? candidates.find((a) => a.area === undefined) ?? candidates[0],
        ward: point === undefined ? undefined : p.wards.find((w) => w.area !== undefined && covers(w, point)),
      };
    },
  };
}

/** Parses packs; a bad pack stops start-up with every problem listed. */
export function createJurisdictions(packs: readonly unknown[]): Jurisdictions {
  const list = packs.map((raw, i) => {
    const parsed = pack.safeParse(raw);
    if (!parsed.success) {
      throw new DothiError('CONFIG_INVALID', `jurisdiction pack ${i + 1}: ${z.prettifyError(parsed.error)}`);
    }
    return jurisdictionOf(parsed.data);
  });
  const byId = new Map(list.map((j) => [j.id, j]));
  return {
    all: () => list,
    get(id) {
      const j = id === undefined || id === '' ? list[0] : byId.get(id);
      if (j === undefined) {
        throw new DothiError('RESOURCE_NOT_FOUND', `unknown jurisdiction_id ${id ?? ''}`.trim());
      }
      return j;
    },
  };
}

export function loadJurisdictionFiles(paths: readonly string[]): Jurisdictions {
  return createJurisdictions(paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as unknown));
}
