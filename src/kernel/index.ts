export {
  DothiError,
  errorCatalogue,
  errorCodes,
  isDothiError,
  badRequestData,
  invalidRequest,
  notFound,
  toProblem,
} from './errors.js';
export type { ErrorCode, ProblemDocument } from './errors.js';
export { loadConfig, configVariables, isLoopback } from './config.js';
export type { Config, ConfigVariable } from './config.js';
export { createLogger, silentLogger, logLevels } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { systemClock, fixedClock } from './clock.js';
export type { Clock } from './clock.js';
export { canonicalJson, flatString, sameJson, sortNames } from './canonical-json.js';
export { createLruCache } from './lru-cache.js';
export type { LruCache } from './lru-cache.js';
export { objectSlot } from './object-slot.js';
export type { ObjectSlot } from './object-slot.js';
export { withMembers } from './with-members.js';
