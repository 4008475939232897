/**
 * Errors as Flowable's REST API renders them: `{"message": "Not found", "exception": "Could not
 * find a task with id '42'."}`. `message` is the generic phrase of the status, `exception` the
 * specific reason. WeirErrors carry their status from the catalogue; Fastify's own errors
 * (validation, body parsing, content type, size) are mapped here so that every 4xx names what
 * was wrong. Anything else is a 500 whose body says nothing about the internals: a `pg` error
 * names tables, columns and constraints, a RangeError tells how deep our recursion goes, and a
 * WEIR_INTERNAL wraps either. The answer is `{"message": "Internal error", "exception": "<id>"}`
 * and the log line with the error and its stack carries the same id, so an operator can find
 * it from what a user reports.
 *
 * Flowable answers an oversized body with whatever its servlet container does (often 400 or
 * a dropped connection); Weir answers 413, which is what the status exists for.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWeirError } from '../errors.ts';
import { stopReadingAfterAnswer } from './hardening/stop-reading.ts';

const statusMessages: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * What a 503 tells clients to wait. A PostgreSQL restart takes a few seconds and a Patroni
 * failover 10-30; a client retrying every two seconds finds the database back soon after it
 * is, without hammering a node that cannot serve it meanwhile.
 */
const RETRY_AFTER_SECONDS = 2;

export interface RestError {
  readonly status: number;
  readonly exception: string;
  /** A 500 whose cause stays in the log: `exception` is then the error id, nothing else. */
  readonly internal?: true;
  /** WEIR_FORM_INVALID: each bad field of a form submission, `{id, message}` */
  readonly fields?: unknown;
}

const internalError = (): RestError => ({ status: 500, exception: randomUUID(), internal: true });

const restErrorBody = (status: number, exception: string) => ({
  message: statusMessages[status] ?? (status >= 500 ? 'Internal server error' : 'Bad request'),
  exception,
});

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** `body.variables[0].name must be string`, `body has an unknown field 'foo'`. */
const describeValidation = (context: string, issue: ValidationIssue): string => {
  const path = (issue.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
  const where = `${context}${path}`;
  if (issue.keyword === 'additionalProperties') {
    return `${where} has an unknown field '${String(issue.params?.additionalProperty)}'`;
  }
  if (issue.keyword === 'required') {
    return `${where} is missing the required field '${String(issue.params?.missingProperty)}'`;
  }
  if (issue.keyword === 'enum' && Array.isArray(issue.params?.allowedValues)) {
    return `${where} must be one of ${(issue.params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}`;
  }
  return `${where} ${issue.message ?? 'is invalid'}`;
};

/** Map anything thrown in a request to a status and a message fit for the client. */
export const toRestError = (error: unknown): RestError => {
  if (isWeirError(error)) {
    // WEIR_INTERNAL wraps whatever was thrown deep down (a pg error, a RangeError), message
    // included; other codes carry messages written for the client (a script's time limit)
    if (error.code === 'WEIR_INTERNAL') return internalError();
    const fields = (error.details as { fields?: unknown } | undefined)?.fields;
    return error.code === 'WEIR_FORM_INVALID'
      ? { status: error.status, exception: error.message, fields }
      : { status: error.status, exception: error.message };
  }
  const fastifyError = error as Partial<FastifyError> & {
    validation?: ValidationIssue[];
    validationContext?: string;
  };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    return {
      status: 400,
      exception: describeValidation(fastifyError.validationContext ?? 'request', fastifyError.validation[0]),
    };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, exception: 'The request body is not valid JSON' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, exception: 'The request body is empty but its content type is application/json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return { status: 413, exception: `The request body is larger than the limit (server.max-body-size)` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, exception: fastifyError.message ?? 'Unsupported media type' };
    default:
      break;
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, exception: fastifyError.message ?? 'Bad request' };
  }
  return internalError();
};

const sendRestError = (
  reply: FastifyReply,
  status: number,
  exception: string,
  fields?: unknown,
): FastifyReply =>
  reply
    .code(status)
    .type('application/json')
    .send(
      fields === undefined
        ? restErrorBody(status, exception)
        : { ...restErrorBody(status, exception), fields },
    );

const handleError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
  const rest = toRestError(error);
  if (rest.internal) {
    request.log.error({ err: error, errorId: rest.exception }, `Request failed (error id ${rest.exception})`);
    return reply
      .code(500)
      .type('application/json')
      .send({ message: 'Internal error', exception: rest.exception });
  }
  if (rest.status === 503) request.log.warn({ err: error }, 'Request failed: the database is unavailable');
  else if (rest.status >= 500) request.log.error({ err: error }, 'Request failed');
  else request.log.info({ status: rest.status, reason: rest.exception }, 'Request refused');
  // The browser app asks for no Basic challenge (docs/ui.md): it would pop up the browser's own
  // password dialog over the sign-in page.
  // A refused bearer token says why in its own challenge (RFC 6750), e.g. error="invalid_token".
  const challenge = (error as { details?: { wwwAuthenticate?: unknown } }).details?.wwwAuthenticate;
  if (rest.status === 401 && typeof challenge === 'string') reply.header('WWW-Authenticate', challenge);
  else if (rest.status === 401 && request.headers['x-requested-with'] === undefined)
    reply.header('WWW-Authenticate', 'Basic realm="Weir", charset="UTF-8"');
  stopReadingAfterAnswer(request, reply);
  // 503 is a database that is away (a restart, a failover): the pool reconnects within seconds.
  if (rest.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  const retryAfter = (error as { details?: { retryAfter?: unknown } }).details?.retryAfter;
  if (rest.status === 429 && typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
  return sendRestError(reply, rest.status, rest.exception, rest.fields);
};

/**
 * For Fastify's `frameworkErrors` option: what its router refuses before any route runs (a URL
 * that does not decode, `FST_ERR_BAD_URL`) answers in the same envelope as everything else,
 * not in Fastify's own `{statusCode, error, message}`.
 */
export const frameworkErrorAnswer = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 400;
  return sendRestError(reply, status, error.message);
};

/**
 * Install on the root instance so that every plugin and unknown routes answer alike. With
 * `allowedMethods`, a known path asked with another method is a 405 with `Allow`, not a 404.
 */
export const installErrorHandling = (
  app: FastifyInstance,
  allowedMethods?: (path: string) => string[],
): void => {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = allowedMethods?.(path) ?? [];
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return sendRestError(
        reply,
        405,
        `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`,
      );
    }
    return sendRestError(reply, 404, `No resource at ${request.method} ${path}`);
  });
};
