/**
 * Server settings Weir depends on without owning them: read at boot so that a node can say
 * when the database is set up in a way that will make it slow.
 */
import type { Queryable } from './database.ts';

/** Whether PostgreSQL's autovacuum launcher is on (`autovacuum` and `track_counts` both). */
export const selectAutovacuumOn = async (db: Queryable): Promise<boolean> => {
  const { rows } = await db.query<{ on: boolean }>(
    `SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`,
  );
  return rows[0]?.on ?? true;
};
