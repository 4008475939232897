/**
 * Issue 17's process test on a real cluster: two node processes on one PostgreSQL. The
 * decision is deployed through node A; instances start on node B, whose job executor is off, so
 * the async continuation before the business rule task can only be run by node A, which picks
 * the job up from the shared job table. The decision's result routes each instance through an
 * exclusive gateway; a rule miss goes on without a result, or, with
 * `decisionTaskThrowErrorOnNoHits`, fails (the start, or the job that runs the task); the
 * decision's history reads the same through both nodes' process and DMN history endpoints.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clonePostgresDatabase, type ScratchDatabase } from '../helpers/database.ts';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, startNodeProcess } from '../helpers/node-process.ts';
import { definitions } from './dmn-xml.ts';
import { field, riskTable, routedProcess } from './risk-process.ts';

const auth = `Basic ${Buffer.from('admin:admin-secret-1').toString('base64')}`;

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown> & { data?: Record<string, unknown>[] };
}

const call = async (base: string, method: string, path: string, body?: unknown): Promise<Answer> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Answer['json']) : {} };
};

/** the business rule task, async when `async` (its continuation is then a job) */
const process = (id: string, options: { async: boolean; strict: boolean }) =>
  routedProcess(
    id,
    `<businessRuleTask id="rules" name="Assess risk" flowable:async="${options.async}"><extensionElements>${field('decisionTableReferenceKey', 'risk')}${options.strict ? field('decisionTaskThrowErrorOnNoHits', 'true') : ''}</extensionElements></businessRuleTask>`,
  );

const scratch: ScratchDatabase[] = [];
let a: string;
let b: string;
/** node A's log so far: it names each job that failed on it */
let logOfA: () => string;
let logOfB: () => string;

beforeAll(async () => {
  const database = await clonePostgresDatabase();
  scratch.push(database);
  const args = [
    `--database.url=${database.url}`,
    '--flowable.rest.app.admin.user-id=admin',
    '--flowable.rest.app.admin.password=admin-secret-1',
  ];
  const [nodeA, nodeB] = await Promise.all([
    startNodeProcess({ args }),
    startNodeProcess({ args: [...args, '--flowable.async-executor-activate=false'] }),
  ]);
  a = nodeA.url;
  b = nodeB.url;
  logOfA = nodeA.stdout;
  logOfB = nodeB.stdout;

  const form = new FormData();
  for (const [name, content] of [
    ['routed.bpmn20.xml', process('routed', { async: true, strict: false })],
    ['strictAsync.bpmn20.xml', process('strictAsync', { async: true, strict: true })],
    ['strict.bpmn20.xml', process('strict', { async: false, strict: true })],
    ['risk.dmn', definitions(riskTable)],
  ])
    form.append('file', new Blob([content], { type: 'text/xml' }), name);
  const deployed = await fetch(`${a}/process-api/repository/deployments`, {
    method: 'POST',
    headers: { authorization: auth },
    body: form,
  });
  expect(deployed.status, await deployed.clone().text()).toBe(201);
}, PROCESS_TEST_TIMEOUT * 2);

afterAll(async () => {
  await cleanUpNodeProcesses();
  for (const database of scratch) await database.drop();
});

const startOnB = async (key: string, amount: number) =>
  call(b, 'POST', '/process-api/runtime/process-instances', {
    processDefinitionKey: key,
    variables: [{ name: 'amount', type: 'integer', value: amount }],
  });

/** The instance's open task names once its async continuation has run (on node A). */
const tasksOnceRun = async (instanceId: string): Promise<string[]> => {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const tasks = await call(b, 'GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
    if (tasks.json.data?.length) return tasks.json.data.map((t) => t.name as string);
    await sleep(100);
  }
  throw new Error(`instance ${instanceId} reached no task within 30 s`);
};

const variableNames = async (base: string, instanceId: string) =>
  (
    (await call(base, 'GET', `/process-api/runtime/process-instances/${instanceId}/variables`))
      .json as unknown as { name: string }[]
  ).map((v) => v.name);

