/**
 * The queries behind the named cluster locks (`cluster/locks.ts`), on table `weir_lock`.
 *
 * Times use `clock_timestamp()`, the database's wall clock at the statement: every node
 * compares expiries against the same clock whatever its own says, and the value is current
 * even when the caller passes a long-running transaction.
 */
import type { Queryable } from './database.ts';

export interface LockHolder {
  readonly owner: string;
  readonly ownerHost: string | null;
  /** How long the holder has held the lock, by the database clock. */
  readonly heldMs: number;
  /** Time left on its lease; negative once expired. */
  readonly expiresInMs: number;
}

/** The end of a lease of `$n` milliseconds from now. */
const leaseEnd = (param: string) =>
  `clock_timestamp() + ${param}::double precision * interval '1 millisecond'`;

/**
 * Take the lock if nobody holds it or its lease has run out, in one statement: concurrent
 * callers serialise on the row (or on the primary key while inserting), and exactly one of
 * them sees its row come back.
 */
export const insertOrTakeOverLock = async (
  db: Queryable,
  name: string,
  owner: string,
  ownerHost: string | null,
  leaseMs: number,
): Promise<boolean> => {
  const { rows } = await db.query(
    `INSERT INTO weir_lock (name, owner, owner_host, acquired_at, expires_at)
     VALUES ($1, $2, $3, clock_timestamp(), ${leaseEnd('$4')})
     ON CONFLICT (name) DO UPDATE
       SET owner = excluded.owner, owner_host = excluded.owner_host,
           acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
       WHERE weir_lock.expires_at < clock_timestamp()
     RETURNING name`,
    [name, owner, ownerHost, leaseMs],
  );
  return rows.length === 1;
};

/** Push the lease forward; false when `owner` no longer holds the lock (it was taken over). */
export const extendLockLease = async (
  db: Queryable,
  name: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> => {
  const { rows } = await db.query(
    `UPDATE weir_lock SET expires_at = ${leaseEnd('$3')}
     WHERE name = $1 AND owner = $2 RETURNING name`,
    [name, owner, leaseMs],
  );
  return rows.length === 1;
};

/** Delete the lock row if `owner` holds it; false when it did not. */
export const deleteLock = async (db: Queryable, name: string, owner: string): Promise<boolean> => {
  const { rows } = await db.query(`DELETE FROM weir_lock WHERE name = $1 AND owner = $2 RETURNING name`, [
    name,
    owner,
  ]);
  return rows.length === 1;
};

export const selectLockHolder = async (db: Queryable, name: string): Promise<LockHolder | undefined> => {
  const { rows } = await db.query<LockHolder>(
    `SELECT owner, owner_host AS "ownerHost",
            (extract(epoch FROM clock_timestamp() - acquired_at) * 1000)::double precision AS "heldMs",
            (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::double precision AS "expiresInMs"
     FROM weir_lock WHERE name = $1`,
    [name],
  );
  return rows[0];
};
