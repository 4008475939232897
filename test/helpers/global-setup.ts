/**
 * Once per test run, before any test file: check PostgreSQL answers, drop what crashed runs
 * left behind, migrate the template database every test file clones, and make sure the
 * migrated embedded template folder exists. Dropped again at the end of the run.
 */
import type { TestProject } from 'vitest/node';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { applyPendingMigrations, loadMigrations } from '../../src/persistence/migrate.ts';
import { prepareEmbeddedTemplate } from './embedded-template.ts';
import {
  adminUrl,
  createDatabase,
  dropDatabase,
  dropOrphanedDatabases,
  templateNameFor,
  urlOf,
  withAdmin,
} from './postgres-admin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PostgreSQL database each test file clones. */
    weirTemplateDatabase: string;
    /** The migrated embedded data folder tests copy. */
    weirEmbeddedTemplate: string;
  }
}

const migrateTemplate = async (name: string) => {
  await createDatabase(name);
  const db = openPostgresDatabase({ url: urlOf(name), poolSize: 1 });
  try {
    await applyPendingMigrations(db, await loadMigrations());
  } finally {
    await db.close();
  }
};

export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  await withAdmin(async () => {}).catch((error: unknown) => {
    throw new Error(
      `PostgreSQL at ${adminUrl} does not answer (${error instanceof Error ? error.message : String(error)}); the tests need it: start it, or set TEST_POSTGRES_URL`,
    );
  });
  await dropOrphanedDatabases();
  const template = templateNameFor(process.pid);
  await dropDatabase(template);
  const [, embeddedTemplate] = await Promise.all([migrateTemplate(template), prepareEmbeddedTemplate()]);
  project.provide('weirTemplateDatabase', template);
  project.provide('weirEmbeddedTemplate', embeddedTemplate);
  return () => dropDatabase(template);
};
