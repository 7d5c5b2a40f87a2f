export {
  createHistoryRecorder,
  INSTANCE_ID_PREFIX,
  historyRowForBench,
  insertRows as insertHistoryRows,
} from './history-recorder.js';
export { rollUpHistory } from './hourly-rollups.js';
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
export {
  parseInstanceReplacement,
  parseTemporalAttrs,
  parseTemporalEntity,
} from './parse-temporal-entity.js';
export type { TemporalAttrs, TemporalEntityInput } from './parse-temporal-entity.js';
export { parseRetentionRules } from './retention-rules.js';
export type { RetentionRules } from './retention-rules.js';
