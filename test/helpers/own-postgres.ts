/**
 * A PostgreSQL server of a test's own, for fault tests that restart, stop or cut off the
 * database: never the machine's shared server on 5432, which every other test file uses.
 * `initdb` into a temporary folder, started with `pg_ctl` on a free port, removed at the end.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.ts';

const run = promisify(execFile);

const binFolder = async (): Promise<string> => {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries in /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
};

export interface OwnPostgres {
  readonly port: number;
  /** URL of the database `weir` on this server. */
  readonly url: string;
  readonly dataDir: string;
  /** `pg_ctl restart -m fast`: every connection is terminated, the server comes back. */
  restart(): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** A query as the superuser on database `weir`, on a connection of its own. */
  query<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  remove(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

export const startOwnPostgres = async (): Promise<OwnPostgres> => {
  const bin = await binFolder();
  const folder = await mkdtemp(join(tmpdir(), 'weir-own-pg-'));
  const dataDir = join(folder, 'data');
  const port = await freePort();
  const exec = async (command: string, args: string[], timeout = 60_000) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    return run(file, argv, { timeout });
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(folder, Number(stdout.trim()), Number(gid.trim()));
  }
  await exec('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c max_connections=100',
  ].join(' ');
  const pgCtl = (...args: string[]) =>
    exec('pg_ctl', ['-D', dataDir, '-l', join(folder, 'server.log'), ...args]);
  const start = async () => {
    await pgCtl('-o', options, '-w', '-t', '60', 'start');
  };
  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE weir');
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:${port}/weir`;

  return {
    port,
    url,
    dataDir,
    restart: async () => {
      await pgCtl('-o', options, '-m', 'fast', '-w', '-t', '60', 'restart');
    },
    stop: async (mode = 'fast') => {
      await pgCtl('-m', mode, '-w', '-t', '60', 'stop');
    },
    start,
    async query<Row extends object>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Row[];
      } finally {
        await client.end();
      }
    },
    remove: async () => {
      await pgCtl('-m', 'immediate', '-w', '-t', '30', 'stop').catch(() => {});
      await rm(folder, { recursive: true, force: true });
    },
  };
};
