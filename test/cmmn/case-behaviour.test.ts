/**
 * CMMN behaviour through the case engine's commands: stages and exit criteria, manual
 * activation, repetition, required rules with auto-complete, timer listeners on the shared
 * job table, process tasks (blocking with in/out mappings, and not), case tasks.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  deployCases,
  planItemAction,
  startCase,
  terminateCaseInstance,
  undeployCases,
  type PlanItemAction,
} from '../../src/cmmn/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from '../engine/harness.ts';

const FIXTURES = [
  'stage-exit.cmmn',
  'manual.cmmn',
  'repetition.cmmn',
  'required.cmmn',
  'timer.cmmn',
  'process-task.cmmn',
  'case-task.cmmn',
];

const read = (name: string) => readFile(new URL(`../fixtures/cmmn/${name}`, import.meta.url));

describeEachDatabase('case behaviour', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    await h.engine.deploy({
      name: 'child process',
      resources: [
        { name: 'case-child.bpmn20.xml', content: (await read('case-child.bpmn20.xml')).toString() },
      ],
    });
    await deployCases(h.engine, {
      name: 'behaviour',
      category: null,
      tenantId: '',
      resources: await Promise.all(FIXTURES.map(async (name) => ({ name, content: await read(name) }))),
    });
  });
  afterAll(() => h.close());

  interface Item {
    id: string;
    element_id: string;
    state: string;
  }
  const items = async (caseId: string): Promise<Item[]> =>
    (
      await h.db.query<Item>(
        'SELECT id, element_id, state FROM weir_cmmn_plan_item WHERE case_instance_id = $1 ORDER BY created_at, id',
        [caseId],
      )
    ).rows;
  const states = async (caseId: string) =>
    (await items(caseId)).map((i) => `${i.element_id}:${i.state}`).sort();
  const itemOf = async (caseId: string, elementId: string, state?: string) =>
    (await items(caseId)).find(
      (i) => i.element_id === elementId && (state === undefined || i.state === state),
    )!;
  const act = async (caseId: string, elementId: string, action: PlanItemAction) =>
    planItemAction(h.engine, caseId, (await itemOf(caseId, elementId)).id, action);
  const tasksOf = async (caseId: string) =>
    (
      await h.db.query<{ id: string; task_definition_key: string; name: string }>(
        `SELECT id, task_definition_key, name FROM weir_task WHERE scope_id = $1 ORDER BY task_definition_key`,
        [caseId],
      )
    ).rows;
  const completeTask = async (caseId: string, key: string, variables?: Record<string, unknown>) => {
    const task = (await tasksOf(caseId)).find((t) => t.task_definition_key === key)!;
    await h.engine.completeTask(task.id, { variables });
  };
  const caseState = async (caseId: string) =>
    (
      await h.db.query<{ state: string }>('SELECT state FROM weir_cmmn_hi_case_instance WHERE id = $1', [
        caseId,
      ])
    ).rows[0]?.state;
  const variable = async (caseId: string, name: string) =>
    (
      await h.db.query<{ value: unknown }>(
        'SELECT value FROM weir_cmmn_hi_variable WHERE case_instance_id = $1 AND name = $2',
        [caseId, name],
      )
    ).rows[0]?.value;

  it('completing the tasks of a stage completes it, which reaches the milestone and ends the case', async () => {
    const { id } = await startCase(h.engine, { caseDefinitionKey: 'stageCase' });
    expect(await states(id)).toEqual([
      'aItem:active',
      'bItem:active',
      'cancelItem:available',
      'doneItem:available',
      'workItem:active',
    ]);
    await completeTask(id, 'a');
    expect(await caseState(id)).toBe('active');
    await completeTask(id, 'b');
    expect(await states(id)).toEqual([
      'aItem:completed',
      'bItem:completed',
      'cancelItem:terminated',
      'doneItem:completed',
      'workItem:completed',
    ]);
    expect(await caseState(id)).toBe('completed');
  });

  it('an exit criterion on a stage terminates it and its open tasks; the milestone it gated never occurs', async () => {
    const { id } = await startCase(h.engine, { caseDefinitionKey: 'stageCase' });
    await completeTask(id, 'a');
    await act(id, 'cancelItem', 'trigger');
    expect(await states(id)).toEqual([
      'aItem:completed',
      'bItem:terminated',
      'cancelItem:completed',
      'doneItem:terminated',
      'workItem:terminated',
    ]);
    expect(await tasksOf(id)).toEqual([]);
    expect(await caseState(id)).toBe('completed');
    const exited = await itemOf(id, 'workItem');
    const row = await h.db.query(
      'SELECT exit_criterion_id, exited_at FROM weir_cmmn_plan_item WHERE id = $1',
      [exited.id],
    );
    expect(row.rows[0]).toMatchObject({ exit_criterion_id: 'cancelExit' });
    expect(row.rows[0].exited_at).not.toBeNull();
  });

  it('a manual activation rule enables the plan item; start creates its task; disable and enable move it back', async () => {
    const { id } = await startCase(h.engine, {
      caseDefinitionKey: 'manualCase',
      variables: { manual: false },
    });
    expect(await states(id)).toEqual(['maybeItem:active', 'optionalItem:enabled']);
    expect((await tasksOf(id)).map((t) => t.task_definition_key)).toEqual(['maybe']);
    await act(id, 'optionalItem', 'disable');
    expect(await states(id)).toContain('optionalItem:disabled');
    await expect(act(id, 'optionalItem', 'start')).rejects.toThrow(/in state 'disabled'/);
    await act(id, 'optionalItem', 'enable');
    await act(id, 'optionalItem', 'start');
    expect((await tasksOf(id)).map((t) => t.task_definition_key)).toEqual(['maybe', 'optional']);
    await completeTask(id, 'maybe');
    await completeTask(id, 'optional');
    expect(await caseState(id)).toBe('completed');
  });

  it('a repetition rule without entry criteria repeats while its condition holds', async () => {
    const { id } = await startCase(h.engine, { caseDefinitionKey: 'repeatCase' });
    await completeTask(id, 'again');
    await completeTask(id, 'again');
    await completeTask(id, 'again');
    const again = (await items(id)).filter((i) => i.element_id === 'againItem').map((i) => i.state);
    expect(again).toEqual(['completed', 'completed', 'completed']);
    expect((await tasksOf(id)).map((t) => t.task_definition_key)).toEqual([]);
  });

  it('a repeating plan item with an entry criterion starts once per occurrence, the next one waiting', async () => {
    const { id } = await startCase(h.engine, { caseDefinitionKey: 'repeatCase' });
    const ping = async () =>
      planItemAction(h.engine, id, (await itemOf(id, 'pingItem', 'available')).id, 'trigger');
    await ping();
    await ping();
    const onSignal = (await items(id))
      .filter((i) => i.element_id === 'onSignalItem')
      .map((i) => i.state)
      .sort();
    expect(onSignal).toEqual(['active', 'active', 'waiting_for_repetition']);
    expect((await tasksOf(id)).filter((t) => t.task_definition_key === 'onSignal')).toHaveLength(2);
  });

  it('a required plan item holds the case open; an auto-completing stage ignores an optional item that waits', async () => {
    const { id } = await startCase(h.engine, { caseDefinitionKey: 'requiredCase' });
    await completeTask(id, 'innerRequired');
    expect(await states(id)).toEqual([
      'innerOptionalItem:terminated',
      'innerRequiredItem:completed',
      'mustItem:active',
      'stageItem:completed',
    ]);
    expect(await caseState(id)).toBe('active');
    await completeTask(id, 'must');
    expect(await caseState(id)).toBe('completed');
  });

  it('a timer listener waits as a timer job; when it fires, the sentry on its occurrence runs the task after it', async () => {
    const { id } = await startCase(h.engine, { caseDefinitionKey: 'timerCase' });
    const { rows: jobs } = await h.db.query<{ id: string; due_at: Date; scope_type: string; state: string }>(
      'SELECT id, due_at, scope_type, state FROM weir_job WHERE root_instance_id = $1',
      [id],
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ scope_type: 'cmmn', state: 'timer' });
    expect(jobs[0].due_at.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(await h.engine.executeJob(jobs[0].id)).toBe('executed');
    expect(await states(id)).toEqual(['lateItem:completed', 'waitItem:completed']);
    expect(await variable(id, 'outcome')).toBe('late');
    expect(await caseState(id)).toBe('completed');
    expect((await h.db.query('SELECT 1 FROM weir_job WHERE root_instance_id = $1', [id])).rows).toEqual([]);
  });

  it('a blocking process task waits for its process and maps variables in and out; a non-blocking one completes at once', async () => {
    const { id } = await startCase(h.engine, {
      caseDefinitionKey: 'processTaskCase',
      variables: { amount: 21 },
    });
    expect(await states(id)).toEqual(['callItem:active', 'calledItem:available', 'fireItem:completed']);
    const call = await itemOf(id, 'callItem');
    const { rows } = await h.db.query<{ id: string; callback_id: string | null }>(
      `SELECT id, callback_id FROM weir_process_instance WHERE definition_key = 'caseChildProcess' ORDER BY callback_id NULLS LAST`,
    );
    const blocking = rows.find((r) => r.callback_id === call.id)!;
    expect(blocking).toBeDefined();
    const tasks = await h.engine.query.tasks({ processInstanceId: blocking.id });
    const childAmount = await h.db.query(
      `SELECT state -> 'executions' -> 0 -> 'variables' -> 'childAmount' ->> 'value' AS v FROM weir_process_instance WHERE id = $1`,
      [blocking.id],
    );
    expect(childAmount.rows[0].v).toBe('21');
    await h.engine.completeTask(tasks[0].id);
    expect(await states(id)).toEqual(['callItem:completed', 'calledItem:completed', 'fireItem:completed']);
    expect(await variable(id, 'doubled')).toBe(42);
    expect(await caseState(id)).toBe('completed');
  });

  it('a case task starts a child case with in-mappings and completes with its out-mappings when the child ends', async () => {
    const { id } = await startCase(h.engine, {
      caseDefinitionKey: 'parentCase',
      variables: { greeting: 'hello' },
    });
    const child = await itemOf(id, 'childItem');
    expect(child.state).toBe('active');
    const childCaseId = (
      await h.db.query<{ id: string }>('SELECT id FROM weir_cmmn_case_instance WHERE parent_id = $1', [id])
    ).rows[0].id;
    const [task] = await tasksOf(childCaseId);
    expect(task.name).toBe('hello');
    await h.engine.completeTask(task.id, { variables: { answer: 'world' } });
    expect(await caseState(childCaseId)).toBe('completed');
    expect(await states(id)).toEqual(['childItem:completed']);
    expect(await variable(id, 'childAnswer')).toBe('world');
    expect(await caseState(id)).toBe('completed');
  });

  it('terminating a case cancels the process its blocking process task started', async () => {
    const { id } = await startCase(h.engine, {
      caseDefinitionKey: 'processTaskCase',
      variables: { amount: 1 },
    });
    const call = await itemOf(id, 'callItem');
    const { rows } = await h.db.query<{ id: string }>(
      'SELECT id FROM weir_process_instance WHERE callback_id = $1',
      [call.id],
    );
    expect(rows).toHaveLength(1);
    await terminateCaseInstance(h.engine, id);
    expect(await caseState(id)).toBe('terminated');
    expect(await states(id)).toContain('callItem:terminated');
    expect(await h.engine.query.processInstance(rows[0].id)).toBeUndefined();
  });

  it('a .cmmn file in a process deployment becomes its child case deployment; deleting the parent ends its cases', async () => {
    const deployed = await h.engine.deploy({
      name: 'with a case',
      resources: [
        { name: 'case-child.bpmn20.xml', content: (await read('case-child.bpmn20.xml')).toString() },
        {
          name: 'carried.cmmn',
          content: (await read('manual.cmmn')).toString().replaceAll('manualCase', 'carriedCase'),
        },
      ],
    });
    const child = await h.db.query<{ id: string }>(
      'SELECT id FROM weir_cmmn_deployment WHERE parent_deployment_id = $1',
      [deployed.deployment.id],
    );
    expect(child.rows).toHaveLength(1);
    const { id } = await startCase(h.engine, {
      caseDefinitionKey: 'carriedCase',
      variables: { manual: true },
    });
    await expect(undeployCases(h.engine, child.rows[0].id)).rejects.toThrow(/1 running case instance/);
    await h.engine.deleteDeployment(deployed.deployment.id, true);
    expect(await caseState(id)).toBe('terminated');
    const left = await h.db.query('SELECT 1 FROM weir_cmmn_deployment WHERE parent_deployment_id = $1', [
      deployed.deployment.id,
    ]);
    expect(left.rows).toEqual([]);
  });
});
