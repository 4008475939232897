/**
 * Local first is not local only: a node locks only the jobs its runners start at once, and
 * leaves the rest unlocked in the database for idle nodes, which NOTIFY wakes at once. Three
 * real nodes with eight runners each; 24 slow jobs created through one of them must run on
 * all three at the same time, eight each, instead of queueing on the node that made them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT, startNodeProcess } from '../helpers/node-process.ts';

const JOBS = 24;
const SLOW_MS = 3_000;
const ADMIN = { user: 'admin', password: 'no-hoarding-secret' };
const authorization = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;

let database: ScratchDatabase | undefined;
let folder: ScratchFolder | undefined;

afterEach(async () => {
  await cleanUpNodeProcesses();
  await database?.drop();
  await folder?.remove();
  database = folder = undefined;
});

describe('three nodes with eight runners each', () => {
  it(
    `run ${JOBS} slow jobs created through one node on all three at once, eight each`,
    async () => {
      database = await clonePostgresDatabase();
      folder = await createTempFolder('weir-hoarding-');
      const runsFile = join(folder.path, 'runs.log');
      await writeFile(runsFile, '');
      await writeFile(
        join(folder.path, 'slowWork.mjs'),
        `import { appendFileSync } from 'node:fs';
export const slowWork = async () => {
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ${SLOW_MS}));
  appendFileSync(${JSON.stringify(runsFile)}, \`\${process.pid} \${started} \${Date.now()}\\n\`);
};
`,
      );
      const args = (id: string) => [
        `--database.url=${database!.url}`,
        `--weir.node-id=${id}`,
        `--weir.delegates-path=${folder!.path}`,
        `--flowable.rest.app.admin.user-id=${ADMIN.user}`,
        `--flowable.rest.app.admin.password=${ADMIN.password}`,
        '--flowable.process.async.executor.max-pool-size=8',
        '--flowable.process.async.executor.core-pool-size=8',
        // Eight jobs hold a connection each for three seconds, plus requests and acquisition.
        '--database.pool-size=11',
      ];
      const nodes = await Promise.all(
        ['node-a', 'node-b', 'node-c'].map((id) => startNodeProcess({ args: args(id) })),
      );
      const [creator] = nodes;

      const form = new FormData();
      const bpmn = await readFile(new URL('../fixtures/bpmn/jobs-one-slow-task.bpmn20.xml', import.meta.url));
      form.append('file', new Blob([bpmn], { type: 'text/xml' }), 'jobs-one-slow-task.bpmn20.xml');
      const deployed = await fetch(`${creator.url}/process-api/repository/deployments`, {
        method: 'POST',
        headers: { authorization },
        body: form,
      });
      expect(deployed.status).toBe(201);

      const started = Date.now();
      const starts = await Promise.all(
        Array.from({ length: JOBS }, () =>
          fetch(`${creator.url}/process-api/runtime/process-instances`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ processDefinitionKey: 'oneSlowTask' }),
          }),
        ),
      );
      expect(starts.map((response) => response.status)).toEqual(Array(JOBS).fill(201));

      const deadline = Date.now() + 60_000;
      let lines: string[] = [];
      while (lines.length < JOBS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        lines = (await readFile(runsFile, 'utf8')).split('\n').filter(Boolean);
      }
      const runs = lines.map((line) => {
        const [pid, from, to] = line.split(' ').map(Number);
        return { pid, from, to };
      });
      expect(runs).toHaveLength(JOBS);
      const perNode = new Map<number, number>();
      for (const run of runs) perNode.set(run.pid, (perNode.get(run.pid) ?? 0) + 1);
      // Eight on each node: the creator kept only what its runners could start.
      expect([...perNode.entries()].sort()).toEqual(nodes.map((node) => [node.pid, 8]).sort());
      // All 24 ran at the same time: the last to start began before the first to end ended.
      const lastStart = Math.max(...runs.map((run) => run.from));
      const firstEnd = Math.min(...runs.map((run) => run.to));
      expect(lastStart).toBeLessThan(firstEnd);
      if (process.env.JOBS_TEST_REPORT) {
        console.info(
          `${JOBS} jobs of ${SLOW_MS} ms ended ${Math.max(...runs.map((r) => r.to)) - started} ms after the first start`,
        );
      }
    },
    PROCESS_TEST_TIMEOUT,
  );
});
