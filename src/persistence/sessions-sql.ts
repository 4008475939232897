/** Browser sessions (`015-sessions.sql`): rows keyed by the hash of the cookie's token. */
import type { Queryable } from './database.ts';

export interface SessionRow {
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

/** Where a session signed in through OpenID Connect came from (`024-session-oidc-logout.sql`). */
export interface SessionProvider {
  readonly registrationId: string;
  readonly idToken: string;
}

export const insertSession = async (
  db: Queryable,
  session: { tokenHash: string; userId: string; now: Date; expiresAt: Date; provider?: SessionProvider },
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_session (token_hash, user_id, created_at, last_seen_at, expires_at,
                              oidc_registration_id, oidc_id_token)
     VALUES ($1, $2, $3, $3, $4, $5, $6)`,
    [
      session.tokenHash,
      session.userId,
      session.now,
      session.expiresAt,
      session.provider?.registrationId ?? null,
      session.provider?.idToken ?? null,
    ],
  );
};

/** The session, if it is neither past its absolute expiry nor idle longer than `idleMs`. */
export const findLiveSession = async (
  db: Queryable,
  tokenHash: string,
  now: Date,
  idleMs: number,
): Promise<SessionRow | undefined> => {
  const { rows } = await db.query<{
    user_id: string;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
  }>(
    `SELECT user_id, created_at, last_seen_at, expires_at FROM weir_session
     WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $2::timestamptz - make_interval(secs => $3)`,
    [tokenHash, now, idleMs / 1000],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    userId: row.user_id,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
};

export const touchSession = async (db: Queryable, tokenHash: string, now: Date): Promise<void> => {
  await db.query('UPDATE weir_session SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2', [
    tokenHash,
    now,
  ]);
};

/** Ends the session; answers the provider it came from, if it was an OpenID Connect sign-in. */
export const deleteSession = async (
  db: Queryable,
  tokenHash: string,
): Promise<SessionProvider | undefined> => {
  const { rows } = await db.query<{ oidc_registration_id: string | null; oidc_id_token: string | null }>(
    'DELETE FROM weir_session WHERE token_hash = $1 RETURNING oidc_registration_id, oidc_id_token',
    [tokenHash],
  );
  const row = rows[0];
  return row?.oidc_registration_id && row.oidc_id_token
    ? { registrationId: row.oidc_registration_id, idToken: row.oidc_id_token }
    : undefined;
};

/** Sessions past either expiry: removed now and then by the node that signs someone in. */
export const deleteDeadSessions = async (db: Queryable, now: Date, idleMs: number): Promise<number> => {
  const result = await db.query(
    `DELETE FROM weir_session
     WHERE expires_at <= $1 OR last_seen_at <= $1::timestamptz - make_interval(secs => $2)`,
    [now, idleMs / 1000],
  );
  return result.rowCount;
};
