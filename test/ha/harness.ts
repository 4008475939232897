/**
 * What the database fault tests share: a folder with the counting delegate, the flags that put
 * a real `weir start` process on a given database with a known admin, a REST client that
 * deploys and starts instances through the nodes, and the counts the assertions read.
 *
 * Counting runs honestly, as in the executor tests: the `countUp` delegate adds 1 to the
 * instance variable `count` in the job's own transaction, so a run that was rolled back (or
 * whose connection died before COMMIT) does not count. The delegate also appends a line per run
 * to a file, which is not transactional: it shows runs that were cut off and ran again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createTempFolder } from '../helpers/database.ts';
import { startNodeProcess } from '../helpers/node-process.ts';
import type { ScratchFolder } from '../helpers/database.ts';

export const ADMIN = { user: 'admin', password: 'fault-test-secret' };

export interface FaultSetup {
  readonly folder: ScratchFolder;
  readonly runsFile: string;
  nodeArgs(id: string, databaseUrl: string, extra?: readonly string[]): string[];
}

export const prepareDelegates = async (): Promise<FaultSetup> => {
  const folder = await createTempFolder('weir-fault-');
  const runsFile = join(folder.path, 'runs.log');
  await writeFile(runsFile, '');
  await writeFile(
    join(folder.path, 'countUp.mjs'),
    `import { appendFileSync } from 'node:fs';
export const countUp = (execution) => {
  execution.setVariable('count', (execution.getVariable('count') ?? 0) + 1);
  appendFileSync(${JSON.stringify(runsFile)}, \`\${process.pid} \${execution.getProcessInstanceId()} \${execution.getCurrentActivityId()}\\n\`);
};
`,
  );
  return {
    folder,
    runsFile,
    nodeArgs: (id, databaseUrl, extra = []) => [
      `--database.url=${databaseUrl}`,
      `--weir.node-id=${id}`,
      `--weir.delegates-path=${folder.path}`,
      `--flowable.rest.app.admin.user-id=${ADMIN.user}`,
      `--flowable.rest.app.admin.password=${ADMIN.password}`,
      ...extra,
    ],
  };
};

/**
 * Two `weir start` processes on one database URL, and the list of the ones that exited (with
 * the end of their output), which a test expects to stay empty.
 */
export const startTwoNodes = async (setup: FaultSetup, databaseUrl: string) => {
  const nodes = await Promise.all(
    ['node-a', 'node-b'].map((id) =>
      startNodeProcess({ args: setup.nodeArgs(id, databaseUrl, ['--database.pool-size=6']) }),
    ),
  );
  const exits: string[] = [];
  for (const node of nodes)
    void node.exited.then((exit) =>
      exits.push(`${node.nodeId} exited (${exit.code}):\n${(exit.stdout + exit.stderr).slice(-3000)}`),
    );
  return { nodes, exits };
};

const authorization = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;

/** Deploy a fixture of `test/fixtures/bpmn` through a node's REST API. */
export const deployFixture = async (nodeUrl: string, fixture: string): Promise<void> => {
  const bpmn = await readFile(new URL(`../fixtures/bpmn/${fixture}`, import.meta.url));
  const form = new FormData();
  form.append('file', new Blob([bpmn], { type: 'text/xml' }), fixture);
  const response = await fetch(`${nodeUrl}/process-api/repository/deployments`, {
    method: 'POST',
    headers: { authorization },
    body: form,
  });
  if (response.status !== 201)
    throw new Error(`Deploying failed: ${response.status} ${await response.text()}`);
};

/** Two async steps in a row (`twoAsyncTasks`), each counted. */
export const deployTwoAsyncTasks = (nodeUrl: string): Promise<void> =>
  deployFixture(nodeUrl, 'jobs-two-async-tasks.bpmn20.xml');

/** What the load saw: every status by count, and whether every 503 said when to retry. */
export interface LoadReport {
  readonly acknowledged: Set<string>;
  readonly statuses: Map<string, number>;
  readonly unavailableWithoutRetryAfter: number;
}

/**
 * Start `count` instances through the nodes in turn, `concurrency` at a time, each with its own
 * business key. A start that fails for want of the database (503, or the connection refused)
 * is retried after a short pause, as a client following `Retry-After` would. `onAcknowledged`
 * sees the running count, so a test can strike in the middle of the load. Loads run one after
 * the other in one test give their keys different prefixes.
 */
