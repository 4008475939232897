/**
 * Telling a lost database from a refused statement. When PostgreSQL restarts, fails over or
 * drops a connection, `pg` reports it in several ways (a SQLSTATE of its own, a socket error,
 * or a plain message); all of them mean the same thing to a caller: the work did not happen
 * (or, for a lost COMMIT, may have happened) and can be retried once the database is back.
 * They become one `WEIR_DATABASE_UNREACHABLE` (HTTP 503 with `Retry-After`), and the
 * connection they came from is destroyed instead of going back to the pool.
 */
import { isWeirError, WeirError } from '../errors.ts';

/**
 * SQLSTATEs that say the server went away or cannot take writes. Class 08 is connection
 * exceptions. 57P01-57P03: the server is shutting down, crashed, or is starting. 25006 and
 * the hot-standby conflicts (40001 is not here: it is a serialisation failure, a real answer)
 * mean the connection now leads to a replica, as after a failover behind a proxy that kept it.
 */
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '25006', '53300']);

const LOST_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** `pg`'s own messages for a connection it lost or could not get. */
const LOST_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection closed',
];

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

export const isConnectionLoss = (error: unknown): boolean => {
  if (isWeirError(error)) return error.code === 'WEIR_DATABASE_UNREACHABLE';
  if (error instanceof AggregateError) return error.errors.some(isConnectionLoss);
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (code && (code.startsWith('08') || LOST_STATES.has(code) || LOST_SOCKET_CODES.has(code))) return true;
  return LOST_MESSAGES.some((message) => error.message.includes(message));
};

/** A lost connection as the catalogued error; anything else unchanged. */
export const asConnectionLoss = (error: unknown): unknown =>
  isConnectionLoss(error) && !isWeirError(error)
    ? new WeirError(
        'WEIR_DATABASE_UNREACHABLE',
        'The database connection was lost or refused; retry the request shortly',
        { cause: error },
      )
    : error;
