/**
 * Scratch databases on the local PostgreSQL server: every scenario gets a fresh one, dropped
 * when it ends. Weir's scenarios clone a template migrated once per run, so each starts from
 * the same empty schema without paying for the migrations again. Names carry the pid of the
 * bench that made them, so a run drops what crashed runs left behind and nothing else.
 */
import pg from 'pg';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { applyPendingMigrations, loadMigrations } from '../../src/persistence/migrate.ts';

/** The server to measure; trust auth as user postgres unless told otherwise. */
export const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const urlOf = (database: string): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const prefix = 'weir_bench_';

export const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'weir bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const dropNamed = (name: string) =>
  withAdmin(async (client) => {
    // FORCE: a node process killed on purpose may still hold connections for a moment.
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

/** A new empty database (or a clone of `template`) named for the scenario. */
export const createScratchDatabase = async (label: string, template?: string): Promise<ScratchDatabase> => {
  const name = `${prefix}${process.pid}_${label.replace(/[^a-z0-9]/g, '_')}`;
  await dropNamed(name);
  await withAdmin((client) =>
    client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`),
  );
  return { name, url: urlOf(name), drop: () => dropNamed(name) };
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Drop the databases of bench runs whose process is gone. */
export const dropOrphanedDatabases = (): Promise<void> =>
  withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'weir\\_bench\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^weir_bench_(?:template_)?(\d+)/.exec(datname)?.[1]);
      if (pid && !isAlive(pid)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });

/** The Weir schema, migrated once per run; scenarios clone it. */
export const createWeirTemplate = async (): Promise<ScratchDatabase> => {
  const template = await createScratchDatabase('template');
  const db = openPostgresDatabase({ url: template.url, poolSize: 1, applicationName: 'weir bench' });
  try {
    await applyPendingMigrations(db, await loadMigrations());
  } finally {
    await db.close();
  }
  return template;
};

export const serverVersion = (): Promise<string> =>
  withAdmin(
    async (client) =>
      (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
  );
