/**
 * A user's info entries and picture (`/process-api/identity/users/{id}/info`, `.../picture`).
 * Everyone with the REST API reads them, as they read users; changing another user's needs
 * `access-admin`, while a user may change their own, as in Flowable's identity service.
 */
import { WeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import { getUser } from '../persistence/idm-sql.ts';
import {
  deleteUserInfo,
  insertUserInfo,
  setUserPicture,
  updateUserInfo,
  type PictureRow,
} from '../persistence/user-extras-sql.ts';
import { forbidden, isAdmin, notFoundError, type Principal } from './authorization.ts';

/** Pictures are small images for avatars; the table's CHECK holds the same bound. */
export const MAX_PICTURE_BYTES = 1024 * 1024;

/** 404 for an unknown user; 403 unless `by` is that user or an admin. Also called before an upload is read. */
export const requireSelfOrAdmin = async (
  db: Database,
  userId: string,
  by: Principal | undefined,
): Promise<void> => {
  if (!(await getUser(db, userId))) throw notFoundError('user', userId);
  if (by !== undefined && by.userId !== userId && !isAdmin(by)) {
    throw forbidden(by, 'change', `user '${userId}'`);
  }
};

const noInfo = (userId: string, key: string) =>
  new WeirError('WEIR_NOT_FOUND', `User info with key '${key}' does not exists for user '${userId}'.`);

export const addUserInfo = async (
  db: Database,
  userId: string,
  key: string,
  value: string,
  by: Principal | undefined,
): Promise<void> => {
  await requireSelfOrAdmin(db, userId, by);
  if (!(await insertUserInfo(db, userId, key, value))) {
    throw new WeirError('WEIR_CONFLICT', `User info with key '${key}' already exists for this user.`);
  }
};

export const changeUserInfo = async (
  db: Database,
  userId: string,
  key: string,
  value: string,
  by: Principal | undefined,
): Promise<void> => {
  await requireSelfOrAdmin(db, userId, by);
  if (!(await updateUserInfo(db, userId, key, value))) throw noInfo(userId, key);
};

export const removeUserInfo = async (
  db: Database,
  userId: string,
  key: string,
  by: Principal | undefined,
): Promise<void> => {
  await requireSelfOrAdmin(db, userId, by);
  if (!(await deleteUserInfo(db, userId, key))) throw noInfo(userId, key);
};

export const changeUserPicture = async (
  db: Database,
  userId: string,
  picture: PictureRow,
  by: Principal | undefined,
): Promise<void> => {
  await requireSelfOrAdmin(db, userId, by);
  if (picture.bytes.length > MAX_PICTURE_BYTES) {
    throw new WeirError('WEIR_BODY_TOO_LARGE', `A user picture takes at most ${MAX_PICTURE_BYTES} bytes`);
  }
  await setUserPicture(db, userId, picture);
};
