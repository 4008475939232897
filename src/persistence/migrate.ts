/**
 * Schema migrations: the numbered plain-SQL files of `./migrations` (`001-foundation.sql`,
 * `002-engine.sql`, ...), applied in order, forward only, each in its own transaction and
 * recorded in `weir_migration`. A file, once released, is never edited: a change is a new file.
 *
 * Booting nodes coordinate through the cluster lock `weirSchemaLock` (see
 * `cluster/schema-migration.ts`). That lock lives in a table created by the first migration,
 * so each migration also takes a PostgreSQL advisory lock inside its own transaction: it makes
 * applying one file race-free on its own, including the file that creates the lock table.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WeirError } from '../errors.ts';
import type { Database, Queryable } from './database.ts';

export interface Migration {
  readonly id: number;
  /** `foundation` for `001-foundation.sql`. */
  readonly name: string;
  readonly file: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^(\d+)-([a-z0-9][a-z0-9-]*)\.sql$/;

/**
 * The advisory lock key pair: 0x57454952 spells "WEIR", 1 is the schema. Held until the
 * migration's transaction ends, so a crashed migrator never leaves it behind.
 */
const ADVISORY_LOCK = 'SELECT pg_advisory_xact_lock(1464158546, 1)';

export const migrationsFolder = fileURLToPath(new URL('./migrations/', import.meta.url));

export const loadMigrations = async (folder: string = migrationsFolder): Promise<Migration[]> => {
  const migrations: Migration[] = [];
  for (const file of (await readdir(folder)).filter((f) => f.endsWith('.sql')).sort()) {
    const match = MIGRATION_FILE.exec(file);
    // A misnamed file silently skipped would leave the schema short of it on every database.
    if (!match) {
      throw new WeirError(
        'WEIR_MIGRATION_FAILED',
        `Migration file ${file} is not named like 001-some-name.sql`,
      );
    }
    const id = Number(match[1]);
    const clash = migrations.find((m) => m.id === id);
    if (clash)
      throw new WeirError('WEIR_MIGRATION_FAILED', `Migrations ${clash.file} and ${file} share number ${id}`);
    migrations.push({ id, name: match[2], file, sql: await readFile(`${folder}/${file}`, 'utf8') });
  }
  return migrations.sort((a, b) => a.id - b.id);
};

/**
 * Ids of the migrations applied to this database; none on an empty database.
 *
 * The table's existence is read from `pg_tables`, not with `to_regclass`: right after waiting
 * for the advisory lock, this connection's catalog cache may still remember the table as
 * missing, since it only learns of other sessions' DDL when it next locks a relation. Reading
 * `pg_class` takes such a lock, refreshes the cache and sees the table another node just made.
 */
export const appliedMigrationIds = async (db: Queryable): Promise<number[]> => {
  const { rows } = await db.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables
                    WHERE schemaname = current_schema() AND tablename = 'weir_migration') AS present`,
  );
  if (!rows[0].present) return [];
  const applied = await db.query<{ id: number }>('SELECT id FROM weir_migration ORDER BY id');
  return applied.rows.map((row) => row.id);
};

export const pendingMigrations = (
  migrations: readonly Migration[],
  applied: readonly number[],
): Migration[] => {
  const known = new Set(migrations.map((m) => m.id));
  const unknown = applied.filter((id) => !known.has(id));
  // An older Weir must not run on a schema a newer one has changed under it.
  if (unknown.length > 0) {
    throw new WeirError(
      'WEIR_MIGRATION_FAILED',
      `The database has migration ${unknown.join(', ')}, which this Weir does not know: it was migrated by a newer version`,
    );
  }
  return migrations.filter((m) => !applied.includes(m.id));
};

const lineOf = (sql: string, position: unknown): string => {
  const offset = Number(position);
  return Number.isInteger(offset) && offset > 0 ? ` (line ${sql.slice(0, offset).split('\n').length})` : '';
};

/** Apply one migration in its own transaction; false when another process applied it first. */
export const applyMigration = (db: Database, migration: Migration): Promise<boolean> =>
  db.transaction(async (tx) => {
    await tx.query(ADVISORY_LOCK);
    if ((await appliedMigrationIds(tx)).includes(migration.id)) return false;
    try {
      await tx.exec(migration.sql);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const where = lineOf(migration.sql, (error as { position?: unknown }).position);
      throw new WeirError('WEIR_MIGRATION_FAILED', `Migration ${migration.file} failed${where}: ${reason}`, {
        cause: error,
      });
    }
    await tx.query('INSERT INTO weir_migration (id, name, applied_at) VALUES ($1, $2, now())', [
      migration.id,
      migration.name,
    ]);
    return true;
  });

export interface ApplyOptions {
  /** Checked between migrations: the caller lost the lock it migrates under. */
  readonly signal?: AbortSignal;
}

/** Apply every pending migration in order; returns those this call applied. */
export const applyPendingMigrations = async (
  db: Database,
  migrations: readonly Migration[],
  options: ApplyOptions = {},
): Promise<Migration[]> => {
  const done: Migration[] = [];
  for (const migration of pendingMigrations(migrations, await appliedMigrationIds(db))) {
    options.signal?.throwIfAborted();
    if (await applyMigration(db, migration)) done.push(migration);
  }
  return done;
};
