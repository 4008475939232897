/**
 * pgbouncer in front of a test's own PostgreSQL (`own-postgres.ts`), in the pooling mode the
 * test asks for, on a free port. As root it runs as the `postgres` user (pgbouncer refuses
 * root). Trust authentication, one pool per database, a small server pool so that client
 * connections really share server connections.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort } from './ports.ts';
import type { OwnPostgres } from './own-postgres.ts';

export interface OwnPgbouncer {
  readonly port: number;
  /** URL of the database `weir` through the pooler. */
  readonly url: string;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export const startOwnPgbouncer = async (
  server: OwnPostgres,
  mode: 'transaction' | 'session',
  serverPoolSize = 6,
): Promise<OwnPgbouncer> => {
  const folder = await mkdtemp(join(tmpdir(), 'weir-pgbouncer-'));
  const port = await freePort();
  const config = join(folder, 'pgbouncer.ini');
  await writeFile(join(folder, 'users.txt'), '"postgres" ""\n');
  await writeFile(
    config,
    [
      '[databases]',
      `weir = host=127.0.0.1 port=${server.port} dbname=weir user=postgres`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${folder}`,
      'auth_type = trust',
      `auth_file = ${join(folder, 'users.txt')}`,
      `pool_mode = ${mode}`,
      `default_pool_size = ${serverPoolSize}`,
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits',
      `logfile = ${join(folder, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const path of [folder, config, join(folder, 'users.txt')]) await chown(path, uid, gid);
  }
  const [file, args] = asRoot
    ? // setpriv execs pgbouncer in its own place (runuser would fork, and a kill would orphan it).
      ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '/usr/sbin/pgbouncer', config]]
    : ['/usr/sbin/pgbouncer', [config]];
  const child: ChildProcess = spawn(file, args, { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not come up on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/weir`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
};
