/** Browser sessions (`015-sessions.sql`): rows keyed by the hash of the cookie's token. */
import type { Queryable } from './database.ts';

export interface SessionRow {
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

export const insertSession = async (
  db: Queryable,
  session: { tokenHash: string; userId: string; now: Date; expiresAt: Date },
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_session (token_hash, user_id, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $3, $4)`,
    [session.tokenHash, session.userId, session.now, session.expiresAt],
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

export const deleteSession = async (db: Queryable, tokenHash: string): Promise<void> => {
  await db.query('DELETE FROM weir_session WHERE token_hash = $1', [tokenHash]);
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
