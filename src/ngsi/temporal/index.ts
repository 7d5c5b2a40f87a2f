export { createHistoryRecorder, INSTANCE_ID_PREFIX } from './history-recorder.js';
export { createTemporalService, DEFAULT_MAX_INSTANCES } from './temporal-service.js';
export type {
  TemporalService,
  TemporalServiceOptions,
  TemporalResult,
  TimeRange,
} from './temporal-service.js';
export { parseTemporalQuery, timerels, timeProperties } from './temporal-query.js';
export type { TemporalQuery, TemporalParams, Timerel, TimeProperty } from './temporal-query.js';
export { renderTemporal } from './render-temporal.js';
export type { TemporalEntity } from './render-temporal.js';
