import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { clonePostgresDatabase, createEmptyPostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { loadMigrations, migrationsFolder } from '../../src/persistence/migrate.ts';
import type { Migration } from '../../src/persistence/migrate.ts';
import { migrateSchema, SCHEMA_LOCK } from '../../src/cluster/schema-migration.ts';
import { tryAcquireLock } from '../../src/cluster/locks.ts';
import type { Database } from '../../src/persistence/database.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const open = (database: ScratchDatabase, poolSize = 2): Database => {
  const db = openPostgresDatabase({ url: database.url, poolSize });
  cleanup.push(() => db.close());
  return db;
};

const emptyDatabase = async () => {
  const database = await createEmptyPostgresDatabase();
  cleanup.push(() => database.drop());
  return database;
};

const migrationRows = async (db: Database) =>
  (await db.query<{ id: number; name: string }>('SELECT id, name FROM weir_migration ORDER BY id')).rows;

const owner = (id: string) => ({ id, host: 'test-host' });

describe('migration files', () => {
  test('the runner picks up every numbered file of the migrations folder, in order', async () => {
    const files = (await readdir(migrationsFolder)).filter((f) => f.endsWith('.sql')).sort();
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.file)).toEqual(files);
    expect(migrations[0]).toMatchObject({ id: 1, name: 'foundation', file: '001-foundation.sql' });
  });

  test('a misnamed file in the folder stops the runner instead of being skipped', async () => {
    const folder = await createTempFolder();
    cleanup.push(() => folder.remove());
    await writeFile(join(folder.path, '001-foundation.sql'), 'SELECT 1;');
    await writeFile(join(folder.path, 'add-tables.sql'), 'SELECT 1;');
    await expect(loadMigrations(folder.path)).rejects.toThrow(
      'Migration file add-tables.sql is not named like 001-some-name.sql',
    );
  });

  test('two files with one number stop the runner', async () => {
    const folder = await createTempFolder();
    cleanup.push(() => folder.remove());
    await mkdir(folder.path, { recursive: true });
    await writeFile(join(folder.path, '002-a.sql'), 'SELECT 1;');
    await writeFile(join(folder.path, '002-b.sql'), 'SELECT 1;');
    await expect(loadMigrations(folder.path)).rejects.toThrow(
      'Migrations 002-a.sql and 002-b.sql share number 2',
    );
  });
});

describe('migrating the schema', () => {
  test('an empty database gets every migration, each recorded once', async () => {
    const db = open(await emptyDatabase());
    const applied = await migrateSchema(db, owner('node-a'));
    const all = await loadMigrations();
    expect(applied.map((m) => m.file)).toEqual(all.map((m) => m.file));
    expect(await migrationRows(db)).toEqual(all.map((m) => ({ id: m.id, name: m.name })));
  });

  test('a current database is left alone, without taking the schema lock', async () => {
    const database = await clonePostgresDatabase();
    cleanup.push(() => database.drop());
    const db = open(database);
    // Another node holding the lock would make a waiting migrator time out at once.
    expect(await tryAcquireLock(db, SCHEMA_LOCK, owner('other'), { lease: 60_000 })).toBe(true);
    expect(await migrateSchema(db, owner('node-a'), { wait: 0 })).toEqual([]);
  });

  test('six connections migrating one empty database at once apply each migration exactly once', async () => {
    const database = await emptyDatabase();
    const nodes = Array.from({ length: 6 }, () => open(database, 1));
    const results = await Promise.all(nodes.map((db, i) => migrateSchema(db, owner(`node-${i}`))));
    const all = await loadMigrations();
    expect(
      results
        .flat()
        .map((m) => m.file)
        .sort(),
    ).toEqual(all.map((m) => m.file).sort());
    expect(await migrationRows(nodes[0])).toEqual(all.map((m) => ({ id: m.id, name: m.name })));
  });

  test('a failing migration rolls back entirely and names its file and line', async () => {
    const db = open(await emptyDatabase());
    const [foundation] = await loadMigrations();
    const broken: Migration = {
      id: 2,
      name: 'broken',
      file: '002-broken.sql',
      sql: 'CREATE TABLE half_done (a int);\nCREATE TABLE broken (a nonsense_type);\n',
    };
    await expect(
      migrateSchema(db, owner('node-a'), { migrations: [foundation, broken] }),
    ).rejects.toMatchObject({
      code: 'WEIR_MIGRATION_FAILED',
      message: expect.stringMatching(
        /^Migration 002-broken\.sql failed \(line 2\): type "nonsense_type" does not exist/,
      ),
    });
    expect(await migrationRows(db)).toEqual([{ id: 1, name: 'foundation' }]);
    const table = await db.query(`SELECT to_regclass('half_done') AS t`);
    expect(table.rows[0]).toEqual({ t: null });
    // The lock was released on the way out: the next attempt does not wait for it.
    expect(await tryAcquireLock(db, SCHEMA_LOCK, owner('next'), { lease: 1000 })).toBe(true);
  });

  test('a database migrated by a newer Weir is refused', async () => {
    const database = await clonePostgresDatabase();
    cleanup.push(() => database.drop());
    const db = open(database);
    await db.query(
      `INSERT INTO weir_migration (id, name, applied_at) VALUES (999, 'from-the-future', now())`,
    );
    await expect(migrateSchema(db, owner('node-a'))).rejects.toMatchObject({
      code: 'WEIR_MIGRATION_FAILED',
      message: expect.stringContaining('has migration 999, which this Weir does not know'),
    });
  });

  test('a node finding the schema lock held waits, then times out naming the holder', async () => {
    const db = open(await emptyDatabase());
    const [foundation] = await loadMigrations();
    const next: Migration = { id: 2, name: 'next', file: '002-next.sql', sql: 'CREATE TABLE next (a int);' };
    // The foundation creates the lock table; everything after it migrates under the lock.
    await migrateSchema(db, owner('setup'), { migrations: [foundation] });
    await tryAcquireLock(db, SCHEMA_LOCK, { id: 'node-b', host: 'host-b' }, { lease: 60_000 });
    const started = Date.now();
    await expect(
      migrateSchema(db, owner('node-a'), { migrations: [foundation, next], wait: 300 }),
    ).rejects.toMatchObject({
      code: 'WEIR_LOCK_TIMEOUT',
      message: expect.stringMatching(/waiting for cluster lock weirSchemaLock: held by node-b on host-b/),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await migrationRows(db)).toEqual([{ id: 1, name: 'foundation' }]);
  });
});
