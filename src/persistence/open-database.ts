/**
 * Choose and open the database a node runs on: PostgreSQL when `database.url` is set,
 * the embedded PGlite in `database.embedded-path` otherwise.
 */
import { isAbsolute, relative } from 'node:path';
import { WeirError } from '../errors.ts';
import type { Database } from './database.ts';
import type { DatabaseLog } from './after-commit.ts';
import { openEmbeddedDatabase } from './embedded.ts';
import { openPostgresDatabase } from './postgres.ts';
import type { PoolerMode } from './postgres.ts';

/** The part of the configuration this needs (a `WeirConfig` fits). */
export interface DatabaseSettings {
  readonly database: {
    readonly url?: string;
    readonly embeddedPath: string;
    readonly poolSize: number;
    readonly pooler?: PoolerMode;
    readonly listenUrl?: string;
  };
}

export interface OpenDatabaseOptions {
  /** Names this node's connections in `pg_stat_activity`. */
  readonly applicationName?: string;
  readonly log?: DatabaseLog;
}

/** The URL without user and password, safe for messages and logs. */
const describeDatabaseUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'database.url';
  }
};

/** The data folder as a user would write it: `./data` rather than an absolute path. */
const showPath = (path: string): string => {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : `./${rel}`;
};

/** A connection error as one line. Connecting to `localhost` tries several addresses and
 * fails with an AggregateError whose own message is empty. */
const reasonOf = (error: unknown): string => {
  if (error instanceof WeirError && error.cause !== undefined) return reasonOf(error.cause);
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) {
    return error.message || (error as NodeJS.ErrnoException).code || error.name;
  }
  return String(error);
};

export const openDatabase = async (
  settings: DatabaseSettings,
  options: OpenDatabaseOptions = {},
): Promise<Database> => {
  const { url, embeddedPath, poolSize, pooler, listenUrl } = settings.database;
  if (!url)
    return openEmbeddedDatabase({ path: embeddedPath, shownAs: showPath(embeddedPath), log: options.log });

  const db = openPostgresDatabase({
    url,
    poolSize,
    pooler,
    listenUrl,
    applicationName: options.applicationName,
    log: options.log,
  });
  try {
    // Fail at boot with the reason, rather than at the first request.
    await db.query('SELECT 1');
  } catch (error) {
    await db.close().catch(() => {});
    throw new WeirError(
      'WEIR_DATABASE_UNREACHABLE',
      `Database at ${describeDatabaseUrl(url)} does not answer: ${reasonOf(error)}`,
      { cause: error },
    );
  }
  return db;
};
