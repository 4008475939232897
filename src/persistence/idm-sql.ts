/** Users, groups, memberships and privileges of Weir's own identity store (`004-idm.sql`). */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';

export interface UserRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  email: string | null;
  tenantId: string;
  passwordHash: string | null;
  /** Whether the user has a picture (`weir_idm_user_picture`); read, never written, with the row. */
  hasPicture?: boolean;
}

export interface GroupRow {
  id: string;
  name: string | null;
  type: string | null;
}

export interface PrivilegeRow {
  id: string;
  name: string;
}

const userColumns = `id, first_name, last_name, display_name, email, tenant_id, password_hash,
  EXISTS (SELECT 1 FROM weir_idm_user_picture p WHERE p.user_id = weir_idm_user.id) AS has_picture`;

export const countUsers = async (db: Queryable): Promise<number> => {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM weir_idm_user');
  return Number(rows[0].n);
};

export const getUser = async (db: Queryable, id: string): Promise<UserRow | undefined> => {
  const { rows } = await db.query(`SELECT ${userColumns} FROM weir_idm_user WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<UserRow>(rows[0]) : undefined;
};

export interface UserFilter {
  id?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  firstNameLike?: string;
  lastNameLike?: string;
  emailLike?: string;
  memberOfGroup?: string;
  potentialStarter?: string;
  displayName?: string;
  displayNameLike?: string;
  tenantId?: string;
}

const userSortColumns = {
  id: 'id',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  displayName: 'display_name',
} as const;
export const userSortNames = Object.keys(userSortColumns);

export const listUsers = async (
  db: Queryable,
  f: UserFilter,
  page: { start: number; size: number; sort: string; order: 'asc' | 'desc' },
): Promise<{ rows: UserRow[]; total: number }> => {
  const where = `WHERE ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR first_name = $2)
    AND ($3::text IS NULL OR last_name = $3) AND ($4::text IS NULL OR email = $4)
    AND ($5::text IS NULL OR first_name ILIKE $5) AND ($6::text IS NULL OR last_name ILIKE $6)
    AND ($7::text IS NULL OR email ILIKE $7)
    AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM weir_idm_membership m WHERE m.user_id = id AND m.group_id = $8))
    AND ($9::text IS NULL OR display_name = $9) AND ($10::text IS NULL OR display_name ILIKE $10)
    AND ($11::text IS NULL OR tenant_id = $11)`;
  const params = [
    f.id ?? null,
    f.firstName ?? null,
    f.lastName ?? null,
    f.email ?? null,
    f.firstNameLike ?? null,
    f.lastNameLike ?? null,
    f.emailLike ?? null,
    f.memberOfGroup ?? null,
    f.displayName ?? null,
    f.displayNameLike ?? null,
    f.tenantId ?? null,
  ];
  const column = userSortColumns[page.sort as keyof typeof userSortColumns] ?? 'id';
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM weir_idm_user ${where}`, params);
  const { rows } = await db.query(
    `SELECT ${userColumns} FROM weir_idm_user ${where} ORDER BY ${column} ${direction}, id LIMIT $12 OFFSET $13`,
    [...params, page.size, page.start],
  );
  return { rows: rows.map((r) => toCamelRow<UserRow>(r)), total: Number(total.rows[0].n) };
};

export const insertUser = async (db: Queryable, u: UserRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_idm_user (id, first_name, last_name, display_name, email, tenant_id, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
    [u.id, u.firstName, u.lastName, u.displayName, u.email, u.tenantId, u.passwordHash],
  );
};

export const updateUser = async (db: Queryable, u: UserRow): Promise<void> => {
  await db.query(
    `UPDATE weir_idm_user SET first_name = $2, last_name = $3, display_name = $4, email = $5, tenant_id = $6,
       password_hash = $7 WHERE id = $1`,
    [u.id, u.firstName, u.lastName, u.displayName, u.email, u.tenantId, u.passwordHash],
  );
};

/** False when there is no such user. */
export const setPasswordHash = async (db: Queryable, id: string, passwordHash: string): Promise<boolean> => {
  const { rowCount } = await db.query('UPDATE weir_idm_user SET password_hash = $2 WHERE id = $1', [
    id,
    passwordHash,
  ]);
  return rowCount > 0;
};

