/**
 * Migrating the schema at boot, once per cluster: every node runs this, and the cluster lock
 * `weirSchemaLock` makes the others wait while one migrates, then find nothing left to do.
 */
import { WeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import {
  applyMigration,
  applyPendingMigrations,
  appliedMigrationIds,
  loadMigrations,
  pendingMigrations,
} from '../persistence/migrate.ts';
import type { Migration } from '../persistence/migrate.ts';
import { withLock } from './locks.ts';
import type { LockOwner } from './locks.ts';

export const SCHEMA_LOCK = 'weirSchemaLock';

/** The migration that creates the lock table itself. */
const FOUNDATION = 1;

/**
 * Long enough that a busy database does not make a live migrator lose the lock between two
 * extensions; short enough that a migrator killed mid-way holds up the next boot by half a
 * minute at most (its advisory lock and transaction die with its connection at once).
 */
const SCHEMA_LOCK_LEASE_MS = 30_000;

/** As Flowable's schema lock wait: a migration that takes longer than this needs a human. */
const SCHEMA_LOCK_WAIT_MS = 5 * 60_000;

export interface MigrateSchemaOptions {
  readonly migrations?: readonly Migration[];
  readonly lease?: number;
  readonly wait?: number;
}

/** Bring the schema up to date; returns the migrations this call applied (none when current). */
export const migrateSchema = async (
  db: Database,
  owner: LockOwner,
  options: MigrateSchemaOptions = {},
): Promise<Migration[]> => {
  const migrations = options.migrations ?? (await loadMigrations());
  const foundation = migrations.find((m) => m.id === FOUNDATION);
  if (!foundation) throw new WeirError('WEIR_MIGRATION_FAILED', 'Migration 001 (the foundation) is missing');

  const applied: Migration[] = [];
  // The lock table does not exist before the foundation migration, so that one runs without
  // the named lock; the advisory lock inside `applyMigration` serialises it on its own.
  if (!(await appliedMigrationIds(db)).includes(FOUNDATION) && (await applyMigration(db, foundation))) {
    applied.push(foundation);
  }
  // Nothing pending, nothing to wait for: a restart of a current cluster never queues on the lock.
  if (pendingMigrations(migrations, await appliedMigrationIds(db)).length === 0) return applied;

  const lease = options.lease ?? SCHEMA_LOCK_LEASE_MS;
  const waitUntil = Date.now() + (options.wait ?? SCHEMA_LOCK_WAIT_MS);
  const rest = await withLock(db, SCHEMA_LOCK, owner, { lease, waitUntil }, (signal) =>
    applyPendingMigrations(db, migrations, { signal }),
  );
  return [...applied, ...rest];
};

/**
 * For `flowable.database-schema-update=false`: boot only on a schema that needs nothing, so
 * that schema changes happen when an operator runs `weir migrate`, not when a node restarts.
 */
export const checkSchemaCurrent = async (db: Database): Promise<void> => {
  const pending = pendingMigrations(await loadMigrations(), await appliedMigrationIds(db));
  if (pending.length === 0) return;
  throw new WeirError(
    'WEIR_SCHEMA_NOT_CURRENT',
    `The database schema is not current (${pending.length} migrations pending, from ${pending[0].file}) and flowable.database-schema-update=false forbids migrating at boot: run 'weir migrate' first`,
  );
};