describe('a business rule task on two nodes', () => {
  it(
    'routes instances started on node B through the gateway on the decision result, the job run by node A',
    async () => {
      const high = await startOnB('routed', 5000);
      const low = await startOnB('routed', 10);
      expect(high.status).toBe(201);
      expect(low.status).toBe(201);
      // started, not yet past the async boundary: the decision has not run on node B
      expect(high.json.ended).toBe(false);
      expect(await tasksOnceRun(high.json.id as string)).toEqual(['Review']);
      expect(await tasksOnceRun(low.json.id as string)).toEqual(['Auto approve']);
      const level = await call(
        b,
        'GET',
        `/process-api/runtime/process-instances/${low.json.id}/variables/level`,
      );
      expect(level.json).toMatchObject({ name: 'level', type: 'string', value: 'low' });
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'a rule miss without decisionTaskThrowErrorOnNoHits sets no result and takes the default flow',
    async () => {
      const missed = await startOnB('routed', -5);
      expect(missed.status).toBe(201);
      expect(await tasksOnceRun(missed.json.id as string)).toEqual(['Auto approve']);
      expect(await variableNames(a, missed.json.id as string)).toEqual(['amount']);
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'a rule miss with decisionTaskThrowErrorOnNoHits fails the start on node B, or the job node A runs',
    async () => {
      const refused = await startOnB('strict', -5);
      expect(refused.status).toBe(400);
      expect(refused.json.exception).toBe(
        "DMN decision with key risk did not hit any rules for the provided input (task 'rules')",
      );
      expect(
        (await call(a, 'GET', '/process-api/runtime/process-instances?processDefinitionKey=strict')).json
          .total,
      ).toBe(0);

      const parked = await startOnB('strictAsync', -5);
      expect(parked.status).toBe(201);
      const deadline = Date.now() + 30_000;
      let job: Record<string, unknown> | undefined;
      while (Date.now() < deadline && !job?.exceptionMessage) {
        job = (await call(b, 'GET', `/process-api/management/jobs?processInstanceId=${parked.json.id}`)).json
          .data?.[0];
        await sleep(100);
      }
      expect(job).toMatchObject({
        retries: 2,
        exceptionMessage:
          "DMN decision with key risk did not hit any rules for the provided input (task 'rules')",
      });
      const tasks = await call(a, 'GET', `/process-api/runtime/tasks?processInstanceId=${parked.json.id}`);
      expect(tasks.json.total).toBe(0);
      // node A ran the job that node B's start created
      const failedOn = (log: string) =>
        log.split('\n').filter((line) => line.includes('"Job failed"') && line.includes(`"${job?.id}"`));
      expect(failedOn(logOfA())).toHaveLength(1);
      expect(failedOn(logOfB())).toEqual([]);

      const hit = await startOnB('strictAsync', 2000);
      expect(await tasksOnceRun(hit.json.id as string)).toEqual(['Review']);
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    "the decision's history reads the same through both nodes' process and DMN history endpoints",
    async () => {
      const instance = await startOnB('routed', 1500);
      const id = instance.json.id as string;
      expect(await tasksOnceRun(id)).toEqual(['Review']);
      const answers: { execution: Record<string, unknown>; audit: Record<string, unknown> }[] = [];
      for (const base of [a, b]) {
        const activity = await call(
          base,
          'GET',
          `/process-api/history/historic-activity-instances?processInstanceId=${id}&activityId=rules`,
        );
        expect(activity.json.data).toEqual([
          expect.objectContaining({ activityType: 'businessRuleTask', activityName: 'Assess risk' }),
        ]);
        expect(activity.json.data?.[0].endTime).not.toBeNull();
        const variable = await call(
          base,
          'GET',
          `/process-api/history/historic-variable-instances?processInstanceId=${id}&variableName=level`,
        );
        expect(variable.json.data?.map((v) => (v.variable as { value: unknown }).value)).toEqual(['high']);

        const executions = await call(
          base,
          'GET',
          `/dmn-api/dmn-history/historic-decision-executions?processInstanceId=${id}`,
        );
        expect(executions.json.total).toBe(1);
        const [execution] = executions.json.data ?? [];
        expect(execution).toMatchObject({
          instanceId: id,
          activityId: 'rules',
          scopeType: 'bpmn',
          failed: false,
          decisionKey: 'risk',
          decisionVersion: '1',
        });
        const audit = await call(
          base,
          'GET',
          `/dmn-api/dmn-history/historic-decision-executions/${execution.id}/auditdata`,
        );
        expect(audit.json).toMatchObject({
          decisionKey: 'risk',
          inputClauses: [{ value: 1500 }],
          ruleExecutions: { '1': { valid: true }, '2': { valid: false } },
          decisionResult: [{ level: 'high' }],
        });
        answers.push({ execution, audit: audit.json });
      }
      // the same rows, whichever node reads them (only the url's host differs)
      const withoutUrl = ({ execution, audit }: (typeof answers)[number]) => ({
        execution: { ...execution, url: undefined },
        audit,
      });
      expect(withoutUrl(answers[1])).toEqual(withoutUrl(answers[0]));
    },
    PROCESS_TEST_TIMEOUT,
  );
});
