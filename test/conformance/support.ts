/**
 * Conformance tests drive Weir as a Flowable user would: deploy a model through the REST API,
 * start instances, read tasks, variables and history back as JSON. Fixtures are Weir's own
 * models in `fixtures/`, each reproducing a behaviour Flowable documents or tests.
 */
import { readFile } from 'node:fs/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { basic, createHttpHarness, multipart, startInstance } from '../http/harness.ts';
import type { HttpHarness, TestUser } from '../http/harness.ts';

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

/** the instance's executions at an activity, as `GET /runtime/executions` answers them */
export const executionsAt = async (
  h: HttpHarness,
  instanceId: string,
  activityId: string,
): Promise<{ id: string; activityId: string }[]> => {
  const response = await h.request(
    'GET',
    `/process-api/runtime/executions?processInstanceId=${instanceId}&activityId=${activityId}`,
  );
  return response.json().data as { id: string; activityId: string }[];
};

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
