import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { clonePostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT, runWeir } from '../helpers/node-process.ts';
import { freePortRange } from '../helpers/ports.ts';
import { ADMIN_FLAGS, call } from './harness.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const scratch: ScratchDatabase[] = [];
// The working folders made for the `weir` processes go too.
afterAll(async () => {
  await cleanUpNodeProcesses();
  await Promise.all(scratch.map((database) => database.drop()));
});

test('weir cluster without DATABASE_URL says that a cluster needs PostgreSQL, and exits 2', async () => {
  const exit = await runWeir('cluster', { args: ['--nodes', '2'] });
  expect(exit.code).toBe(2);
  expect(exit.stderr).toMatch(/share one PostgreSQL; set DATABASE_URL/);
});

test('weir cluster exits 2 when PostgreSQL does not answer, when nginx is missing, and on a bad --nodes', async () => {
  const unreachable = await runWeir('cluster', {
    env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/weir' },
  });
  expect(unreachable.code).toBe(2);
  expect(unreachable.stderr).toMatch(
    /127\.0\.0\.1:9\/weir does not answer.*start PostgreSQL or fix DATABASE_URL/,
  );

  const database = await clonePostgresDatabase();
  scratch.push(database);
  const noNginx = await runWeir('cluster', {
    env: { DATABASE_URL: database.url },
    args: ['--nginx', '/nonexistent/sbin/nginx'],
  });
  expect(noNginx.code).toBe(2);
  expect(noNginx.stderr).toContain('no nginx at /nonexistent/sbin/nginx');

  const badCount = await runWeir('cluster', { args: ['--nodes', 'many'] });
  expect(badCount.code).toBe(2);
  expect(badCount.stderr).toContain("--nodes must be a whole number from 1 to 16, not 'many'");
});

test(
  'weir cluster --nodes 2 runs two nodes behind nginx on server.port, and stops them all on SIGTERM',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const base = await freePortRange(3);
    const child = spawn(
      `${repoRoot}node_modules/.bin/node`,
      [`${repoRoot}bin/weir.ts`, 'cluster', '--nodes', '2', `--server.port=${base}`, ...ADMIN_FLAGS],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!stdout.includes('Weir cluster is up') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(stdout, stderr).toContain(`nginx at http://localhost:${base}`);

      const overview = await call(`http://127.0.0.1:${base}/actuator/cluster`);
      expect(overview.status).toBe(200);
      const ports = overview
        .json<{ nodes: { port: number }[] }>()
        .nodes.map((node) => node.port)
        .sort();
      expect(ports).toEqual([base + 1, base + 2]);
      // Node lines are relayed with their name.
      expect(stdout).toMatch(/^\[node-1\] \{/m);
      expect(stdout).toMatch(/^\[node-2\] \{/m);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('Weir cluster stopped');
    for (const port of [base, base + 1, base + 2]) {
      await expect(fetch(`http://127.0.0.1:${port}/actuator/health`)).rejects.toThrow();
    }
  },
  PROCESS_TEST_TIMEOUT,
);
