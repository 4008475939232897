/**
 * Issue 18's cluster test: a case whose process task starts a process of two async steps.
 * Three real node processes on one PostgreSQL: node A serves REST only (its executor is off),
 * so every step runs on node B or node C; node C is killed (SIGKILL) while it holds steps. When a
 * process ends, its process task completes, the sentry on that completion makes the milestone
 * occur, and the case (nothing else left to do) completes. Every case completes exactly once,
 * its milestone occurs once, each step counts once (the count is written in the step's own
 * transaction, so a run cut off by the kill does not count), and nothing is dead-lettered.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import {
  PROCESS_TEST_TIMEOUT,
  cleanUpNodeProcesses,
  startNodeProcess,
  type NodeProcess,
} from '../helpers/node-process.ts';

const CASES = 60;
const auth = `Basic ${Buffer.from('admin:admin-secret-1').toString('base64')}`;

const STEPS_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="http://weir.dev/test/cmmn">
  <process id="steps" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="toFirst" sourceRef="start" targetRef="first"/>
    <serviceTask id="first" flowable:class="countUp" flowable:async="true"/>
    <sequenceFlow id="toSecond" sourceRef="first" targetRef="second"/>
    <serviceTask id="second" flowable:class="countUp" flowable:async="true"/>
    <sequenceFlow id="toEnd" sourceRef="second" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

const ORDER_CMMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.dev/test/cmmn">
  <case id="order" name="Order">
    <casePlanModel id="plan" name="Order plan">
      <planItem id="runSteps" definitionRef="stepsTask"/>
      <planItem id="stepsDone" definitionRef="stepsDoneMilestone">
        <entryCriterion id="afterSteps" sentryRef="stepsCompleted"/>
      </planItem>
      <sentry id="stepsCompleted">
        <planItemOnPart id="onSteps" sourceRef="runSteps">
          <standardEvent>complete</standardEvent>
        </planItemOnPart>
      </sentry>
      <processTask id="stepsTask" name="Run the steps" processRef="steps" isBlocking="true">
        <extensionElements>
          <flowable:out source="count" target="count"/>
        </extensionElements>
      </processTask>
      <milestone id="stepsDoneMilestone" name="Steps done"/>
    </casePlanModel>
  </case>
  <process id="steps" externalRef="steps"/>
</definitions>`;

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown> & { data?: Record<string, unknown>[]; total?: number };
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

const deploy = async (base: string, path: string, name: string, content: string) => {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/xml' }), name);
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: auth },
    body: form,
  });
  expect(response.status, await response.clone().text()).toBe(201);
};

let database: ScratchDatabase;
let folder: ScratchFolder;
let runsFile: string;
let nodes: (NodeProcess & { readonly url: string })[];
let a: string;

beforeAll(async () => {
  database = await clonePostgresDatabase();
  folder = await createTempFolder('weir-cmmn-cluster-');
  runsFile = join(folder.path, 'runs.log');
  await writeFile(runsFile, '');
  await writeFile(
    join(folder.path, 'countUp.mjs'),
    // each step holds its node for 50 ms, so the run lasts seconds and the kill lands mid-way
    `import { appendFileSync } from 'node:fs';
const pause = new Int32Array(new SharedArrayBuffer(4));
export const countUp = (execution) => {
  Atomics.wait(pause, 0, 0, 50);
  execution.setVariable('count', (execution.getVariable('count') ?? 0) + 1);
  appendFileSync(${JSON.stringify(runsFile)}, \`\${process.pid} \${execution.getProcessInstanceId()} \${execution.getCurrentActivityId()}\\n\`);
};
`,
  );
  const args = (id: string) => [
    `--database.url=${database.url}`,
    `--weir.node-id=${id}`,
    `--weir.delegates-path=${folder.path}`,
    '--flowable.rest.app.admin.user-id=admin',
    '--flowable.rest.app.admin.password=admin-secret-1',
  ];
  nodes = await Promise.all([
    startNodeProcess({ args: [...args('node-a'), '--flowable.async-executor-activate=false'] }),
    startNodeProcess({ args: args('node-b') }),
    startNodeProcess({ args: args('node-c') }),
  ]);
  a = nodes[0].url;
  await deploy(a, '/process-api/repository/deployments', 'steps.bpmn20.xml', STEPS_BPMN);
  await deploy(a, '/cmmn-api/cmmn-repository/deployments', 'order.cmmn', ORDER_CMMN);
}, PROCESS_TEST_TIMEOUT * 2);

afterAll(async () => {
  await cleanUpNodeProcesses();
  await folder?.remove();
  await database?.drop();
});

const finishedCases = async () =>
  (
    await call(
      a,
      'GET',
      '/cmmn-api/cmmn-history/historic-case-instances?caseDefinitionKey=order&finished=true&size=1',
    )
  ).json.total ?? 0;

const waitUntil = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
};

describe('a case whose process task runs async steps on other nodes', () => {
  it(
    `completes each of ${CASES} cases exactly once when a node running the steps is killed mid-way`,
    async () => {
      const started: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const answer = await call(a, 'POST', '/cmmn-api/cmmn-runtime/case-instances', {
          caseDefinitionKey: 'order',
          businessKey: `order-${i}`,
        });
        expect(answer.status, JSON.stringify(answer.json)).toBe(201);
        started.push(answer.json.id as string);
      }
      // node C is killed once it has run some steps and holds others
      const victim = nodes[2];
      await waitUntil(
        async () => (await readFile(runsFile, 'utf8')).includes(`${victim.pid} `),
        60_000,
        'node C to run a step',
      );
      // mid-way: cases are still open when it dies
      expect(await finishedCases()).toBeLessThan(CASES);
      await victim.stop('SIGKILL');

      await waitUntil(async () => (await finishedCases()) >= CASES, 90_000, 'every case to complete');
      // a moment later, still each once
      await sleep(1_000);
      const history = await call(
        a,
        'GET',
        '/cmmn-api/cmmn-history/historic-case-instances?caseDefinitionKey=order&size=1000',
      );
      expect(history.json.total).toBe(CASES);
      const rows = history.json.data!;
      expect(new Set(rows.map((row) => row.id))).toEqual(new Set(started));
      expect(rows.every((row) => row.state === 'completed' && row.endTime !== null)).toBe(true);

      const milestones = await call(
        a,
        'GET',
        '/cmmn-api/cmmn-history/historic-milestone-instances?size=1000',
      );
      expect(milestones.json.total).toBe(CASES);
      expect(new Set(milestones.json.data!.map((m) => m.caseInstanceId))).toEqual(new Set(started));

      // each case got its process's count back through flowable:out: two steps, each once
      for (const id of started) {
        const count = await call(
          a,
          'GET',
          `/cmmn-api/cmmn-history/historic-variable-instances?caseInstanceId=${id}&variableName=count`,
        );
        expect(
          count.json.data?.map((v) => (v.variable as { value: unknown }).value),
          id,
        ).toEqual([2]);
      }
      const jobs = await call(a, 'GET', '/process-api/management/deadletter-jobs?size=1');
      expect(jobs.json.total).toBe(0);
      // the steps ran on B and C only (A's executor is off), and C did run some before it died
      const pids = new Set(
        (await readFile(runsFile, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ')[0]),
      );
      expect(pids).toEqual(new Set([String(nodes[1].pid), String(victim.pid)]));
    },
    PROCESS_TEST_TIMEOUT * 3,
  );
});
