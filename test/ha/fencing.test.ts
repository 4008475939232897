/**
 * A node cut off from the database while the rest of the cluster reaches it: node A reaches
 * PostgreSQL through a TCP proxy the test controls, and the test cuts it (every connection
 * dropped, new ones refused) for several seconds while A and B work off a load, then lets A
 * back. A must fence itself, B must take A's jobs over once A's heartbeat is stale, and back
 * in touch A must not run again what B has taken: no job runs on both at once or is counted
 * twice.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT, startNodeProcess } from '../helpers/node-process.ts';
import { startOwnPostgres } from '../helpers/own-postgres.ts';
import type { OwnPostgres } from '../helpers/own-postgres.ts';
import { deployTwoAsyncTasks, prepareDelegates, startInstancesThroughNodes, waitUntil } from './harness.ts';
import type { FaultSetup } from './harness.ts';
import { readFile } from 'node:fs/promises';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';
import type { TcpProxy } from '../helpers/tcp-proxy.ts';

const INSTANCES = 300;
/** The node-process helper's `weir.node-stale-after`. */
const STALE_AFTER_MS = 2_000;
const CUT_MS = 4_000;

let server: OwnPostgres | undefined;
let setup: FaultSetup | undefined;
let proxy: TcpProxy | undefined;

afterEach(async () => {
  await cleanUpNodeProcesses();
  await proxy?.close();
  proxy = undefined;
  await server?.remove();
  await setup?.folder.remove();
  server = setup = undefined;
});

const count = async (pg: OwnPostgres, sql: string): Promise<number> =>
  Number(Object.values((await pg.query<Record<string, unknown>>(sql))[0])[0]);

interface Run {
  readonly pid: number;
  readonly job: string;
  readonly from: number;
  readonly to: number;
}

describe('a node cut off from the database', () => {
  it(
    'fences itself before the others take its jobs; its jobs run elsewhere, none on two nodes at once, none counted twice',
    async () => {
      server = await startOwnPostgres();
      setup = await prepareDelegates();
      const pg = server;
      // A slower countUp, so that jobs are in flight when the cut comes; it logs start and end.
      const timedRuns = join(setup.folder.path, 'timed-runs.log');
      await writeFile(timedRuns, '');
      await writeFile(
        join(setup.folder.path, 'countUp.mjs'),
        `import { appendFileSync } from 'node:fs';
export const countUp = async (execution) => {
  const from = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 250));
  execution.setVariable('count', (execution.getVariable('count') ?? 0) + 1);
  appendFileSync(${JSON.stringify(timedRuns)}, \`\${process.pid} \${execution.getProcessInstanceId()}/\${execution.getCurrentActivityId()} \${from} \${Date.now()}\\n\`);
};
`,
      );
      proxy = await startTcpProxy(pg.port);
      const viaProxy = pg.url.replace(`:${pg.port}/`, `:${proxy.port}/`);
      const [a, b] = await Promise.all([
        startNodeProcess({ args: setup.nodeArgs('node-a', viaProxy, ['--database.pool-size=6']) }),
        startNodeProcess({ args: setup.nodeArgs('node-b', pg.url, ['--database.pool-size=6']) }),
      ]);
      const exits: string[] = [];
      for (const node of [a, b]) void node.exited.then((exit) => exits.push(`${node.nodeId}: ${exit.code}`));
      await deployTwoAsyncTasks(b.url);
      // The load goes on through B while A is cut off.
      const loading = startInstancesThroughNodes([b.url], INSTANCES, 4);
      const runsOf = async (): Promise<Run[]> =>
        (await readFile(timedRuns, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [pid, job, from, to] = line.split(' ');
            return { pid: Number(pid), job, from: Number(from), to: Number(to) };
          });
      await waitUntil(
        async () => (await runsOf()).filter((run) => run.pid === a.pid).length >= 10,
        30_000,
        'node A to run jobs',
      );

      // Cut A off for CUT_MS, then let it back while B still works off the load.
      const cutAt = Date.now();
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, CUT_MS));
      proxy.restore();
      const left = await count(pg, `SELECT count(*) FROM weir_job`);
      expect((await loading).acknowledged.size).toBe(INSTANCES);

      await waitUntil(
        async () =>
          (await count(pg, `SELECT count(*) FROM weir_hi_process_instance WHERE ended_at IS NULL`)) === 0 &&
          (await count(pg, `SELECT count(*) FROM weir_job`)) === 0,
        60_000,
        'every instance to end',
      );
      const runs = await runsOf();
      const aRuns = runs.filter((run) => run.pid === a.pid);
      // A started nothing once the others could have taken its jobs over.
      const lateOnA = aRuns.filter((run) => run.from > cutAt + STALE_AFTER_MS && run.from < cutAt + CUT_MS);
      expect(lateOnA).toEqual([]);
      expect(a.stdout()).toMatch(/Fenced/);
      // B ran on during the cut, A's jobs included.
      expect(
        runs.some(
          (run) => run.pid === b.pid && run.from > cutAt + STALE_AFTER_MS && run.from < cutAt + CUT_MS,
        ),
      ).toBe(true);
      // No job ran on two nodes at the same time.
      const byJob = new Map<string, Run[]>();
      for (const run of runs) byJob.set(run.job, [...(byJob.get(run.job) ?? []), run]);
      for (const [job, list] of byJob) {
        for (const first of list)
          for (const second of list)
            if (first !== second && first.pid !== second.pid)
              expect(first.to <= second.from || second.to <= first.from, `job ${job} overlapped`).toBe(true);
      }
      // Every step counted exactly once, in the instances' own transactions.
      expect(byJob.size).toBe(2 * INSTANCES);
      expect(
        await count(
          pg,
          `SELECT count(*) FROM weir_hi_variable_instance WHERE name = 'count' AND value #>> '{}' = '2'`,
        ),
      ).toBe(INSTANCES);
      // A came back while there was work left, so it could have run B's jobs again.
      expect(left).toBeGreaterThan(0);
      expect(exits).toEqual([]);
      // A is back in the cluster and runs jobs again.
      await waitUntil(
        async () => (await fetch(`${a.url}/actuator/health`)).status === 200,
        20_000,
        'A healthy',
      );
      expect(a.stdout()).toMatch(/fence is lifted/);
    },
    PROCESS_TEST_TIMEOUT * 2,
  );
});
