import { z } from 'zod';
import { DothiError } from './errors.js';
import { logLevels } from './logger.js';

// Configuration comes from environment variables, is parsed once, validated and frozen (STYLE.md §12).
// A bad value stops start-up with one error that names every bad variable. README.md's table
// documents each variable; test/config-docs.test.ts keeps the table and this list in sync.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bytes = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib)?$/i, 'a size such as 1048576, 512kb or 8mb')
  .transform(parseBytes);

// DOTHI_HISTORY_RETENTION: `[Type[.attr]=]duration` entries, comma-separated. The rules are
// parsed in src/ngsi/temporal/retention-rules.ts, whose test keeps this pattern in step.
const retentionName = String.raw`(?:[A-Za-z_][A-Za-z0-9_-]*|<[^<>\s,=]+>)`;
const retentionEntry = String.raw`(?:${retentionName}(?:\.${retentionName})?=)?(?:\d+[mhdw]|off)`;
const retention = z
  .string()
  .regex(
    new RegExp(String.raw`^${retentionEntry}(?:,\s*${retentionEntry})*$`),
    'comma-separated [Type[.attr]=]duration entries, such as 30d,Sensor=7d,Sensor.temperature=90d',
  );

export const configVariables = {
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(1026),
  DOTHI_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  DOTHI_SQLITE_PATH: z.string().min(1).default('./data/dothi.db'),
  DOTHI_SQLITE_SYNC: z.enum(['full', 'normal']).default('full'),
  DOTHI_SQLITE_READ_WORKERS: int(0, 16).default(1),
  DOTHI_SQLITE_WRITER_THREAD: bool.default(true),
  DOTHI_SQLITE_WRITE_STATS: bool.default(false),
  DOTHI_SQLITE_CHECKPOINT_MS: int(10, 60_000).default(250),
  DOTHI_SQLITE_WAL_LIMIT: bytes.pipe(z.number().min(1024 * 1024, 'at least 1mib')).default(128 * 1024 * 1024),
  DOTHI_ENTITY_CACHE_ENTRIES: int(0, 10_000_000).default(20_000),
  DOTHI_FREEZE_SHARED_STATES: bool.default(false),
  DOTHI_LOG_LEVEL: z.enum(logLevels).default('info'),
  DOTHI_BODY_LIMIT: bytes.default(8 * 1024 * 1024),
  DOTHI_SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  DOTHI_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  DOTHI_AUTH: z.enum(['on', 'off']).default('on'),
  DOTHI_CONTEXT_FETCH: bool.default(true),
  DOTHI_CONTEXT_TIMEOUT_MS: int(100, 60_000).default(5000),
  DOTHI_CONTEXT_MAX_BYTES: bytes.default(1024 * 1024),
  DOTHI_CONTEXT_CACHE_TTL_S: int(0, 30 * 86400).default(86400),
  DOTHI_CONTEXT_PRIVATE_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    ),
  DOTHI_QUERY_DEFAULT_LIMIT: int(1, 10_000).default(20),
  DOTHI_QUERY_MAX_LIMIT: int(1, 100_000).default(1000),
  DOTHI_BATCH_MAX: int(1, 100_000).default(10_000),
  DOTHI_HISTORY_RETENTION: retention.default('off'),
  DOTHI_HISTORY_PRUNE_S: int(60, 7 * 86400).default(3600),
  DOTHI_TEMPORAL_MAX_INSTANCES: int(1, 1_000_000).default(1000),
  DOTHI_NOTIFY_RETRY_MIN_MS: int(1, 3_600_000).default(1000),
  DOTHI_NOTIFY_RETRY_MAX_MS: int(1, 86_400_000).default(300_000),
  DOTHI_NOTIFY_CONCURRENCY: int(1, 1024).default(128),
  DOTHI_ADMIN_TOKEN_FILE: z.string().min(1).optional(),
  DOTHI_SESSION_TTL_S: int(60, 30 * 86400).default(8 * 3600),
  DOTHI_LOGIN_MAX_FAILURES: int(1, 100).default(5),
  DOTHI_LOCKOUT_S: int(1, 86400).default(900),
  DOTHI_RATE_LIMIT: int(0, 10_000_000).default(1200),
  DOTHI_CORS_ORIGINS: z.string().optional(),
  DOTHI_TLS_CERT_FILE: z.string().min(1).optional(),
  DOTHI_TLS_KEY_FILE: z.string().min(1).optional(),
  DOTHI_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  DOTHI_OIDC_AUDIENCE: z.string().min(1).optional(),
  DOTHI_OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  DOTHI_OIDC_CLIENT_ID: z.string().min(1).optional(),
  DOTHI_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  DOTHI_OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  DOTHI_OIDC_DEFAULT_ROLE: z.enum(['operator', 'agency', 'analyst', 'citizen', 'public']).default('citizen'),
  MAP_TILES_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'a tile URL template with {z}, {x} and {y}')
    .optional(),
  DOTHI_MAP_DIR: z.string().min(1).default('cities/hcmc'),
  DOTHI_REPORTS_JURISDICTIONS: z.string().default(''),
  DOTHI_OPEN311_API_KEYS: z
    .string()
    .regex(/^[^,\s]{8,}(,[^,\s]{8,})*$/, 'comma-separated keys of at least 8 characters')
    .default('dothi-citizen-web'),
  DOTHI_REPORTS_ESCALATE_S: int(0, 86_400).default(60),
  DOTHI_MQTT_PORT: int(0, 65535).default(1884),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?|tcp|tls):\/\//, 'an mqtt:// or mqtts:// URL')
    .optional(),
  DOTHI_MQTT_APIKEYS: z
    .string()
    .regex(/^(\+|[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*)$/, "'+' or comma-separated apikeys")
    .default('+'),
  DOTHI_MQTT_SUBSCRIBERS: int(1, 64).default(4),
  DOTHI_IOT_CONTEXT: z.url().optional(),
  DOTHI_IOT_SILENT_AFTER_S: int(1, 30 * 86400).default(3600),
  DOTHI_IOT_RATE: int(1, 100_000).default(10),
  DOTHI_IOT_BURST: int(1, 1_000_000).default(50),
  DOTHI_IOT_MAX_PAYLOAD: bytes.default(64 * 1024),
  DOTHI_IOT_BATCH_MAX: int(1, 100_000).default(10_000),
  DOTHI_IOT_CACHE_TTL_S: int(0, 86400).default(30),
  DOTHI_IOT_CMD_TIMEOUT_S: int(1, 86400).default(30),
  DOTHI_SIM_DEVICES: int(1, 1_000_000).default(5000),
  DOTHI_SIM_SPEED: int(1, 60).default(1),
  DOTHI_SIM_SEED: int(0, 2 ** 31).default(1),
  DOTHI_SIM_TRANSPORT: z.enum(['http', 'mqtt']).default('mqtt'),
  DOTHI_SIM_AIR_REPLAY: z.string().min(1).optional(),
} as const;

