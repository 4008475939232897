/**
 * Variables: the REST types (string, integer, long, double, boolean, date, json) round-trip,
 * local versus global scope on tasks and executions, updates and deletions, and what history
 * keeps. After Flowable's `VariablesTest`, `TaskVariablesTest`, `VariableScopeTest` and
 * `HistoricVariableInstanceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  familyFixtures,
  historicVariablesOf,
  listOf,
  ok,
  start,
  tasksOf,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('variables'));
beforeAll(() => {
  h = use();
});

const typed = [
  { name: 'aString', type: 'string', value: 'coffee' },
  { name: 'anInteger', type: 'integer', value: 42 },
  { name: 'aLong', type: 'long', value: 9_007_199_254_740 },
  { name: 'aDouble', type: 'double', value: 2.5 },
  { name: 'aBoolean', type: 'boolean', value: true },
  { name: 'aDate', type: 'date', value: '2026-03-04T05:06:07.000Z' },
  { name: 'aJson', type: 'json', value: { customer: { name: 'Piggy', tags: ['vip'] } } },
];

const taskVariables = async (taskId: string, scope: 'local' | 'global') =>
  Object.fromEntries(
    (
      (await ok(h, 'GET', `/process-api/runtime/tasks/${taskId}/variables?scope=${scope}`)) as {
        name: string;
        value: unknown;
      }[]
    ).map((variable) => [variable.name, variable.value]),
  );

describe('types', () => {
  it('each REST type given at start is read back with its type and value (VariablesTest.testGetVariables)', async () => {
    const instance = await start(h, 'vrTwoTasks', typed);
    const variables = await variablesOf(h, instance.id);
    for (const { name, type, value } of typed) {
      expect(variables[name]).toMatchObject({ type });
      if (type === 'date') expect(new Date(variables[name].value as string).toISOString()).toBe(value);
      else expect(variables[name].value).toEqual(value);
    }
  });

  it('a single variable is read by name with its type (VariablesTest.testGetVariable)', async () => {
    const instance = await start(h, 'vrTwoTasks', typed);
    const variable = await ok(
      h,
      'GET',
      `/process-api/runtime/process-instances/${instance.id}/variables/aDouble`,
    );
    expect(variable).toMatchObject({ name: 'aDouble', type: 'double', value: 2.5 });
  });

  it('a null value is kept as a variable with no value (VariablesTest.testCreateAndUpdateWithValue)', async () => {
    const instance = await start(h, 'vrTwoTasks', [{ name: 'nothing', type: 'string', value: null }]);
    const variables = await variablesOf(h, instance.id);
    expect(variables).toHaveProperty('nothing');
    expect(variables.nothing.value ?? null).toBeNull();
  });

  it('an unknown variable type is a bad request that names it (Flowable REST: RestResponseFactory refuses a type it has no converter for)', async () => {
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'vrTwoTasks', variables: [{ name: 'x', type: 'bigdecimal', value: 1 }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('bigdecimal');
  });
});

describe('scopes', () => {
  it('a task-local variable is visible on the task but not on the instance (TaskVariablesTest.testTaskExecutionVariables)', async () => {
    const instance = await start(h, 'vrTwoTasks');
    const [task] = await tasksOf(h, instance.id);
    await ok(h, 'POST', `/process-api/runtime/tasks/${task.id}/variables`, [
      { name: 'note', type: 'string', value: 'local only', scope: 'local' },
    ]);
    expect((await taskVariables(task.id, 'local')).note).toBe('local only');
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('note');
  });

  it('a global task variable lands on the instance (TaskVariablesTest.testTaskExecutionVariables)', async () => {
    const instance = await start(h, 'vrTwoTasks');
    const [task] = await tasksOf(h, instance.id);
    await ok(h, 'POST', `/process-api/runtime/tasks/${task.id}/variables`, [
      { name: 'shared', type: 'string', value: 'everyone', scope: 'global' },
    ]);
    expect((await variablesOf(h, instance.id)).shared?.value).toBe('everyone');
    expect((await taskVariables(task.id, 'global')).shared).toBe('everyone');
  });

  it('task-local variables end with the task (TaskVariablesTest.testTaskExecutionVariables)', async () => {
    const instance = await start(h, 'vrTwoTasks');
    const [task] = await tasksOf(h, instance.id);
    await ok(h, 'POST', `/process-api/runtime/tasks/${task.id}/variables`, [
      { name: 'draft', type: 'string', value: 'temp', scope: 'local' },
    ]);
    await completeTask(h, instance.id, 'first');
    const [next] = await tasksOf(h, instance.id);
    expect(await taskVariables(next.id, 'global')).not.toHaveProperty('draft');
  });

  it('same-named local variables of parallel scopes do not clash (VariableScopeTest.testVariableScope, HistoricVariableInstanceTest.testParallel)', async () => {
    const instance = await start(h, 'vrParallelLocal');
    expect((await tasksOf(h, instance.id)).map((task) => task.name).sort()).toEqual(['Task A', 'Task B']);
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('branch');
    const history = await listOf(
      h,
      `/process-api/history/historic-variable-instances?processInstanceId=${instance.id}&variableName=branch`,
    );
    expect(history.map((row) => row.variable.value).sort()).toEqual(['A', 'B']);
  });

  it('a variable given to a task completion is global by default (VariableScopeTest.testGetVariableLocal)', async () => {
    const instance = await start(h, 'vrTwoTasks');
    await completeTask(h, instance.id, 'first', { verdict: 'ok' });
    expect((await variablesOf(h, instance.id)).verdict?.value).toBe('ok');
  });
});

describe('updates and history', () => {
  it('updating a variable replaces its value and may change its type (HistoricVariableInstanceTest.testChangeType)', async () => {
    const instance = await start(h, 'vrTwoTasks', { counter: 'one' });
    await ok(h, 'PUT', `/process-api/runtime/process-instances/${instance.id}/variables/counter`, {
      name: 'counter',
      type: 'integer',
      value: 1,
    });
    expect((await variablesOf(h, instance.id)).counter).toMatchObject({ type: 'integer', value: 1 });
    expect((await historicVariablesOf(h, instance.id)).counter).toMatchObject({ type: 'integer', value: 1 });
  });

  it('deleting a variable removes it from the instance (RuntimeServiceTest.testRemoveVariable)', async () => {
    const instance = await start(h, 'vrTwoTasks', { temporary: 'x', kept: 'y' });
    const response = await h.request(
      'DELETE',
      `/process-api/runtime/process-instances/${instance.id}/variables/temporary`,
    );
    expect(response.statusCode).toBe(204);
    const variables = await variablesOf(h, instance.id);
    expect(variables).not.toHaveProperty('temporary');
    expect(variables.kept?.value).toBe('y');
  });

  it('history keeps the last value of each variable after the instance ended (HistoricVariableInstanceTest.testSimple)', async () => {
    const instance = await start(h, 'vrTwoTasks', { status: 'new' });
    await completeTask(h, instance.id, 'first', { status: 'checked' });
    await completeTask(h, instance.id, 'second', { status: 'done' });
    const history = await historicVariablesOf(h, instance.id);
    expect(history.status).toMatchObject({ type: 'string', value: 'done' });
  });

  it('history keeps variables of an instance that ran without a wait state (HistoricVariableInstanceTest.testSimpleNoWaitState)', async () => {
    const instance = await start(h, 'vrNoWait', { base: 5 });
    const history = await historicVariablesOf(h, instance.id);
    expect(Object.keys(history).sort()).toEqual(['base', 'computed']);
  });

  it('historic detail records every update of a variable (HistoricVariableInstanceTest.testVariableUpdatesLinkedToActivity)', async () => {
    const instance = await start(h, 'vrTwoTasks', { stage: 1 });
    await completeTask(h, instance.id, 'first', { stage: 2 });
    await completeTask(h, instance.id, 'second', { stage: 3 });
    const details = await listOf(
      h,
      `/process-api/history/historic-detail?processInstanceId=${instance.id}&selectOnlyVariableUpdates=true&size=100`,
    );
    const stages = details
      .filter((row) => row.variable?.name === 'stage')
      .map((row) => row.variable.value as number)
      .sort();
    expect(stages).toEqual([1, 2, 3]);
  });

  it('deleting an instance keeps its historic variables (HistoricVariableInstanceTest.testHistoricProcessVariableOnDeletion)', async () => {
    const instance = await start(h, 'vrTwoTasks', { kept: 'after delete' });
    await ok(h, 'DELETE', `/process-api/runtime/process-instances/${instance.id}`);
    expect((await historicVariablesOf(h, instance.id)).kept?.value).toBe('after delete');
  });
});
