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
import { createTempFolder } from '../helpers/database.ts';
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
 * sees the running count, so a test can strike in the middle of the load.
 */
export const startInstancesThroughNodes = async (
  nodeUrls: readonly string[],
  count: number,
  concurrency: number,
  onAcknowledged: (acknowledged: number) => void = () => {},
  processDefinitionKey = 'twoAsyncTasks',
): Promise<LoadReport> => {
  const acknowledged = new Set<string>();
  const statuses = new Map<string, number>();
  let unavailableWithoutRetryAfter = 0;
  const note = (status: string) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const businessKey = `load-${index}`;
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
