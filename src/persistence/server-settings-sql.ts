/**
 * Server settings Weir depends on without owning them: read at boot so that a node can say
 * when the database is set up in a way that will make it slow.
 */
import type { Database } from './database.ts';

const AUTOVACUUM_OFF =
  "PostgreSQL's autovacuum is off: the statistics of Weir's tables are never refreshed, so plans made while a table was small stay in use as it grows, and dead job rows are never reclaimed; turn it on (ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf()) or run VACUUM ANALYZE regularly";

/** What to warn about in the server's settings, keyed by setting (none on PGlite, which has no autovacuum). */
export const serverSettingWarnings = async (
  db: Database,
): Promise<{ setting: string; message: string }[]> => {
  if (db.kind !== 'postgres') return [];
  const { rows } = await db.query<{ on: boolean }>(
    `SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`,
  );
  return rows[0]?.on === false ? [{ setting: 'autovacuum', message: AUTOVACUUM_OFF }] : [];
};
