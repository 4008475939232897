/**
 * The one error catalogue. Every error Weir raises on purpose has a stable `WEIR_...` code,
 * a default message and the HTTP status the REST API answers with. Codes are never reused;
 * `docs/errors.md` lists them. Catch sites turn unknown throws into `WEIR_INTERNAL`.
 */

export const errorCatalogue = {
  WEIR_INTERNAL: { status: 500, message: 'Internal error' },
  // configuration and boot
  WEIR_CONFIG_UNKNOWN_KEY: { status: 500, message: 'Unknown configuration key' },
  WEIR_CONFIG_UNKNOWN_FLAG: { status: 500, message: 'Unknown command-line flag' },
  WEIR_CONFIG_BAD_VALUE: { status: 500, message: 'Bad configuration value' },
  WEIR_CONFIG_FILE: { status: 500, message: 'Configuration file cannot be read' },
  WEIR_DATABASE_UNREACHABLE: { status: 503, message: 'Database does not answer' },
  WEIR_DATA_FOLDER_LOCKED: { status: 500, message: 'Embedded data folder is in use by another process' },
  WEIR_MIGRATION_FAILED: { status: 500, message: 'Schema migration failed' },
  WEIR_LOCK_TIMEOUT: { status: 500, message: 'Timed out waiting for a cluster lock' },
  WEIR_LOCK_LOST: { status: 500, message: 'A cluster lock was lost while its holder was working' },
  WEIR_PORT_IN_USE: { status: 500, message: 'The HTTP port is already in use' },
  // Configuration a Flowable user brings (spring.datasource.*, flowable.database-schema-update)
  WEIR_CONFIG_UNSUPPORTED_DATABASE: { status: 500, message: 'Weir runs on PostgreSQL only' },
  WEIR_SCHEMA_NOT_CURRENT: { status: 500, message: 'The database schema is not current' },
  // model and deployment
  WEIR_DEPLOYMENT_INVALID: { status: 400, message: 'Deployment is invalid' },
  WEIR_EXPRESSION_SYNTAX: { status: 400, message: 'Expression does not parse' },
  WEIR_EXPRESSION_EVALUATION: { status: 400, message: 'Expression cannot be evaluated' },
  // forms (area: forms)
  WEIR_FORM_INVALID: { status: 400, message: 'Form submission is invalid' },
  // decisions (docs/dmn.md)
  WEIR_DMN_EVALUATION: { status: 400, message: 'The decision cannot be evaluated' },
  WEIR_DMN_NO_HITS: { status: 400, message: 'The decision hit no rules' },
  // engine
  WEIR_NOT_FOUND: { status: 404, message: 'Not found' },
  WEIR_CONFLICT: { status: 409, message: 'Conflict' },
  WEIR_ILLEGAL_ARGUMENT: { status: 400, message: 'Bad request' },
  WEIR_SUSPENDED: { status: 409, message: 'Suspended' },
  WEIR_NO_OUTGOING_FLOW: { status: 400, message: 'No outgoing sequence flow can be taken' },
  WEIR_JOB_GONE: { status: 409, message: 'The job was run or taken by another node' },
  WEIR_BPMN_ERROR_UNCAUGHT: { status: 400, message: 'BPMN error not caught' },
  WEIR_DELEGATE_FAILED: { status: 500, message: 'Delegate failed' },
  WEIR_SCRIPT_FAILED: { status: 500, message: 'Script failed' },
  WEIR_SCRIPT_LIMIT: { status: 500, message: 'Script exceeded its time or memory limit' },
  WEIR_VARIABLE_TYPE: { status: 400, message: 'Unknown or wrong variable type' },
  WEIR_VARIABLE_TOO_LARGE: { status: 400, message: 'Variable too large' },
  // scripts, variables and instance limits (security: scripts and variables)
  WEIR_TOO_MANY_INSTANCES: { status: 400, message: 'Too many multi-instance instances' },
  WEIR_TOO_MANY_VARIABLES: { status: 400, message: 'Too many variables in one scope' },
  WEIR_INSTANCE_TOO_LARGE: { status: 413, message: 'Process instance state too large' },
  // HTTP task and mail task (area: httpmail)
  WEIR_HTTP_TASK_FAILED: { status: 500, message: 'HTTP task failed' },
  WEIR_HTTP_TASK_HOST_NOT_ALLOWED: { status: 500, message: 'HTTP task may not call this host' },
  WEIR_MAIL_TASK_FAILED: { status: 500, message: 'Mail task failed' },
  // content engine (docs/content.md)
  WEIR_CONTENT_TOO_LARGE: { status: 413, message: 'Content exceeds the size limit' },
  WEIR_CONTENT_CHECKSUM_MISMATCH: { status: 500, message: 'Stored content does not match its checksum' },
  WEIR_CONTENT_STORAGE: { status: 500, message: 'The content store failed' },
  // HTTP
  WEIR_UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  WEIR_FORBIDDEN: { status: 403, message: 'Forbidden' },
  WEIR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported media type' },
  WEIR_BODY_TOO_LARGE: { status: 413, message: 'Request body too large' },
  // HTTP hardening: limits on uploads, archives and logins (docs/security.md)
  WEIR_ARCHIVE_TOO_LARGE: { status: 413, message: 'Deployment archive exceeds a limit' },
  WEIR_ARCHIVE_INVALID: { status: 400, message: 'Deployment archive cannot be read' },
  WEIR_LOGIN_THROTTLED: { status: 429, message: 'Too many failed logins' },
  // browser sessions (docs/ui.md)
  WEIR_SESSION_ENDED: { status: 401, message: 'The session has ended' },
  WEIR_CSRF_TOKEN_INVALID: { status: 403, message: 'CSRF token missing or wrong' },
  WEIR_ORIGIN_REFUSED: { status: 403, message: 'Request from another origin refused' },
  // OpenID Connect sign-in and bearer tokens (docs/security.md)
  WEIR_OIDC_PROVIDER_UNAVAILABLE: { status: 502, message: 'The identity provider does not answer' },
  WEIR_OIDC_SIGN_IN_FAILED: { status: 400, message: 'Sign-in through the identity provider failed' },
  WEIR_BEARER_TOKEN_INVALID: { status: 401, message: 'Bearer token refused' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class WeirError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: unknown }) {
    super(message ?? errorCatalogue[code].message, options?.cause ? { cause: options.cause } : undefined);
    this.name = 'WeirError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = options?.details;
  }
}

export const isWeirError = (value: unknown): value is WeirError => value instanceof WeirError;

/** Normalise anything thrown into a WeirError, keeping the original as the cause. */
export const toWeirError = (value: unknown): WeirError => {
  if (value instanceof WeirError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new WeirError('WEIR_INTERNAL', message, { cause: value });
};
