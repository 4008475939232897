/**
 * An async plan item runs on another node: node A serves requests only (no executor) and starts
 * the case; the async service task's activation job is acquired and run by node B's executor.
 * Both are Engines with their own pools, node ids and delegates on one cloned PostgreSQL, as two
 * `weir start` processes would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCases, startCase } from '../../src/cmmn/index.ts';
import { registerNode, type NodeRegistration } from '../../src/cluster/node-registry.ts';
import { DelegateRegistry, Engine } from '../../src/engine/index.ts';
import { JobExecutor } from '../../src/jobs/index.ts';
import type { Database } from '../../src/persistence/database.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { clonePostgresDatabase, type ScratchDatabase } from '../helpers/database.ts';
import { testSettings } from '../jobs/in-process-cluster.ts';

const CASE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.dev/test/cmmn">
  <case id="asyncOnB" name="Async on another node">
    <casePlanModel id="plan" name="Async on another node">
      <planItem id="workItem" name="Work" definitionRef="work"/>
      <planItem id="reviewItem" name="Review" definitionRef="review">
        <entryCriterion id="afterWork" sentryRef="workDone"/>
      </planItem>
      <sentry id="workDone">
        <planItemOnPart id="onWork" sourceRef="workItem"><standardEvent>complete</standardEvent></planItemOnPart>
        <ifPart><condition>\${ranOn == 'node-b'}</condition></ifPart>
      </sentry>
      <task id="work" name="Work" flowable:class="recordNode" flowable:async="true" flowable:exclusive="true"
            flowable:resultVariableName="ranOn"/>
      <humanTask id="review" name="Review"/>
    </casePlanModel>
  </case>
</definitions>`;

let database: ScratchDatabase;
let dbA: Database;
let dbB: Database;
let nodeA: Engine;
let registration: NodeRegistration;
let executor: JobExecutor;

beforeAll(async () => {
  database = await clonePostgresDatabase();
  dbA = openPostgresDatabase({ url: database.url, poolSize: 2 });
  const delegatesA = new DelegateRegistry();
  delegatesA.register('recordNode', () => {
    throw new Error('node A runs no jobs');
  });
  nodeA = new Engine({ db: dbA, nodeId: 'node-a', delegates: delegatesA });

  const settings = testSettings();
  dbB = openPostgresDatabase({ url: database.url, poolSize: settings.concurrency + 2 });
  const delegatesB = new DelegateRegistry();
  delegatesB.register('recordNode', () => 'node-b');
  const nodeB = new Engine({
    db: dbB,
    nodeId: 'node-b',
    delegates: delegatesB,
    config: { defaultRetries: settings.defaultRetries, retryWait: settings.defaultRetryWait },
  });
  registration = await registerNode(
    dbB,
    { id: 'node-b', host: 'test', port: 0, version: 'test', startedAt: new Date() },
    { interval: 200, staleAfter: settings.nodeStaleAfter, log: { info: () => {}, warn: () => {} } },
  );
  executor = new JobExecutor({ engine: nodeB, settings });
  await executor.start();
  await deployCases(nodeA, {
    name: 'async',
    category: null,
    tenantId: '',
    resources: [{ name: 'async-on-b.cmmn', content: Buffer.from(CASE_XML) }],
  });
});

afterAll(async () => {
  await executor?.stop();
  await registration?.deregister();
  await dbB?.close();
  await dbA?.close();
  await database?.drop();
});

const planItemStates = async (caseId: string) => {
  const { rows } = await dbA.query<{ element_id: string; state: string }>(
    'SELECT element_id, state FROM weir_cmmn_plan_item WHERE case_instance_id = $1 ORDER BY element_id',
    [caseId],
  );
  return Object.fromEntries(rows.map((r) => [r.element_id, r.state]));
};

const waitFor = async (check: () => Promise<boolean>, what: string): Promise<void> => {
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('an async plan item on two nodes', () => {
  it('is started by node A and run by node B, whose result drives the sentry', async () => {
    const ids = await Promise.all(
      Array.from({ length: 5 }, async () => (await startCase(nodeA, { caseDefinitionKey: 'asyncOnB' })).id),
    );
    await waitFor(async () => {
      const states = await Promise.all(ids.map(planItemStates));
      return states.every((s) => s.reviewItem === 'active');
    }, 'every review task');
    for (const id of ids) {
      expect(await planItemStates(id)).toEqual({ workItem: 'completed', reviewItem: 'active' });
      const { rows: tasks } = await dbA.query<{ task_definition_key: string }>(
        `SELECT task_definition_key FROM weir_task WHERE scope_id = $1 AND scope_type = 'cmmn'`,
        [id],
      );
      expect(tasks.map((t) => t.task_definition_key)).toEqual(['review']);
    }
    const { rows: jobs } = await dbA.query(
      `SELECT id FROM weir_job WHERE scope_type = 'cmmn' AND root_instance_id = ANY($1::text[])`,
      [ids],
    );
    expect(jobs).toHaveLength(0);
  });
});
