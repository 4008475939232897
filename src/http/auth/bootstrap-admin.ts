/**
 * The first admin. With `flowable.rest.app.admin.user-id` and `.password` configured, that
 * user is created if missing (as Flowable's REST app does) and given both privileges. With
 * nothing configured and no user at all (a fresh embedded node), `admin` is created with a
 * random password printed once on stdout: there is no default password to forget to change.
 * A configured password only creates the user; when it differs from the stored one the boot
 * says so (`weir admin reset-password` sets a new one).
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
import { hashPassword, randomPassword, verifyPassword } from './passwords.ts';

/** The admin's id when none is configured. */
export const DEFAULT_ADMIN = 'admin';

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
  /** The user existed and the configured password is not the stored one (which stays in force). */
  readonly passwordDiffers?: boolean;
}

const grantAll = async (db: Queryable, userId: string) => {
  await grantPrivilege(db, PRIVILEGE_REST_API, { userId });
  await grantPrivilege(db, PRIVILEGE_ADMIN, { userId });
};

export const createAdmin = async (db: Queryable, userId: string, password: string) => {
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
  const { adminPassword } = config.http;
  // A password without a user id is for `admin`, the user Weir would otherwise create itself.
  const adminUserId = config.http.adminUserId ?? (adminPassword !== undefined ? DEFAULT_ADMIN : undefined);
  const result = await db.transaction(async (tx): Promise<EnsuredAdmin | undefined> => {
    await lockIdentityBootstrap(tx);
    if (adminUserId) {
      const existing = await getUser(tx, adminUserId);
      if (existing) {
        await grantAll(tx, adminUserId);
        const differs =
          adminPassword !== undefined && !(await verifyPassword(adminPassword, existing.passwordHash));
        return { userId: adminUserId, created: false, passwordDiffers: differs };
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
    await createAdmin(tx, DEFAULT_ADMIN, password);
    return { userId: DEFAULT_ADMIN, created: true, generatedPassword: password };
  });
  if (result?.generatedPassword) {
    // Printed, not logged: log shippers keep logs; this line is meant for the operator's eyes once.
    print(
      `Weir created the user 'admin' with the password ${result.generatedPassword} (shown only this once)`,
    );
    log.warn({ userId: 'admin' }, 'Created the admin user with a generated password (printed on stdout)');
  } else if (result?.created) {
    log.info({ userId: result.userId }, 'Created the admin user from flowable.rest.app.admin.*');
  } else if (result?.passwordDiffers) {
    // Flowable's REST app ignores the property for an existing user without a word; an
    // operator who changed it would otherwise think the new password failed to apply.
    log.warn(
      { userId: result.userId },
      `flowable.rest.app.admin.password differs from the stored password of '${result.userId}', which stays in force: the property only creates a missing user. Run 'weir admin reset-password ${result.userId}' for a new password, or change it with PUT /idm-api/users/${result.userId}`,
    );
  }
  return result;
};
