// Per-dialect spatial SQL: how GeoProperty shapes are indexed and how geo-queries are tested.
// Filled in by src/store/sqlite/geo-hooks.ts (R*Tree + exact tests in JS functions) and
// src/store/postgres/geo-hooks.ts (PostGIS).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- members are added as the geo module needs them
export interface GeoHooks {}
