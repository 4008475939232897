/**
 * Scenario 3, a user task round trip over REST, against one `weir start` node: start an
 * instance whose user task is assigned to the client's user, list that user's tasks, complete
 * the task. `concurrency` clients do this back to back over keep-alive connections; a round's
 * figure is the round trips completed in it per second. The bench authenticates as the admin
 * the node creates at boot from `flowable.rest.app.admin.user-id` / `password`.
 *
 * Until the REST API (or its admin bootstrap) is part of `weir start`, the scenario says
 * which of the two is missing instead of measuring.
 */
import { wallNow } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import { pendingFigure } from '../harness/figures.ts';
import { latencyPerRound, ratePerRound, totalMs } from '../harness/windows.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { USER_TASK } from './models.ts';
import { startWeirNode } from './node-processes.ts';
import type { NodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';

const ADMIN = 'bench-admin';
const PASSWORD = 'bench-password';
const SCENARIO = 'Weir 3: user task round trip over REST, 1 node';

const client = (base: string) => {
  const authorization = `Basic ${Buffer.from(`${ADMIN}:${PASSWORD}`).toString('base64')}`;
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : null) as T };
  };
};

type Call = ReturnType<typeof client>;

/** Why the scenario cannot run on this build, or undefined when it can. */
const missingPart = async (call: Call): Promise<string | undefined> => {
  const probe = await call('GET', '/process-api/repository/process-definitions?key=' + USER_TASK);
  if (probe.status === 404) return 'pending: REST API not mounted by `weir start`';
  if (probe.status === 401) return 'pending: admin from flowable.rest.app.admin.* not created at boot';
  if (probe.status !== 200) return `pending: REST answered ${probe.status} to a definitions query`;
  return undefined;
};

const roundTrip = async (call: Call, user: string): Promise<void> => {
  const started = await call<{ id: string }>('POST', '/process-api/runtime/process-instances', {
    processDefinitionKey: USER_TASK,
    variables: [{ name: 'assignee', value: user }],
  });
  if (started.status !== 201)
    throw new Error(`Start answered ${started.status}: ${JSON.stringify(started.json)}`);
  const mine = await call<{ data: { id: string; processInstanceId: string }[] }>(
    'GET',
    `/process-api/runtime/tasks?assignee=${encodeURIComponent(user)}`,
  );
  const task = mine.json?.data?.find((t) => t.processInstanceId === started.json.id);
  if (!task) throw new Error(`The new task is not in ${user}'s task list (status ${mine.status})`);
  const done = await call('POST', `/process-api/runtime/tasks/${task.id}`, { action: 'complete' });
  if (done.status !== 200) throw new Error(`Complete answered ${done.status}: ${JSON.stringify(done.json)}`);
};

export const runRestRoundTrip = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('rest', weirTemplate);
  let node: NodeProcess | undefined;
  try {
    node = await startWeirNode({
      databaseUrl: weir.scratch.url,
      nodeId: 'bench-rest',
      flags: [`--flowable.rest.app.admin.user-id=${ADMIN}`, `--flowable.rest.app.admin.password=${PASSWORD}`],
    });
    const call = client(`http://127.0.0.1:${node.port}`);
    const missing = await missingPart(call);
    if (missing) return [pendingFigure(SCENARIO, 'round trips/s', '/s', missing)];

    const done: number[] = [];
    const latencies: [number, number][] = [];
    const start = wallNow();
    const stopAt = start + totalMs(options);
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, i) => {
        while (wallNow() < stopAt) {
          const began = wallNow();
          await roundTrip(call, `bench-user-${i}`);
          const now = wallNow();
          done.push(now);
          latencies.push([now, now - began]);
        }
      }),
    );
    const w = { start, ...options };
    const latency = latencyPerRound(w, latencies);
    const name = `${options.concurrency} clients: start, list my tasks, complete`;
    return [
      {
        scenario: SCENARIO,
        name: `round trips/s, ${name}`,
        unit: '/s',
        kind: 'rate',
        rounds: ratePerRound(w, done),
        weir: true,
      },
      {
        scenario: SCENARIO,
        name: 'round trip p50 (3 requests)',
        unit: 'ms',
        kind: 'latency',
        rounds: latency.p50,
        weir: true,
      },
      {
        scenario: SCENARIO,
        name: 'round trip p99',
        unit: 'ms',
        kind: 'latency',
        rounds: latency.p99,
        weir: true,
      },
    ];
  } finally {
    await node?.stop();
    await weir.close();
  }
};
