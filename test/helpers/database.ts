/**
 * Databases for tests, always real ones. PostgreSQL: a clone of the run's migrated template
 * (`CREATE DATABASE ... TEMPLATE`), one per test file, dropped afterwards. Embedded: a copy of
 * the migrated PGlite template folder in a temporary directory. `forEachDatabase` runs one
 * suite on both, so engine behaviour is pinned on each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Database, DatabaseKind } from '../../src/persistence/database.ts';
import { openEmbeddedDatabase } from '../../src/persistence/embedded.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { copyEmbeddedTemplate } from './embedded-template.ts';
import { createDatabase, dropDatabase, newDatabaseName, urlOf } from './postgres-admin.ts';

export { adminUrl, urlOf, withAdmin } from './postgres-admin.ts';

export type TestDatabaseKind = DatabaseKind;

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export interface ScratchFolder {
  readonly path: string;
  remove(): Promise<void>;
}

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly db: Database;
  /** PostgreSQL only: the connection string of this test's database. */
  readonly url?: string;
  /** Embedded only: the data folder. */
  readonly path?: string;
  /** Close the database and drop (or delete) it. */
  close(): Promise<void>;
}

const scratch = async (name: string, template?: string): Promise<ScratchDatabase> => {
  await createDatabase(name, template);
  return { name, url: urlOf(name), drop: () => dropDatabase(name) };
};

/** A PostgreSQL database with the current schema, cloned from the run's template. */
export const clonePostgresDatabase = (): Promise<ScratchDatabase> =>
  scratch(newDatabaseName(), inject('weirTemplateDatabase'));

/** An empty PostgreSQL database, for tests of what boot does to a fresh database. */
export const createEmptyPostgresDatabase = (): Promise<ScratchDatabase> => scratch(newDatabaseName());

export const createTempFolder = async (prefix = 'weir-test-'): Promise<ScratchFolder> => {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
};

/** A folder holding `data/`, an embedded data folder with the current schema. */
export const copyEmbeddedDataFolder = async (): Promise<ScratchFolder & { readonly dataPath: string }> => {
  const folder = await createTempFolder('weir-embedded-');
  const dataPath = join(folder.path, 'data');
  await copyEmbeddedTemplate(inject('weirEmbeddedTemplate'), dataPath);
  return { ...folder, dataPath };
};

/** A migrated database of the given kind, opened in this process. */
export const openTestDatabase = async (kind: DatabaseKind, poolSize = 5): Promise<TestDatabase> => {
  if (kind === 'postgres') {
    const database = await clonePostgresDatabase();
    const db = openPostgresDatabase({ url: database.url, poolSize });
    return {
      kind,
      db,
      url: database.url,
      close: () => db.close().finally(() => database.drop()),
    };
  }
  const folder = await copyEmbeddedDataFolder();
  const db = await openEmbeddedDatabase({ path: folder.dataPath });
  return { kind, db, path: folder.dataPath, close: () => db.close().finally(() => folder.remove()) };
};

/**
 * Declare `suite` once per database kind (`describe('on postgres')`, `describe('on
 * embedded')`), each with its own migrated database for the whole block. Inside, `db()` is
 * that database.
 */
export const forEachDatabase = (
  suite: (db: () => Database, kind: DatabaseKind) => void,
  kinds: readonly DatabaseKind[] = ['postgres', 'embedded'],
): void => {
  for (const kind of kinds) {
    describe(`on ${kind}`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(kind);
      });
      afterAll(() => database?.close());
      suite(() => {
        if (!database) throw new Error('The test database is not open yet (use db() inside tests or hooks)');
        return database.db;
      }, kind);
    });
  }
};
