// The test-support door: stores for contract suites and the in-process app for HTTP suites.
export { makeStore, storeNames, testDatabaseUrl } from './stores.js';
export { makeTestApp, TEST_TOKEN } from './app.js';
export type { TestApp, RequestOptions } from './app.js';
export { waitFor } from './wait.js';
export { NotificationReceiver } from './receiver.js';
export type { Notification, Received } from './receiver.js';