export const deleteUser = async (db: Queryable, id: string): Promise<boolean> => {
  const { rowCount } = await db.query('DELETE FROM weir_idm_user WHERE id = $1', [id]);
  return rowCount > 0;
};

export const getGroup = async (db: Queryable, id: string): Promise<GroupRow | undefined> => {
  const { rows } = await db.query('SELECT id, name, type FROM weir_idm_group WHERE id = $1', [id]);
  return rows[0] ? toCamelRow<GroupRow>(rows[0]) : undefined;
};

const groupSortColumns = { id: 'id', name: 'name', type: 'type' } as const;
export const groupSortNames = Object.keys(groupSortColumns);

export const listGroups = async (
  db: Queryable,
  f: { id?: string; name?: string; nameLike?: string; type?: string; member?: string },
  page: { start: number; size: number; sort: string; order: 'asc' | 'desc' },
): Promise<{ rows: GroupRow[]; total: number }> => {
  const where = `WHERE ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR name = $2)
    AND ($3::text IS NULL OR name ILIKE $3) AND ($4::text IS NULL OR type = $4)
    AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM weir_idm_membership m WHERE m.group_id = id AND m.user_id = $5))`;
  const params = [f.id ?? null, f.name ?? null, f.nameLike ?? null, f.type ?? null, f.member ?? null];
  const column = groupSortColumns[page.sort as keyof typeof groupSortColumns] ?? 'id';
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM weir_idm_group ${where}`, params);
  const { rows } = await db.query(
    `SELECT id, name, type FROM weir_idm_group ${where} ORDER BY ${column} ${direction}, id LIMIT $6 OFFSET $7`,
    [...params, page.size, page.start],
  );
  return { rows: rows.map((r) => toCamelRow<GroupRow>(r)), total: Number(total.rows[0].n) };
};

export const insertGroup = async (db: Queryable, g: GroupRow): Promise<void> => {
  await db.query('INSERT INTO weir_idm_group (id, name, type, created_at) VALUES ($1, $2, $3, now())', [
    g.id,
    g.name,
    g.type,
  ]);
};

/** A group a sign-in names, created unless it exists; concurrent sign-ins may race to create it. */
export const ensureGroup = async (db: Queryable, g: GroupRow): Promise<void> => {
  await db.query(
    'INSERT INTO weir_idm_group (id, name, type, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT (id) DO NOTHING',
    [g.id, g.name, g.type],
  );
};

export const updateGroup = async (db: Queryable, g: GroupRow): Promise<void> => {
  await db.query('UPDATE weir_idm_group SET name = $2, type = $3 WHERE id = $1', [g.id, g.name, g.type]);
};

export const deleteGroup = async (db: Queryable, id: string): Promise<boolean> => {
  const { rowCount } = await db.query('DELETE FROM weir_idm_group WHERE id = $1', [id]);
  return rowCount > 0;
};

/** Returns false when the membership already existed. */
export const addMembership = async (db: Queryable, groupId: string, userId: string): Promise<boolean> => {
  const { rowCount } = await db.query(
    'INSERT INTO weir_idm_membership (user_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [userId, groupId],
  );
  return rowCount > 0;
};

export const removeMembership = async (db: Queryable, groupId: string, userId: string): Promise<boolean> => {
  const { rowCount } = await db.query(
    'DELETE FROM weir_idm_membership WHERE user_id = $1 AND group_id = $2',
    [userId, groupId],
  );
  return rowCount > 0;
};

export const groupIdsOfUser = async (db: Queryable, userId: string): Promise<string[]> => {
  const { rows } = await db.query<{ group_id: string }>(
    'SELECT group_id FROM weir_idm_membership WHERE user_id = $1 ORDER BY group_id',
    [userId],
  );
  return rows.map((r) => r.group_id);
};

/** Privilege names a user has, directly or through one of its groups. */
export const privilegeNamesOfUser = async (db: Queryable, userId: string): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT DISTINCT p.name FROM weir_idm_privilege p JOIN weir_idm_privilege_mapping pm ON pm.privilege_id = p.id
     WHERE pm.user_id = $1 OR pm.group_id IN (SELECT group_id FROM weir_idm_membership WHERE user_id = $1)
     ORDER BY p.name`,
    [userId],
  );
  return rows.map((r) => r.name);
};

