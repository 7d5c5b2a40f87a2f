import { pino } from 'pino';

/** The slice of a structured logger that dothi uses; pino implements it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const logLevels = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof logLevels)[number];

export function createLogger(level: LogLevel = 'info'): Logger {
  // Secrets never reach the log: credentials in headers and known secret fields are redacted.
  return pino({
    level,
    redact: [
      'req.headers.authorization',
      'req.headers.cookie',
      'req.headers["x-api-key"]',
      '*.password',
      '*.token',
      '*.apiKey',
      '*.key',
      '*.secret',
    ],
  });
}

export const silentLogger: Logger = createLogger('silent');
