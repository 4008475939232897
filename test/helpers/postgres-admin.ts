/**
 * Creating and dropping the per-run and per-file PostgreSQL databases of the test suite, on
 * the server at `TEST_POSTGRES_URL` (default: the local one, trust auth). Names carry the pid
 * of the process that made them, so a run can drop what crashed runs left behind without
 * touching the databases of a run going on next to it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const urlOf = (database: string): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

export const templateNameFor = (pid: number): string => `weir_test_template_${pid}`;

export const newDatabaseName = (): string => `weir_test_${process.pid}_${randomBytes(4).toString('hex')}`;

const OWNED = /^weir_test_(?:template_)?(\d+)/;

export const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'weir tests' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const createDatabase = (name: string, template?: string): Promise<void> =>
  withAdmin(async (client) => {
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  });

/** FORCE: a test that failed half-way may have left a node connected. */
export const dropDatabase = (name: string): Promise<void> =>
  withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Drop test databases whose creating process is gone. */
export const dropOrphanedDatabases = (): Promise<void> =>
  withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'weir\\_test\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(OWNED.exec(datname)?.[1]);
      if (pid && !isAlive(pid)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
