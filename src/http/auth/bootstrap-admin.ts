/**
 * The first admin. With `flowable.rest.app.admin.user-id` and `.password` configured, that
 * user is created if missing (as Flowable's REST app does) and given both privileges. With
 * nothing configured and no user at all (a fresh embedded node), `admin` is created with a
 * random password printed once on stdout: there is no default password to forget to change.
 *
 * Several nodes may boot at once on one database; an advisory lock makes one of them create
 * the user, so the password printed is the one stored.
 */
import type { Database, Queryable } from '../../persistence/database.ts';
import {
  countUsers,
  getUser,
  grantPrivilege,
  insertUser,
  lockIdentityBootstrap,
} from '../../persistence/idm-sql.ts';
import { PRIVILEGE_ADMIN, PRIVILEGE_REST_API } from './basic-auth.ts';
import { hashPassword, randomPassword } from './passwords.ts';

export interface AdminSettings {
  readonly http: { readonly adminUserId?: string; readonly adminPassword?: string };
}

export interface BootstrapLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface EnsuredAdmin {
  readonly userId: string;
  readonly created: boolean;
  /** Only when Weir generated it. */
  readonly generatedPassword?: string;
}

const grantAll = async (db: Queryable, userId: string) => {
  await grantPrivilege(db, PRIVILEGE_REST_API, { userId });
  await grantPrivilege(db, PRIVILEGE_ADMIN, { userId });
};

const createAdmin = async (db: Queryable, userId: string, password: string) => {
  await insertUser(db, {
    id: userId,
    firstName: null,
    lastName: null,
    displayName: userId,
    email: null,
    tenantId: '',
    passwordHash: await hashPassword(password),
  });
  await grantAll(db, userId);
};

export const ensureAdminUser = async (
  db: Database,
  config: AdminSettings,
  log: BootstrapLog,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<EnsuredAdmin | undefined> => {
  const { adminUserId, adminPassword } = config.http;
  const result = await db.transaction(async (tx): Promise<EnsuredAdmin | undefined> => {
    await lockIdentityBootstrap(tx);
    if (adminUserId) {
      if (await getUser(tx, adminUserId)) {
        await grantAll(tx, adminUserId);
        return { userId: adminUserId, created: false };
      }
      if (!adminPassword) {
        log.warn(
          { userId: adminUserId },
          'flowable.rest.app.admin.password is not set: the admin user is not created',
        );
        return undefined;
      }
      await createAdmin(tx, adminUserId, adminPassword);
      return { userId: adminUserId, created: true };
    }
    if ((await countUsers(tx)) > 0) return undefined;
    const password = randomPassword();
    await createAdmin(tx, 'admin', password);
    return { userId: 'admin', created: true, generatedPassword: password };
  });
  if (result?.generatedPassword) {
    // Printed, not logged: log shippers keep logs; this line is meant for the operator's eyes once.
    print(
      `Weir created the user 'admin' with the password ${result.generatedPassword} (shown only this once)`,
    );
    log.warn({ userId: 'admin' }, 'Created the admin user with a generated password (printed on stdout)');
  } else if (result?.created) {
    log.info({ userId: result.userId }, 'Created the admin user from flowable.rest.app.admin.*');
  }
  return result;
};
