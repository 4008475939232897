/**
 * `weir admin reset-password [user]`: prints a new random password once and stores its hash.
 * The user defaults to the configured admin (`flowable.rest.app.admin.user-id`), else `admin`.
 * It runs against the database a node would use, so it reads the same configuration; an
 * embedded data folder must not be in use by a running node (PGlite is single-process).
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/index.ts';
import { WeirError, isWeirError } from '../errors.ts';
import { checkSchemaCurrent } from '../cluster/schema-migration.ts';
import { resetPassword } from '../http/auth/reset-password.ts';
import { DEFAULT_ADMIN } from '../http/auth/bootstrap-admin.ts';
import { openDatabase } from '../persistence/open-database.ts';
import type { CliIo } from './main.ts';

const usageError = (message: string) => new WeirError('WEIR_CONFIG_BAD_VALUE', message);

/** The positional words before the first flag, and the rest (configuration flags). */
const splitArgs = (argv: readonly string[]) => {
  const firstFlag = argv.findIndex((arg) => arg.startsWith('-'));
  const end = firstFlag === -1 ? argv.length : firstFlag;
  return { words: argv.slice(0, end), flags: argv.slice(end) };
};

export const runAdmin = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const { words, flags } = splitArgs(argv);
  const [action, user, ...extra] = words;
  if (action !== 'reset-password') {
    throw usageError(
      action === undefined
        ? `'weir admin' needs an action: reset-password [user]`
        : `Unknown action '${action}' for 'weir admin'; the one action is reset-password [user]`,
    );
  }
  if (extra.length > 0) throw usageError(`Unexpected argument '${extra[0]}' after the user name`);
  const config = loadConfig({ argv: flags, env: io.env, cwd: io.cwd });
  const adminUserId = config.http.adminUserId ?? DEFAULT_ADMIN;
  const userId = user ?? adminUserId;
  if (!config.database.url && !existsSync(config.database.embeddedPath)) {
    throw new WeirError(
      'WEIR_DATABASE_UNREACHABLE',
      `No embedded database at ${config.database.embeddedPath}; run this where 'weir start' runs, or set DATABASE_URL`,
    );
  }
  const db = await openDatabase(config, { applicationName: 'weir admin' });
  try {
    await checkSchemaCurrent(db).catch((error: unknown) => {
      if (!isWeirError(error) || error.code !== 'WEIR_SCHEMA_NOT_CURRENT') throw error;
      throw new WeirError(
        'WEIR_SCHEMA_NOT_CURRENT',
        `The database has no current Weir schema; run 'weir migrate' (or 'weir start') first`,
      );
    });
    const result = await resetPassword(db, userId, adminUserId);
    io.stdout(
      `${result.created ? 'Created the user' : 'New password for'} '${result.userId}': ${result.password}` +
        ' (shown only this once; running nodes accept it now, and the old one within 30 s)',
    );
    return 0;
  } finally {
    await db.close();
  }
};
