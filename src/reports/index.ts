// The citizen reports module (Open311 GeoReport v2): see docs/open311.md.
export { createReports, reportsPublicRoutes } from './reports.js';
export type { Reports, ReportsOptions } from './reports.js';
export { createJurisdictions, loadJurisdictionFiles } from './jurisdictions.js';
export type { Jurisdictions, Jurisdiction, JurisdictionPack } from './jurisdictions.js';
export { createWorkCalendar, vietnamCalendar } from './calendar.js';
export type { WorkCalendar } from './calendar.js';
export { vnHolidays } from './vn-holidays.js';
export { fromXml } from './xml.js';
export { reportEntityId } from './report-entity.js';
export { reportsApiFamilies, reportsActor } from './access.js';
export { cityJurisdictionPack } from './city-jurisdiction.js';
export type { CityGeography } from './city-jurisdiction.js';
