/**
 * The CMMN conformance families drive Weir as a Flowable CMMN REST client would: deploy a case
 * model through `/cmmn-api/cmmn-repository/deployments`, start case instances, act on plan item
 * instances and tasks, and read runtime and history back as JSON. Fixtures are Weir's own
 * models in `fixtures/cmmn/<family>/`, one behaviour each, the case key being the file's name.
 */
import { readdirSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { basic, createHttpHarness, multipart } from '../http/harness.ts';
import type { HttpHarness } from '../http/harness.ts';
import { deployXml, fixture, listOf, ok, restVariables } from './support.ts';
import type { Json, RestVariable } from './support.ts';

export const CMMN = '/cmmn-api';

/** a `.cmmn` fixture's text, by its path under `fixtures/cmmn/` */
export const cmmnFixture = (name: string): Promise<string> => fixture(`cmmn/${name}`);

/** every `.cmmn` fixture of a family's folder, as names under `fixtures/cmmn/` */
export const cmmnFamily = (family: string): string[] =>
  readdirSync(new URL(`./fixtures/cmmn/${family}/`, import.meta.url))
    .filter((name) => name.endsWith('.cmmn'))
    .sort()
    .map((name) => `${family}/${name}`);

/** A multipart upload of these files to a deployment route, as admin; the raw response */
export const deployFiles = (
  h: HttpHarness,
  url: string,
  files: { name: string; content: string }[],
): Promise<LightMyRequestResponse> => {
  const { payload, contentType } = multipart(files);
  return h.app.inject({
    method: 'POST',
    url,
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
};

/** `POST /cmmn-api/cmmn-repository/deployments` with one resource; the raw response */
export const deployCase = (h: HttpHarness, name: string, xml: string): Promise<LightMyRequestResponse> =>
  deployFiles(h, `${CMMN}/cmmn-repository/deployments`, [{ name, content: xml }]);

const resourceName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

const deployOrThrow = async (
  deploy: (name: string, text: string) => Promise<LightMyRequestResponse>,
  name: string,
  text: string,
) => {
  const response = await deploy(resourceName(name), text);
  if (response.statusCode !== 201) throw new Error(`deploy ${name}: ${response.statusCode} ${response.body}`);
};

/** `POST /dmn-api/dmn-repository/deployments` with one decision resource */
const deployDecision = (h: HttpHarness, name: string, xml: string) =>
  deployFiles(h, '/dmn-api/dmn-repository/deployments', [{ name, content: xml }]);

export interface CmmnHarnessFixtures {
  /** case models under fixtures/cmmn/ */
  cases: string[];
  /** process models under fixtures/ (deployed first: process tasks name them) */
  processes?: string[];
  /** decision models under fixtures/ (deployed first: decision tasks name them) */
  decisions?: string[];
}

/** One HTTP harness for a test file, with the given models deployed before its tests run. */
export const useCmmnHarness = (fixtures: CmmnHarnessFixtures): (() => HttpHarness) => {
  let h: HttpHarness | undefined;
  beforeAll(async () => {
    const harness = await createHttpHarness();
    h = harness;
    for (const name of fixtures.processes ?? [])
      await deployOrThrow((file, text) => deployXml(harness, file, text), name, await fixture(name));
    for (const name of fixtures.decisions ?? [])
      await deployOrThrow((file, text) => deployDecision(harness, file, text), name, await fixture(name));
    for (const name of fixtures.cases)
      await deployOrThrow((file, text) => deployCase(harness, file, text), name, await cmmnFixture(name));
  });
  afterAll(() => h?.close());
  return () => {
    if (h === undefined) throw new Error('the harness is used before beforeAll ran');
    return h;
  };
};

/**
 * The harness of a test file whose case models are one family's fixtures (or the given models),
 * and `started`: start a case by key, giving its id.
 */
export const useCmmnFamily = (fixtures: string | CmmnHarnessFixtures) => {
  const harness = useCmmnHarness(typeof fixtures === 'string' ? { cases: cmmnFamily(fixtures) } : fixtures);
  const started = async (
    key: string,
    variables: Record<string, unknown> = {},
    more: Record<string, unknown> = {},
  ): Promise<string> => (await startCase(harness(), key, variables, more)).id as string;
  return { harness, started };
};

/** `POST /cmmn-runtime/case-instances`; the raw response, for starts that may fail */
export const tryStartCase = (
  h: HttpHarness,
  key: string,
  variables: Record<string, unknown> = {},
  more: Record<string, unknown> = {},
) =>
  h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
    body: { caseDefinitionKey: key, variables: restVariables(variables), ...more },
  });

/** start a case instance by definition key; its JSON */
export const startCase = async (
  h: HttpHarness,
  key: string,
  variables: Record<string, unknown> = {},
  more: Record<string, unknown> = {},
): Promise<Json> => {
  const response = await tryStartCase(h, key, variables, more);
  if (response.statusCode !== 201) throw new Error(`start ${key}: ${response.statusCode} ${response.body}`);
  return response.json();
};

/** a plan item instance as `/cmmn-runtime/plan-item-instances` answers it */
export interface PlanItemRow {
  id: string;
  name: string | null;
  elementId: string;
  planItemDefinitionId: string;
  planItemDefinitionType: string;
  state: string;
  stage: boolean;
  stageInstanceId: string | null;
  caseInstanceId: string;
  referenceId: string | null;
  referenceType: string | null;
  [field: string]: Json;
}

/** the case's plan item instances; ended ones only with `includeEnded` (Flowable's default) */
export const planItemsOf = (h: HttpHarness, caseId: string, includeEnded = false) =>
  listOf<PlanItemRow>(
    h,
    `${CMMN}/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&size=200${includeEnded ? '&includeEnded=true' : ''}`,
  );

/** `elementId: state` of the case's plan item instances; a repeated item lists its states joined */
export const statesOf = async (h: HttpHarness, caseId: string, includeEnded = false) =>
  statesByElement(await planItemsOf(h, caseId, includeEnded));

const statesByElement = (rows: PlanItemRow[]): Record<string, string> => {
  const states: Record<string, string[]> = {};
  for (const row of rows) (states[row.elementId] ??= []).push(row.state);
  return Object.fromEntries(Object.entries(states).map(([id, list]) => [id, list.sort().join(',')]));
};

/** the case's one plan item instance of this element (the newest when it repeats) */
export const planItemOf = async (
  h: HttpHarness,
  caseId: string,
  elementId: string,
  includeEnded = false,
): Promise<PlanItemRow> => {
  const rows = (await planItemsOf(h, caseId, includeEnded)).filter((row) => row.elementId === elementId);
  if (rows.length === 0) throw new Error(`no plan item instance of ${elementId}`);
  return rows[rows.length - 1];
};

/** `PUT /cmmn-runtime/plan-item-instances/{id}` with an action; the raw response */
export const planItemAction = (h: HttpHarness, planItemId: string, action: string) =>
  h.request('PUT', `${CMMN}/cmmn-runtime/plan-item-instances/${planItemId}`, { body: { action } });

/** run an action on the case's plan item of this element, expecting 200 or 204 */
export const actOn = async (h: HttpHarness, caseId: string, elementId: string, action: string) => {
  const item = await planItemOf(h, caseId, elementId);
  const response = await planItemAction(h, item.id, action);
  if (response.statusCode !== 200 && response.statusCode !== 204)
    throw new Error(`${action} ${elementId}: ${response.statusCode} ${response.body}`);
  return response;
};

/** a task as the task API answers it */
export interface CaseTask {
  id: string;
  name: string;
  taskDefinitionKey: string;
  assignee: string | null;
  owner: string | null;
  priority: number;
  dueDate: string | null;
  formKey: string | null;
  category: string | null;
  description: string | null;
  [field: string]: Json;
}

/**
 * The case's open tasks, sorted by name, through the task API cases share with processes (one
 * task service, as in Flowable): the task each active human task plan item refers to, read from
 * `/process-api/runtime/tasks/{id}`. The CMMN task resources (`/cmmn-runtime/tasks`) have cases
 * of their own in cmmn-human-tasks and cmmn-rest-shapes.
 */
export const caseTasksOf = async (h: HttpHarness, caseId: string): Promise<CaseTask[]> => {
  const items = await listOf<PlanItemRow>(
    h,
    `${CMMN}/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&planItemDefinitionType=humantask&size=200`,
  );
  const tasks: CaseTask[] = [];
  for (const item of items)
    if (item.state === 'active' && item.referenceId !== null)
      tasks.push((await ok(h, 'GET', `/process-api/runtime/tasks/${item.referenceId}`)) as CaseTask);
  return tasks.sort((a, b) => a.name.localeCompare(b.name));
};

/** the task definition keys of the case's open tasks, sorted */
export const openCaseTaskKeys = async (h: HttpHarness, caseId: string): Promise<string[]> =>
  (await caseTasksOf(h, caseId)).map((task) => task.taskDefinitionKey).sort();

/** the keys of these tasks that can still be read (open tasks; an ended one is a 404) */
export const stillOpen = async (h: HttpHarness, tasks: CaseTask[]): Promise<string[]> => {
  const open: string[] = [];
  for (const task of tasks)
    if ((await h.request('GET', `/process-api/runtime/tasks/${task.id}`)).statusCode === 200)
      open.push(task.taskDefinitionKey);
  return open;
};

export const completeTaskById = (h: HttpHarness, taskId: string, variables: Record<string, unknown> = {}) =>
  ok(h, 'POST', `/process-api/runtime/tasks/${taskId}`, {
    action: 'complete',
    variables: restVariables(variables),
  });

/** complete the case's open task with this definition key */
export const completeCaseTask = async (
  h: HttpHarness,
  caseId: string,
  key: string,
  variables: Record<string, unknown> = {},
): Promise<void> => {
  const task = (await caseTasksOf(h, caseId)).find((candidate) => candidate.taskDefinitionKey === key);
  if (task === undefined) throw new Error(`no open task ${key}`);
  await completeTaskById(h, task.id, variables);
};

/** the case's variables by name */
export const caseVariablesOf = async (
  h: HttpHarness,
  caseId: string,
): Promise<Record<string, RestVariable>> => {
  const list = (await ok(
    h,
    'GET',
    `${CMMN}/cmmn-runtime/case-instances/${caseId}/variables`,
  )) as RestVariable[];
  return Object.fromEntries(list.map((variable) => [variable.name, variable]));
};

/** `PUT .../variables`: create or overwrite case variables (sentries are evaluated) */
export const setCaseVariables = (h: HttpHarness, caseId: string, values: Record<string, unknown>) =>
  ok(h, 'PUT', `${CMMN}/cmmn-runtime/case-instances/${caseId}/variables`, restVariables(values));

export const caseIsEnded = async (h: HttpHarness, caseId: string): Promise<boolean> =>
  (await h.request('GET', `${CMMN}/cmmn-runtime/case-instances/${caseId}`)).statusCode === 404;

export const historicCase = (h: HttpHarness, caseId: string) =>
  ok(h, 'GET', `${CMMN}/cmmn-history/historic-case-instances/${caseId}`);

export const historicPlanItemsOf = (h: HttpHarness, caseId: string) =>
  listOf<PlanItemRow>(
    h,
    `${CMMN}/cmmn-history/historic-planitem-instances?caseInstanceId=${caseId}&size=200`,
  );

/** `elementId: state` of the case's historic plan item instances, as `statesOf` */
export const historicStatesOf = async (h: HttpHarness, caseId: string) =>
  statesByElement(await historicPlanItemsOf(h, caseId));

export const historicMilestonesOf = (h: HttpHarness, caseId: string) =>
  listOf(h, `${CMMN}/cmmn-history/historic-milestone-instances?caseInstanceId=${caseId}&size=100`);

/** the case's tasks in task history (CMMN REST) */
export const historicCaseTasksOf = (h: HttpHarness, caseId: string) =>
  listOf(h, `${CMMN}/cmmn-history/historic-task-instances?caseInstanceId=${caseId}&size=100`);

/** the case's jobs of one kind (`jobs`, `timer-jobs`, `deadletter-jobs`) */
export const caseJobsOf = (h: HttpHarness, caseId: string, kind = 'timer-jobs') =>
  listOf(h, `${CMMN}/cmmn-management/${kind}?caseInstanceId=${caseId}&size=100`);

/** fire a case timer: move it to the executable jobs, then run it */
export const fireCaseTimer = async (h: HttpHarness, jobId: string): Promise<void> => {
  await ok(h, 'POST', `${CMMN}/cmmn-management/timer-jobs/${jobId}`, { action: 'move' });
  await ok(h, 'POST', `${CMMN}/cmmn-management/jobs/${jobId}`, { action: 'execute' });
};

/** fire the timer of the case's timer event listener `elementId` */
export const fireTimerListener = async (h: HttpHarness, caseId: string, elementId: string) => {
  const listener = await planItemOf(h, caseId, elementId);
  const timer = (await caseJobsOf(h, caseId)).find((job) => job.planItemInstanceId === listener.id);
  if (timer === undefined) throw new Error(`no timer for ${elementId}`);
  await fireCaseTimer(h, timer.id as string);
};

/** run every executable job of the case until none is left */
export const runCaseJobs = async (h: HttpHarness, caseId: string): Promise<void> => {
  for (let round = 0; round < 20; round++) {
    const jobs = await caseJobsOf(h, caseId, 'jobs');
    if (jobs.length === 0) return;
    for (const job of jobs)
      await ok(h, 'POST', `${CMMN}/cmmn-management/jobs/${job.id as string}`, { action: 'execute' });
  }
  throw new Error('jobs keep coming');
};

/** deploy a fixture with text replaced, expecting a 400; the refusal's message */
export const caseRefusal = async (h: HttpHarness, name: string, xml: string): Promise<string> => {
  const response = await deployCase(h, name, xml);
  if (response.statusCode !== 400) throw new Error(`deploy ${name}: ${response.statusCode}, not 400`);
  return (response.json() as { exception: string }).exception;
};