export const startInstancesThroughNodes = async (
  nodeUrls: readonly string[],
  count: number,
  concurrency: number,
  onAcknowledged: (acknowledged: number) => void = () => {},
  processDefinitionKey = 'twoAsyncTasks',
  keyPrefix = 'load',
): Promise<LoadReport> => {
  const acknowledged = new Set<string>();
  const statuses = new Map<string, number>();
  let unavailableWithoutRetryAfter = 0;
  const note = (status: string) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const businessKey = `${keyPrefix}-${index}`;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 200) throw new Error(`Starting ${businessKey} kept failing`);
        const nodeUrl = nodeUrls[(index + attempt) % nodeUrls.length];
        const response = await fetch(`${nodeUrl}/process-api/runtime/process-instances`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ processDefinitionKey, businessKey }),
          signal: AbortSignal.timeout(20_000),
        }).catch((error: unknown) => error as Error);
        if (response instanceof Error) {
          note('network error');
        } else {
          note(String(response.status));
          await response.arrayBuffer();
          if (response.status === 201) {
            acknowledged.add(businessKey);
            onAcknowledged(acknowledged.size);
            break;
          }
          if (response.status !== 503) {
            throw new Error(`Starting ${businessKey} answered ${response.status}`);
          }
          if (!response.headers.get('retry-after')) unavailableWithoutRetryAfter += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { acknowledged, statuses, unavailableWithoutRetryAfter };
};

/** Runs per (instance, activity), from the delegate's file. */
export const readRuns = async (runsFile: string): Promise<Map<string, number>> => {
  const perJob = new Map<string, number>();
  for (const line of (await readFile(runsFile, 'utf8')).split('\n').filter(Boolean)) {
    const [, instance, activity] = line.split(' ');
    perJob.set(`${instance}/${activity}`, (perJob.get(`${instance}/${activity}`) ?? 0) + 1);
  }
  return perJob;
};

export const waitUntil = async (
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<number> => {
  const started = Date.now();
  for (;;) {
    const done = await check().catch(() => false);
    if (done) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** A query on the database the nodes share, on a connection of its own. */
export type Query = <Row extends object>(sql: string, params?: unknown[]) => Promise<Row[]>;

export const countRows = async (query: Query, sql: string): Promise<number> =>
  Number(Object.values((await query<Record<string, unknown>>(sql))[0])[0]);

/**
 * Once a load of `twoAsyncTasks` has run through a fault: every acknowledged start is there and
 * ended, each step was counted exactly once in its instance's own transactions, nothing went to
 * the dead letters, and every step ran (the runs file also shows runs cut off by the fault and
 * run again). A start whose COMMIT was cut off and then retried by the client may exist twice
 * (the docs tell clients to use business keys). Returns the instances and the repeated runs.
 */
export const expectEveryStepOnce = async (
  query: Query,
  acknowledged: ReadonlySet<string>,
  runsFile: string,
): Promise<{ instances: number; repeatedRuns: number }> => {
  await waitUntil(
    async () =>
      (await countRows(query, `SELECT count(*) FROM weir_hi_process_instance WHERE ended_at IS NULL`)) ===
        0 && (await countRows(query, `SELECT count(*) FROM weir_job`)) === 0,
    120_000,
    'every instance to end',
  );
  const keys = await query<{ business_key: string; n: number }>(
    `SELECT business_key, count(*)::int AS n FROM weir_hi_process_instance GROUP BY business_key`,
  );
  expect(new Set(keys.map((row) => row.business_key))).toEqual(acknowledged);
  const instances = keys.reduce((sum, row) => sum + row.n, 0);
  expect(
    await countRows(
      query,
      `SELECT count(*) FROM weir_hi_variable_instance WHERE name = 'count' AND value #>> '{}' = '2'`,
    ),
  ).toBe(instances);
  expect(await countRows(query, `SELECT count(*) FROM weir_hi_variable_instance WHERE name = 'count'`)).toBe(
    instances,
  );
  expect(await countRows(query, `SELECT count(*) FROM weir_job WHERE state = 'deadletter'`)).toBe(0);
  const runs = await readRuns(runsFile);
  expect(runs.size).toBe(2 * instances);
  return { instances, repeatedRuns: [...runs.values()].filter((n) => n > 1).length };
};