/** Privilege names granted to a user or to any of the given groups (a bearer token's groups). */
export const privilegeNamesOfUserInGroups = async (
  db: Queryable,
  userId: string,
  groupIds: readonly string[],
): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT DISTINCT p.name FROM weir_idm_privilege p JOIN weir_idm_privilege_mapping pm ON pm.privilege_id = p.id
     WHERE pm.user_id = $1 OR pm.group_id = ANY($2::text[])
     ORDER BY p.name`,
    [userId, [...groupIds]],
  );
  return rows.map((r) => r.name);
};

export const listPrivileges = async (
  db: Queryable,
  f: { id?: string; name?: string; userId?: string; groupId?: string },
): Promise<PrivilegeRow[]> => {
  const { rows } = await db.query(
    `SELECT p.id, p.name FROM weir_idm_privilege p
     WHERE ($1::text IS NULL OR p.id = $1) AND ($2::text IS NULL OR p.name = $2)
       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM weir_idm_privilege_mapping pm WHERE pm.privilege_id = p.id AND pm.user_id = $3))
       AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM weir_idm_privilege_mapping pm WHERE pm.privilege_id = p.id AND pm.group_id = $4))
     ORDER BY p.name`,
    [f.id ?? null, f.name ?? null, f.userId ?? null, f.groupId ?? null],
  );
  return rows.map((r) => toCamelRow<PrivilegeRow>(r));
};

export const getPrivilege = async (db: Queryable, id: string): Promise<PrivilegeRow | undefined> => {
  const { rows } = await db.query(
    'SELECT id, name FROM weir_idm_privilege WHERE id = $1 OR name = $1 LIMIT 1',
    [id],
  );
  return rows[0] ? toCamelRow<PrivilegeRow>(rows[0]) : undefined;
};

export const usersWithPrivilege = async (db: Queryable, privilegeId: string): Promise<UserRow[]> => {
  const { rows } = await db.query(
    `SELECT ${userColumns} FROM weir_idm_user WHERE id IN
       (SELECT user_id FROM weir_idm_privilege_mapping WHERE privilege_id = $1 AND user_id IS NOT NULL) ORDER BY id`,
    [privilegeId],
  );
  return rows.map((r) => toCamelRow<UserRow>(r));
};

export const groupsWithPrivilege = async (db: Queryable, privilegeId: string): Promise<GroupRow[]> => {
  const { rows } = await db.query(
    `SELECT id, name, type FROM weir_idm_group WHERE id IN
       (SELECT group_id FROM weir_idm_privilege_mapping WHERE privilege_id = $1 AND group_id IS NOT NULL) ORDER BY id`,
    [privilegeId],
  );
  return rows.map((r) => toCamelRow<GroupRow>(r));
};

export const grantPrivilege = async (
  db: Queryable,
  privilegeId: string,
  to: { userId?: string; groupId?: string },
): Promise<void> => {
  // Both partial unique indexes arbitrate: a repeated grant is a no-op.
  await db.query(
    `INSERT INTO weir_idm_privilege_mapping (privilege_id, user_id, group_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [privilegeId, to.userId ?? null, to.groupId ?? null],
  );
};

export const revokePrivilege = async (
  db: Queryable,
  privilegeId: string,
  from: { userId?: string; groupId?: string },
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `DELETE FROM weir_idm_privilege_mapping WHERE privilege_id = $1
       AND (($2::text IS NOT NULL AND user_id = $2) OR ($3::text IS NOT NULL AND group_id = $3))`,
    [privilegeId, from.userId ?? null, from.groupId ?? null],
  );
  return rowCount > 0;
};

/**
 * Serialises the creation of the first admin across nodes booting together, for the rest of
 * the transaction. Key 0x57454952 ("WEIR"), 4: the identity bootstrap.
 */
export const lockIdentityBootstrap = async (db: Queryable): Promise<void> => {
  await db.query('SELECT pg_advisory_xact_lock(1464158546, 4)');
};

/**
 * Serialises the sign-ins of one user for the rest of the transaction, so two callbacks at once
 * (two tabs) cannot both insert the user. A one-bigint key: PostgreSQL keeps it apart from the
 * two-int keys above.
 */
export const lockUserProvisioning = async (db: Queryable, userId: string): Promise<void> => {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('weir-provision:' || $1, 0))", [userId]);
};
