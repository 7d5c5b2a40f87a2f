export { createHttpServer, jsonMediaTypes } from './server.js';
export type { HttpServerOptions, RateLimitOptions } from './server.js';
export { tokenAuthenticator, openAuthenticator, bearerToken, tokenMatcher } from './auth.js';
export type { Authenticator } from './auth.js';
export { sendProblem, toDothiError } from './problem.js';
export { storeStatsRoutes } from './store-routes.js';
