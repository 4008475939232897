/**
 * `weir admin reset-password`: a new random password for a user, for the operator who lost the
 * one the first boot printed (or never saw it, because the boot failed after creating the
 * user). Only the hash is stored. The admin user is created when missing, with both
 * privileges, so a database whose first boot never finished can still be entered.
 */
import { WeirError } from '../../errors.ts';
import type { Database } from '../../persistence/database.ts';
import { getUser, lockIdentityBootstrap, setPasswordHash } from '../../persistence/idm-sql.ts';
import { createAdmin } from './bootstrap-admin.ts';
import { hashPassword, randomPassword } from './passwords.ts';

export interface ResetPasswordResult {
  readonly userId: string;
  readonly password: string;
  readonly created: boolean;
}

export const resetPassword = async (
  db: Database,
  userId: string,
  adminUserId: string,
): Promise<ResetPasswordResult> => {
  const password = randomPassword();
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // The same lock as the boot's admin creation: a node booting meanwhile cannot create the
    // admin with another password between our read and our write.
    await lockIdentityBootstrap(tx);
    if (await getUser(tx, userId)) {
      await setPasswordHash(tx, userId, hash);
      return { userId, password, created: false };
    }
    if (userId !== adminUserId) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `No user '${userId}'; only the admin user ('${adminUserId}') is created by reset-password`,
      );
    }
    await createAdmin(tx, userId, password);
    return { userId, password, created: true };
  });
};