export type ConfigVariable = keyof typeof configVariables;
const schema = z.object(configVariables);
export type Config = Readonly<z.output<typeof schema>>;

/** Parses the environment; throws one CONFIG_INVALID error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const name of Object.keys(configVariables)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ variable: String(i.path[0]), problem: i.message }));
    const list = errors.map((e) => `${e.variable}: ${e.problem}`).join('; ');
    throw new DothiError('CONFIG_INVALID', `invalid configuration: ${list}`, { errors });
  }
  const config = parsed.data;
  checkAuthSetting(config);
  return Object.freeze(config);
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// Turning authentication off is for development and conformance testing only: refused on any
// address other than loopback, so that an open broker is never reachable from the network.
function checkAuthSetting(config: z.output<typeof schema>): void {
  if (config.DOTHI_AUTH === 'off' && !isLoopback(config.HOST)) {
    throw new DothiError(
      'CONFIG_INVALID',
      'invalid configuration: DOTHI_AUTH: off is refused on a non-loopback HOST',
      {
        errors: [
          { variable: 'DOTHI_AUTH', problem: `off is refused when HOST=${config.HOST} is not loopback` },
        ],
      },
    );
  }
}

function parseBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const units: Record<string, number> = {
    '': 1,
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1048576,
    gb: 1e9,
    gib: 1073741824,
  };
  return Math.round(Number(m?.[1]) * (units[(m?.[2] ?? '').toLowerCase()] ?? 1));
}
