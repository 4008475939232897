/**
 * Users and group memberships from an identity provider (OpenID Connect, docs/security.md).
 * At each sign-in the user is created if missing, its name and e-mail are refreshed from the
 * claims, the groups it is named in are created if missing, and its memberships become exactly
 * those groups: the provider is where they are managed, so a group taken away there is taken
 * away here at the next sign-in. A provisioned user has no password: it signs in through the
 * provider only. Privileges stay Weir's to grant (to the user or to its groups).
 *
 * A user with a password is Weir's own (the bootstrap admin, users made through `/idm-api`),
 * and the provider cannot sign in as it: otherwise anyone who can get the provider to call them
 * `admin` would become Weir's admin.
 */
import type { Database } from '../persistence/database.ts';
import { WeirError } from '../errors.ts';
import {
  addMembership,
  ensureGroup,
  getUser,
  groupIdsOfUser,
  insertUser,
  lockUserProvisioning,
  removeMembership,
  updateUser,
} from '../persistence/idm-sql.ts';

export interface ClaimedIdentity {
  readonly userId: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly displayName?: string;
  readonly email?: string;
  /** Undefined: the provider says nothing about groups, and memberships are left as they are. */
  readonly groups?: readonly string[];
}

export interface ProvisionedUser {
  readonly userId: string;
  readonly created: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** As the REST API's user and group ids: at most 255 characters. */
const MAX_ID = 255;

const checkId = (kind: string, id: string): void => {
  if (id === '' || id.length > MAX_ID || /[\s:]/.test(id)) {
    throw new WeirError(
      'WEIR_OIDC_SIGN_IN_FAILED',
      `The identity provider named a ${kind} id Weir cannot take: '${id.slice(0, 80)}' (1 to ${MAX_ID} characters, no spaces or colons)`,
    );
  }
};

export const ownUser = (userId: string) =>
  new WeirError(
    'WEIR_OIDC_SIGN_IN_FAILED',
    `User '${userId}' is one of Weir's own (it has a password): the identity provider cannot sign in as it`,
  );

export const provisionUser = async (db: Database, identity: ClaimedIdentity): Promise<ProvisionedUser> => {
  const { userId } = identity;
  checkId('user', userId);
  for (const group of identity.groups ?? []) checkId('group', group);
  return db.transaction(async (tx) => {
    await lockUserProvisioning(tx, userId);
    const existing = await getUser(tx, userId);
    if (existing && existing.passwordHash !== null) throw ownUser(userId);
    const profile = {
      firstName: identity.firstName ?? existing?.firstName ?? null,
      lastName: identity.lastName ?? existing?.lastName ?? null,
      displayName: identity.displayName ?? existing?.displayName ?? null,
      email: identity.email ?? existing?.email ?? null,
    };
    if (existing) await updateUser(tx, { ...existing, ...profile });
    else await insertUser(tx, { id: userId, ...profile, tenantId: '', passwordHash: null });
    if (identity.groups === undefined) return { userId, created: !existing, added: [], removed: [] };
    const wanted = new Set(identity.groups);
    const current = new Set(await groupIdsOfUser(tx, userId));
    const added = [...wanted].filter((group) => !current.has(group)).sort();
    const removed = [...current].filter((group) => !wanted.has(group)).sort();
    for (const group of added) {
      await ensureGroup(tx, { id: group, name: group, type: 'assignment' });
      await addMembership(tx, group, userId);
    }
    for (const group of removed) await removeMembership(tx, group, userId);
    return { userId, created: !existing, added, removed };
  });
};
