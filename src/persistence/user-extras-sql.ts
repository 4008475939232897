/** What a user has besides the identity row: key/value info and a picture (`weir_idm_user_*`). */
import type { Queryable } from './database.ts';

export interface UserInfoRow {
  readonly key: string;
  readonly value: string | null;
}

export const listUserInfo = async (db: Queryable, userId: string): Promise<UserInfoRow[]> => {
  const { rows } = await db.query<UserInfoRow>(
    'SELECT key, value FROM weir_idm_user_info WHERE user_id = $1 ORDER BY key',
    [userId],
  );
  return rows;
};

export const getUserInfo = async (
  db: Queryable,
  userId: string,
  key: string,
): Promise<UserInfoRow | undefined> => {
  const { rows } = await db.query<UserInfoRow>(
    'SELECT key, value FROM weir_idm_user_info WHERE user_id = $1 AND key = $2',
    [userId, key],
  );
  return rows[0];
};

/** False when the user has an entry of that key already. */
export const insertUserInfo = async (
  db: Queryable,
  userId: string,
  key: string,
  value: string,
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `INSERT INTO weir_idm_user_info (user_id, key, value) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, key) DO NOTHING`,
    [userId, key, value],
  );
  return rowCount > 0;
};

/** False when the user has no entry of that key. */
export const updateUserInfo = async (
  db: Queryable,
  userId: string,
  key: string,
  value: string,
): Promise<boolean> => {
  const { rowCount } = await db.query(
    'UPDATE weir_idm_user_info SET value = $3 WHERE user_id = $1 AND key = $2',
    [userId, key, value],
  );
  return rowCount > 0;
};

export const deleteUserInfo = async (db: Queryable, userId: string, key: string): Promise<boolean> => {
  const { rowCount } = await db.query('DELETE FROM weir_idm_user_info WHERE user_id = $1 AND key = $2', [
    userId,
    key,
  ]);
  return rowCount > 0;
};

export interface PictureRow {
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export const getUserPicture = async (db: Queryable, userId: string): Promise<PictureRow | undefined> => {
  const { rows } = await db.query<{ mime_type: string; bytes: Uint8Array }>(
    'SELECT mime_type, bytes FROM weir_idm_user_picture WHERE user_id = $1',
    [userId],
  );
  return rows[0] ? { mimeType: rows[0].mime_type, bytes: rows[0].bytes } : undefined;
};

export const setUserPicture = async (db: Queryable, userId: string, picture: PictureRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_idm_user_picture (user_id, mime_type, bytes) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET mime_type = excluded.mime_type, bytes = excluded.bytes`,
    [userId, picture.mimeType, picture.bytes],
  );
};
