// The one error catalogue (STYLE.md §6). Every error dothi returns has a stable UPPER_SNAKE code, an
// HTTP status and a problem type URI; the NGSI-LD ones use the URIs of ETSI GS CIM 009 §5.5.2.
// docs/errors.md documents every code; test/errors-catalogue.test.ts keeps the two in sync.

const NGSI = 'https://uri.etsi.org/ngsi-ld/errors/';
const DOTHI = 'urn:dothi:problem:';

export const errorCatalogue = {
  INVALID_REQUEST: { status: 400, type: `${NGSI}InvalidRequest`, title: 'Invalid request' },
  BAD_REQUEST_DATA: { status: 400, type: `${NGSI}BadRequestData`, title: 'Bad request data' },
  UNAUTHORIZED: { status: 401, type: `${DOTHI}Unauthorized`, title: 'Credentials are missing or invalid' },
  FORBIDDEN: { status: 403, type: `${DOTHI}Forbidden`, title: 'Not allowed' },
  TOO_COMPLEX_QUERY: { status: 403, type: `${NGSI}TooComplexQuery`, title: 'Query too complex' },
  TOO_MANY_RESULTS: { status: 403, type: `${NGSI}TooManyResults`, title: 'Too many results' },
  RESOURCE_NOT_FOUND: { status: 404, type: `${NGSI}ResourceNotFound`, title: 'Resource not found' },
  NONEXISTENT_TENANT: { status: 404, type: `${NGSI}NonexistentTenant`, title: 'Tenant does not exist' },
  NOT_FOUND: { status: 404, type: `${DOTHI}NotFound`, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, type: `${DOTHI}MethodNotAllowed`, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, type: `${DOTHI}NotAcceptable`, title: 'No acceptable representation' },
  ALREADY_EXISTS: { status: 409, type: `${NGSI}AlreadyExists`, title: 'Already exists' },
  PAYLOAD_TOO_LARGE: { status: 413, type: `${DOTHI}PayloadTooLarge`, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    type: `${DOTHI}UnsupportedMediaType`,
    title: 'Unsupported Content-Type',
  },
  OPERATION_NOT_SUPPORTED: {
    status: 422,
    type: `${NGSI}OperationNotSupported`,
    title: 'Operation not supported',
  },
  RATE_LIMITED: { status: 429, type: `${DOTHI}RateLimited`, title: 'Too many requests' },
  INTERNAL_ERROR: { status: 500, type: `${NGSI}InternalError`, title: 'Internal error' },
  NO_MULTI_TENANT_SUPPORT: {
    status: 501,
    type: `${NGSI}NoMultiTenantSupport`,
    title: 'Multi-tenancy not supported',
  },
  LD_CONTEXT_NOT_AVAILABLE: {
    status: 503,
    type: `${NGSI}LdContextNotAvailable`,
    title: '@context not available',
  },
  CONFIG_INVALID: { status: 500, type: `${DOTHI}ConfigInvalid`, title: 'Invalid configuration' },
  ACCOUNT_LOCKED: { status: 423, type: `${DOTHI}AccountLocked`, title: 'Account locked' },
  INVALID_TRANSITION: { status: 409, type: `${DOTHI}InvalidTransition`, title: 'Not allowed in this state' },
  INVALID_MEASURE: { status: 400, type: `${DOTHI}InvalidMeasure`, title: 'Invalid device measure' },
  DEVICE_NOT_FOUND: { status: 404, type: `${DOTHI}DeviceNotFound`, title: 'Device not found' },
  DEVICE_GROUP_NOT_FOUND: {
    status: 404,
    type: `${DOTHI}DeviceGroupNotFound`,
    title: 'Service group not found',
  },
  DUPLICATE_DEVICE_ID: { status: 409, type: `${DOTHI}DuplicateDeviceId`, title: 'Device already exists' },
  DUPLICATE_GROUP: { status: 409, type: `${DOTHI}DuplicateGroup`, title: 'Service group already exists' },
  SIM_NOT_RUNNING: { status: 409, type: `${DOTHI}SimNotRunning`, title: 'No city simulator is running' },
  WRITE_STATS_OFF: { status: 409, type: `${DOTHI}WriteStatsOff`, title: 'Write statistics are not kept' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

export class DothiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  readonly title: string;
  /** Extra members rendered into the problem document (e.g. `errors` for a list of violations). */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    const entry = errorCatalogue[code];
    this.name = 'DothiError';
    this.code = code;
    this.status = entry.status;
    this.type = entry.type;
    this.title = entry.title;
    this.extra = extra;
  }
}

export function isDothiError(err: unknown): err is DothiError {
  return err instanceof DothiError;
}

/** Shorthands for the codes thrown most often. */
export const badRequestData = (detail: string, extra?: Record<string, unknown>) =>
  new DothiError('BAD_REQUEST_DATA', detail, extra);
export const invalidRequest = (detail: string, extra?: Record<string, unknown>) =>
  new DothiError('INVALID_REQUEST', detail, extra);
export const notFound = (detail: string) => new DothiError('RESOURCE_NOT_FOUND', detail);

/** RFC 9457 problem document for an error. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  [extra: string]: unknown;
}

export function toProblem(err: DothiError, instance?: string): ProblemDocument {
  return {
    type: err.type,
    title: err.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(instance === undefined ? {} : { instance }),
    ...err.extra,
  };
}
