/**
 * The embedded counterpart of the template database: a migrated PGlite data folder, copied
 * for each test that needs one. Creating a PGlite folder runs initdb (seconds); copying one
 * takes a fraction of that. The folder is cached in `.weir-test/` across runs under a hash of
 * the PGlite version and the migrations, so it is rebuilt only when one of them changes.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedDatabase } from '../../src/persistence/embedded.ts';
import { applyPendingMigrations, loadMigrations } from '../../src/persistence/migrate.ts';

const cacheFolder = fileURLToPath(new URL('../../.weir-test/', import.meta.url));

/** Old caches are removed, but not ones so young that a concurrent run may be copying them. */
const KEEP_OLD_CACHE_MS = 60 * 60_000;

const fingerprint = async (): Promise<string> => {
  const hash = createHash('sha256');
  const pglite = fileURLToPath(
    new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
  );
  hash.update(JSON.parse(await readFile(pglite, 'utf8')).version);
  for (const migration of await loadMigrations()) hash.update(migration.file).update(migration.sql);
  return hash.digest('hex').slice(0, 16);
};

const removeOldCaches = async (keep: string) => {
  for (const name of await readdir(cacheFolder)) {
    const path = join(cacheFolder, name);
    if (!name.startsWith('embedded-template-') || path === keep) continue;
    const age = Date.now() - (await stat(path)).mtimeMs;
    if (age > KEEP_OLD_CACHE_MS) await rm(path, { recursive: true, force: true });
  }
};

/** The path of a migrated embedded data folder; built when missing. */
export const prepareEmbeddedTemplate = async (): Promise<string> => {
  await mkdir(cacheFolder, { recursive: true });
  const template = join(cacheFolder, `embedded-template-${await fingerprint()}`);
  const ready = await stat(template).then(
    () => true,
    () => false,
  );
  if (!ready) {
    // Built aside and renamed into place, so a concurrent run never copies a half-built one.
    const building = `${template}.building-${process.pid}`;
    await rm(building, { recursive: true, force: true });
    const db = await openEmbeddedDatabase({ path: building });
    try {
      await applyPendingMigrations(db, await loadMigrations());
    } finally {
      await db.close();
    }
    await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
  }
  await removeOldCaches(template);
  return template;
};

export const copyEmbeddedTemplate = (template: string, destination: string): Promise<void> =>
  cp(template, destination, { recursive: true });
