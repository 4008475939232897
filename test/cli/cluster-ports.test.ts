import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { clonePostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, runWeir } from '../helpers/node-process.ts';
import { freePortRange } from '../helpers/ports.ts';

const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await cleanUpNodeProcesses();
  await Promise.all(scratch.map((database) => database.drop()));
});

const occupy = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

test(
  'weir cluster refuses to start when a port it needs is taken, naming the port, and starts nothing',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const base = await freePortRange(4);
    // What an earlier cluster's leftover node looks like: something on the first node port.
    const squatter = await occupy(base + 2);
    try {
      const result = await runWeir('cluster', {
        args: ['--nodes', '3', `--server.port=${base}`],
        env: { DATABASE_URL: database.url },
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `weir cluster: port ${base + 2} on 127.0.0.1 is in use; the cluster needs ${base} to ${base + 3}: stop what uses it or choose another --server.port\n`,
      );
      // Nothing was left listening on the ports it would have used.
      for (const port of [base, base + 1, base + 3]) {
        await expect(fetch(`http://127.0.0.1:${port}/actuator/health`)).rejects.toThrow();
      }
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  },
  PROCESS_TEST_TIMEOUT,
);
