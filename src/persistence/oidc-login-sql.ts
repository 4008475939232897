/** OpenID Connect sign-ins under way (`017-oidc-login.sql`), keyed by the hash of their state. */
import type { Queryable } from './database.ts';

export interface OidcLoginRow {
  readonly registrationId: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
}

export const insertOidcLogin = async (
  db: Queryable,
  login: OidcLoginRow & { stateHash: string; now: Date; expiresAt: Date },
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_oidc_login (state_hash, registration_id, nonce, code_verifier, return_to, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      login.stateHash,
      login.registrationId,
      login.nonce,
      login.codeVerifier,
      login.returnTo,
      login.now,
      login.expiresAt,
    ],
  );
};

/**
 * Deletes the sign-in and returns it, if it has not expired. One statement: two callbacks with
 * the same state (a replay, a double click) cannot both find the row.
 */
export const takeOidcLogin = async (
  db: Queryable,
  stateHash: string,
  now: Date,
): Promise<OidcLoginRow | undefined> => {
  const { rows } = await db.query<{
    registration_id: string;
    nonce: string;
    code_verifier: string;
    return_to: string;
    expires_at: Date;
  }>(
    `DELETE FROM weir_oidc_login WHERE state_hash = $1
     RETURNING registration_id, nonce, code_verifier, return_to, expires_at`,
    [stateHash],
  );
  const row = rows[0];
  if (!row || new Date(row.expires_at) <= now) return undefined;
  return {
    registrationId: row.registration_id,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    returnTo: row.return_to,
  };
};

/** Sign-ins never completed (the user closed the tab): removed now and then by a node that starts one. */
export const deleteExpiredOidcLogins = async (db: Queryable, now: Date): Promise<number> => {
  const result = await db.query('DELETE FROM weir_oidc_login WHERE expires_at <= $1', [now]);
  return result.rowCount;
};
