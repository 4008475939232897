/**
 * Write `schema/schema.sql`: the schema the migrations produce, as `pg_dump` prints it, so a
 * review shows every schema change as a diff. `--check` compares instead of writing and fails
 * when the committed file is stale (CI runs it).
 *
 * Migrates a scratch database on the local PostgreSQL (`SCHEMA_DUMP_DATABASE_URL`, default
 * postgres://postgres@127.0.0.1:5432/postgres), dumps it and drops it.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { openPostgresDatabase } from '../src/persistence/postgres.ts';
import { applyPendingMigrations, loadMigrations } from '../src/persistence/migrate.ts';

const schemaFile = new URL('../schema/schema.sql', import.meta.url);
const adminUrl = process.env.SCHEMA_DUMP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const check = process.argv.includes('--check');

const urlFor = (database: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/**
 * Keep only what describes the schema: drop comments, `SET` and `set_config` lines, and the
 * `\restrict` lines newer pg_dump versions add with a random key, all of which change between
 * runs or versions without the schema changing.
 */
const cleanDump = (dump: string): string =>
  dump
    .split('\n')
    .filter((line) => !/^(--|SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict)/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .concat('\n');

const dumpSchema = async (): Promise<string> => {
  const scratch = `weir_schema_dump_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.query(`CREATE DATABASE ${scratch}`);
    const db = openPostgresDatabase({ url: urlFor(scratch), poolSize: 1 });
    try {
      await applyPendingMigrations(db, await loadMigrations());
    } finally {
      await db.close();
    }
    const { stdout } = await promisify(execFile)(
      'pg_dump',
      ['--schema-only', '--no-owner', '--no-privileges', `--dbname=${urlFor(scratch)}`],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return cleanDump(stdout);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  }
};

const schema = await dumpSchema();
if (check) {
  const committed = await readFile(schemaFile, 'utf8').catch(() => '');
  if (committed !== schema) {
    process.stderr.write('schema/schema.sql is stale: run `npm run schema:dump` and commit the result\n');
    process.exit(1);
  }
  process.stdout.write('schema/schema.sql matches the migrations\n');
} else {
  await mkdir(new URL('.', schemaFile), { recursive: true });
  await writeFile(schemaFile, schema);
  process.stdout.write('Wrote schema/schema.sql\n');
}
