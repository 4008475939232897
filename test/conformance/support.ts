/**
 * Conformance tests drive Weir as a Flowable user would: deploy a model through the REST API,
 * start instances, read tasks, variables and history back as JSON. Fixtures are Weir's own
 * models in `fixtures/`, each reproducing a behaviour Flowable documents or tests.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { basic, createHttpHarness, multipart, startInstance } from '../http/harness.ts';
import type { HttpHarness, TestUser } from '../http/harness.ts';
import type { Delegate } from '../../src/engine/index.ts';

export const fixture = (name: string): Promise<string> =>
  readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Deploy XML (a fixture's text, possibly edited) and return the raw response. */
export const deployXml = (h: HttpHarness, name: string, xml: string): Promise<LightMyRequestResponse> => {
  const { payload, contentType } = multipart([{ name, content: xml }]);
  return h.app.inject({
    method: 'POST',
    url: '/process-api/repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
};

export const deployFixtures = async (h: HttpHarness, names: string[]): Promise<void> => {
  for (const name of names) {
    const response = await deployXml(h, name, await fixture(name));
    if (response.statusCode !== 201)
      throw new Error(`deploy ${name}: ${response.statusCode} ${response.body}`);
  }
};

/** One HTTP harness for a test file, with the given fixtures deployed before its tests run. */
export const useConformanceHarness = (fixtures: string[]): (() => HttpHarness) => {
  let h: HttpHarness | undefined;
  beforeAll(async () => {
    h = await createHttpHarness();
    await deployFixtures(h, fixtures);
  });
  afterAll(() => h?.close());
  return () => {
    if (h === undefined) throw new Error('the harness is used before beforeAll ran');
    return h;
  };
};

export interface RestVariable {
  name: string;
  type: string;
  value: unknown;
}

/** `{name: value}` as the REST API's variable list */
export const restVariables = (values: Record<string, unknown>): RestVariable[] =>
  Object.entries(values).map(([name, value]) => ({ name, value, type: restType(value) }));

const restType = (value: unknown): string => {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  return 'json';
};

export const start = (
  h: HttpHarness,
  key: string,
  variables: Record<string, unknown> | RestVariable[] = {},
  as: TestUser = 'admin',
) =>
  startInstance(
    h,
    { processDefinitionKey: key, variables: Array.isArray(variables) ? variables : restVariables(variables) },
    as,
  );

/** the instance's variables by name, as the REST API answers them */
export const variablesOf = async (
  h: HttpHarness,
  instanceId: string,
): Promise<Record<string, RestVariable>> => {
  const response = await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`);
  if (response.statusCode !== 200) throw new Error(`variables: ${response.statusCode} ${response.body}`);
  const list = response.json() as RestVariable[];
  return Object.fromEntries(list.map((variable) => [variable.name, variable]));
};

/** the ended instance's variables, from history */
export const historicVariablesOf = async (
  h: HttpHarness,
  instanceId: string,
): Promise<Record<string, { type: string; value: unknown }>> => {
  const response = await h.request(
    'GET',
    `/process-api/history/historic-variable-instances?processInstanceId=${instanceId}&size=100`,
  );
  const rows = response.json().data as { variable: RestVariable }[];
  return Object.fromEntries(rows.map((row) => [row.variable.name, row.variable]));
};

export interface RestTask {
  id: string;
  name: string;
  assignee: string | null;
  taskDefinitionKey: string;
  priority: number;
  dueDate: string | null;
  category: string | null;
}

export const tasksOf = async (h: HttpHarness, instanceId: string): Promise<RestTask[]> => {
  const response = await h.request(
    'GET',
    `/process-api/runtime/tasks?processInstanceId=${instanceId}&size=100&sort=name`,
  );
  return response.json().data as RestTask[];
};

/** the task definition keys of the instance's open tasks, by task name */
export const openTaskKeys = async (h: HttpHarness, instanceId: string): Promise<string[]> =>
  (await tasksOf(h, instanceId)).map((task) => task.taskDefinitionKey);

export const complete = async (h: HttpHarness, taskId: string, variables: Record<string, unknown> = {}) => {
  const response = await h.request('POST', `/process-api/runtime/tasks/${taskId}`, {
    body: { action: 'complete', variables: restVariables(variables) },
  });
  if (response.statusCode !== 200) throw new Error(`complete: ${response.statusCode} ${response.body}`);
};

/** activity ids the instance passed through, from history, in start order */
export const activitiesOf = async (h: HttpHarness, instanceId: string): Promise<string[]> => {
  const response = await h.request(
    'GET',
    `/process-api/history/historic-activity-instances?processInstanceId=${instanceId}&sort=startTime&size=100`,
  );
  return (response.json().data as { activityId: string }[]).map((row) => row.activityId);
};

export const isEnded = async (h: HttpHarness, instanceId: string): Promise<boolean> =>
  (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}`)).statusCode === 404;

/** `PUT /runtime/executions/{id}` with `{"action": "trigger"}` and the given variables */
export const triggerExecution = (h: HttpHarness, executionId: string, values: Record<string, unknown> = {}) =>
  h.request('PUT', `/process-api/runtime/executions/${executionId}`, {
    body: { action: 'trigger', variables: restVariables(values) },
  });

/**
 * Deploy a fixture with text replaced (a string, or a pattern for removing whole processes),
 * expecting a 400; returns the refusal's message.
 */
export const refusalOfEdited = async (
  h: HttpHarness,
  name: string,
  resource: string,
  edits: [string | RegExp, string][],
): Promise<string> => {
  const xml = edits.reduce((text, [from, to]) => text.replace(from, to), await fixture(name));
  const response = await deployXml(h, resource, xml);
  if (response.statusCode !== 400) throw new Error(`deploy ${resource}: ${response.statusCode}, not 400`);
  return (response.json() as { exception: string }).exception;
};

// --- helpers of the per-family conformance files (gateways, events, timers...) ---------------

/** a parsed JSON body, loosely typed as `JSON.parse` types it: tests read what they expect */
export type Json = ReturnType<typeof JSON.parse>;

/** a successful REST call's JSON; anything else throws with the status and body */
export const ok = async (
  h: HttpHarness,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<Json> => {
  const response = await h.request(method, url, body === undefined ? {} : { body });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.body === '' ? undefined : response.json();
};

/** a list route's `data` */
export const listOf = async <T = Record<string, Json>>(h: HttpHarness, url: string): Promise<T[]> =>
  ((await ok(h, 'GET', url)) as { data: T[] }).data;

/** the instance's historic activity instances, in start order */
export const historicActivities = (h: HttpHarness, instanceId: string) =>
  listOf(
    h,
    `/process-api/history/historic-activity-instances?processInstanceId=${instanceId}&sort=startTime&size=200`,
  );

/** an activity instance as the runtime and history lists answer it */
export interface ActivityRow {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  executionId: string;
  processInstanceId: string;
  processDefinitionId: string;
  calledProcessInstanceId: string | null;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  /** history only */
  deleteReason?: string | null;
}

/** the instance's runtime activity instances, in start order, with more query parameters */
export const runtimeActivities = (h: HttpHarness, instanceId: string, query = '') =>
  listOf<ActivityRow>(
    h,
    `/process-api/runtime/activity-instances?processInstanceId=${instanceId}&sort=startTime&size=200${query}`,
  );

/** `type:id` of each row, sorted (Flowable's tests compare them in any order) */
export const typedIds = (rows: ActivityRow[]) =>
  rows.map((row) => `${row.activityType}:${row.activityId}`).sort();

/** the instance's historic task instances */
export const historicTasks = (h: HttpHarness, instanceId: string) =>
  listOf(h, `/process-api/history/historic-task-instances?processInstanceId=${instanceId}&size=100`);

export const historicInstance = (h: HttpHarness, instanceId: string) =>
  ok(h, 'GET', `/process-api/history/historic-process-instances/${instanceId}`);

/** the instance's jobs of one kind (`jobs`, `timer-jobs`, `deadletter-jobs`) */
export const jobsOf = (h: HttpHarness, instanceId: string, kind = 'timer-jobs') =>
  listOf(h, `/process-api/management/${kind}?processInstanceId=${instanceId}&size=100`);

/** run an executable job now, as the management API does */
export const executeJob = (h: HttpHarness, jobId: string) =>
  ok(h, 'POST', `/process-api/management/jobs/${jobId}`, { action: 'execute' });

/** fire a timer: move it to the executable jobs, then run it */
export const fireTimer = async (h: HttpHarness, jobId: string): Promise<void> => {
  await ok(h, 'POST', `/process-api/management/timer-jobs/${jobId}`, { action: 'move' });
  await executeJob(h, jobId);
};

/** fire the instance's only timer whose element is `elementId` */
export const fireTimerOf = async (h: HttpHarness, instanceId: string, elementId: string): Promise<void> => {
  const timer = (await jobsOf(h, instanceId)).find((job) => job.elementId === elementId);
  if (timer === undefined) throw new Error(`no timer on ${elementId}`);
  await fireTimer(h, timer.id as string);
};

/** run every executable (async) job of the instance, until none is left */
export const runJobs = async (h: HttpHarness, instanceId: string): Promise<void> => {
  for (let round = 0; round < 20; round++) {
    const jobs = await jobsOf(h, instanceId, 'jobs');
    if (jobs.length === 0) return;
    for (const job of jobs) await executeJob(h, job.id as string);
  }
  throw new Error('jobs keep coming');
};

/** the instance's executions waiting in `activityId` */
export const executionsAt = (h: HttpHarness, instanceId: string, activityId: string) =>
  listOf(
    h,
    `/process-api/runtime/executions?processInstanceId=${instanceId}&activityId=${activityId}&size=100`,
  );

/** deliver a message to the execution of the instance that waits for it */
export const sendMessage = async (
  h: HttpHarness,
  instanceId: string,
  messageName: string,
  variables: Record<string, unknown> = {},
): Promise<void> => {
  const subscriptions = await listOf(
    h,
    `/process-api/runtime/event-subscriptions?processInstanceId=${instanceId}&eventType=message&eventName=${messageName}`,
  );
  if (subscriptions.length === 0) throw new Error(`nothing of ${instanceId} waits for ${messageName}`);
  await ok(h, 'PUT', `/process-api/runtime/executions/${subscriptions[0].executionId as string}`, {
    action: 'messageEventReceived',
    messageName,
    variables: restVariables(variables),
  });
};

/** throw a signal to every subscriber */
export const throwSignal = (h: HttpHarness, signalName: string, variables: Record<string, unknown> = {}) =>
  ok(h, 'POST', '/process-api/runtime/signals', { signalName, variables: restVariables(variables) });

/** complete the instance's open task with this definition key */
export const completeTask = async (
  h: HttpHarness,
  instanceId: string,
  key: string,
  variables: Record<string, unknown> = {},
): Promise<void> => {
  const task = (await tasksOf(h, instanceId)).find((candidate) => candidate.taskDefinitionKey === key);
  if (task === undefined) throw new Error(`no open task ${key}`);
  await complete(h, task.id, variables);
};

/** the start request's raw response, for starts that must fail */
export const tryStart = (h: HttpHarness, key: string, variables: Record<string, unknown> = {}) =>
  h.request('POST', '/process-api/runtime/process-instances', {
    body: { processDefinitionKey: key, variables: restVariables(variables) },
  });

/** every fixture of a family's folder (`fixtures/gateways/*.bpmn20.xml`), as fixture names */
export const familyFixtures = (family: string): string[] =>
  readdirSync(new URL(`./fixtures/${family}/`, import.meta.url))
    .filter((name) => name.endsWith('.bpmn20.xml'))
    .sort()
    .map((name) => `${family}/${name}`);

/**
 * As useConformanceHarness, with delegates registered before the fixtures deploy (a
 * `flowable:class` naming no registered delegate is refused at deployment).
 */
export const useConformanceHarnessWithDelegates = (
  fixtures: string[],
  delegates: Record<string, Delegate>,
): (() => HttpHarness) => {
  let h: HttpHarness | undefined;
  beforeAll(async () => {
    h = await createHttpHarness();
    for (const [name, delegate] of Object.entries(delegates)) h.engine.delegates.register(name, delegate);
    await deployFixtures(h, fixtures);
  });
  afterAll(() => h?.close());
  return () => {
    if (h === undefined) throw new Error('the harness is used before beforeAll ran');
    return h;
  };
};
