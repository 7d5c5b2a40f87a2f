export { createHttpServer, jsonMediaTypes } from './server.js';
export type { HttpServerOptions } from './server.js';
export { tokenAuthenticator, openAuthenticator } from './auth.js';
export type { Authenticator } from './auth.js';
export { sendProblem, toDothiError } from './problem.js';
