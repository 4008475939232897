/**
 * Multi-instance: sequential and parallel, over a cardinality or a collection, completion
 * conditions, `loopCounter` and the `nrOf*` variables, on tasks, subprocesses and call
 * activities. After Flowable's `MultiInstanceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  complete,
  completeTask,
  familyFixtures,
  historicActivities,
  isEnded,
  listOf,
  ok,
  openTaskKeys,
  start,
  tasksOf,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('multi-instance'));
beforeAll(() => {
  h = use();
});

const taskNames = async (id: string) => (await tasksOf(h, id)).map((task) => task.name);

const completeAll = async (id: string, key: string, count: number) => {
  for (let i = 0; i < count; i++) await completeTask(h, id, key);
};

describe('sequential', () => {
  it('creates one task at a time, numbered by loopCounter (MultiInstanceTest.testSequentialUserTasks)', async () => {
    const instance = await start(h, 'miSequential');
    for (const n of [0, 1, 2]) {
      expect(await taskNames(instance.id)).toEqual([`Step ${n}`]);
      await completeTask(h, instance.id, 'step');
    }
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('records one activity instance per round in history (MultiInstanceTest.testSequentialUserTasksHistory)', async () => {
    const instance = await start(h, 'miSequential');
    await completeAll(instance.id, 'step', 3);
    const steps = (await historicActivities(h, instance.id)).filter((row) => row.activityId === 'step');
    expect(steps).toHaveLength(3);
    expect(steps.every((row) => row.endTime !== null && row.activityType === 'userTask')).toBe(true);
    const tasks = await listOf(
      h,
      `/process-api/history/historic-task-instances?processInstanceId=${instance.id}&taskDefinitionKey=step`,
    );
    expect(tasks).toHaveLength(3);
  });

  it('stops early when the completion condition holds (MultiInstanceTest.testSequentialUserTasksCompletionCondition)', async () => {
    const instance = await start(h, 'miSequentialCompletion', { succeeded: false });
    await completeTask(h, instance.id, 'attempt');
    await completeTask(h, instance.id, 'attempt', { succeeded: true });
    expect(await isEnded(h, instance.id)).toBe(true);
    const rounds = (await historicActivities(h, instance.id)).filter((row) => row.activityId === 'attempt');
    expect(rounds).toHaveLength(2);
  });

  it('runs a subprocess once per element of a collection expression (MultiInstanceTest.testSequentialSubProcess)', async () => {
    const instance = await start(h, 'miSubProcess', {
      order: { items: [{ sku: 'apple' }, { sku: 'pear' }] },
    });
    expect(await taskNames(instance.id)).toEqual(['Pick apple']);
    await completeTask(h, instance.id, 'pick');
    expect(await taskNames(instance.id)).toEqual(['Pick pear']);
    await completeTask(h, instance.id, 'pick');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('runs without wait states in one command, in collection order (MultiInstanceTest.testSequentialScriptTasks)', async () => {
    const instance = await start(h, 'miNoWait', { items: ['x', 'y', 'z'] });
    expect(await isEnded(h, instance.id)).toBe(true);
    const last = await listOf(
      h,
      `/process-api/history/historic-variable-instances?processInstanceId=${instance.id}&variableName=last`,
    );
    expect(last[0].variable.value).toBe('z');
  });
});

describe('parallel', () => {
  it('creates every task at once, one per collection element (MultiInstanceTest.testParallelUserTasksBasedOnCollection)', async () => {
    const instance = await start(h, 'miParallelCollection', { reviewers: ['kermit', 'fozzie', 'gonzo'] });
    const tasks = await tasksOf(h, instance.id);
    expect(tasks.map((task) => task.assignee).sort()).toEqual(['fozzie', 'gonzo', 'kermit']);
    expect(tasks.map((task) => task.name).sort()).toEqual([
      'Review by fozzie',
      'Review by gonzo',
      'Review by kermit',
    ]);
  });

  it('continues only after the last instance completes (MultiInstanceTest.testParallelUserTasks)', async () => {
    const instance = await start(h, 'miParallelCollection', { reviewers: ['kermit', 'fozzie'] });
    await completeTask(h, instance.id, 'review');
    expect(await openTaskKeys(h, instance.id)).toEqual(['review']);
    await completeTask(h, instance.id, 'review');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('the element variable is local to each instance, not left on the process (MultiInstanceTest.testParallelUserTasksCustomExtensions)', async () => {
    const instance = await start(h, 'miParallelCollection', { reviewers: ['kermit', 'fozzie'] });
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('reviewer');
    await completeAll(instance.id, 'review', 2);
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('reviewer');
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('nrOfInstances');
  });

  it('a completion condition on nrOfCompletedInstances / nrOfInstances cancels the rest (MultiInstanceTest.testParallelUserTasksCompletionCondition)', async () => {
    const instance = await start(h, 'miCompletion', { voters: 5 });
    expect(await tasksOf(h, instance.id)).toHaveLength(5);
    await completeAll(instance.id, 'vote', 2);
    expect(await tasksOf(h, instance.id)).toHaveLength(3);
    await completeTask(h, instance.id, 'vote');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('cancelled instances end in history with an end time (MultiInstanceTest.testParallelUserTasksCompletionCondition)', async () => {
    const instance = await start(h, 'miCompletion', { voters: 5 });
    await completeAll(instance.id, 'vote', 3);
    const votes = (await historicActivities(h, instance.id)).filter((row) => row.activityId === 'vote');
    expect(votes).toHaveLength(5);
    expect(votes.every((row) => row.endTime !== null)).toBe(true);
  });

  it('a custom elementIndexVariable and nrOfInstances are visible to each instance (MultiInstanceTest.testParallelUserTasksCustomExtensionsLoopIndexVariable)', async () => {
    const instance = await start(h, 'miCounters');
    const seen: string[] = [];
    for (const task of await tasksOf(h, instance.id)) {
      const variables = (await ok(
        h,
        'GET',
        `/process-api/runtime/tasks/${task.id}/variables?scope=local`,
      )) as {
        name: string;
        value: unknown;
      }[];
      const byName = Object.fromEntries(variables.map((v) => [v.name, v.value]));
      seen.push(`${String(byName.index)}/${String(byName.total)}`);
    }
    expect(seen.sort()).toEqual(['0/2', '1/2']);
  });

  it('runs a call activity per element, each child with its own element (MultiInstanceTest.testParallelCallActivity)', async () => {
    const instance = await start(h, 'miCallActivity', { parts: ['wheel', 'frame'] });
    const children = await listOf(
      h,
      `/process-api/runtime/process-instances?superProcessInstanceId=${instance.id}`,
    );
    expect(children).toHaveLength(2);
    const names = [];
    for (const child of children) names.push(...(await taskNames(child.id as string)));
    expect(names.sort()).toEqual(['Child frame', 'Child wheel']);
    for (const child of children) {
      const [task] = await tasksOf(h, child.id as string);
      await complete(h, task.id);
    }
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('an empty collection skips the activity (MultiInstanceTest.testEmptyCollectionOnParallelUserTask)', async () => {
    const instance = await start(h, 'miEmpty', { nobody: [] });
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });
});

describe('nested and called', () => {
  it('a parallel multi-instance subprocess holding a parallel multi-instance task makes every combination (MultiInstanceTest.testNestedParallelUserTasks)', async () => {
    const instance = await start(h, 'miNested');
    expect(await tasksOf(h, instance.id)).toHaveLength(6);
    await completeAll(instance.id, 'inner', 5);
    expect(await openTaskKeys(h, instance.id)).toEqual(['inner']);
    await completeTask(h, instance.id, 'inner');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('a sequential call activity calls one child at a time, in collection order (MultiInstanceTest.testSequentialCallActivity)', async () => {
    const instance = await start(h, 'miSequentialCall', { parts: ['bolt', 'nut'] });
    for (const part of ['bolt', 'nut']) {
      const children = await listOf(
        h,
        `/process-api/runtime/process-instances?superProcessInstanceId=${instance.id}`,
      );
      expect(children).toHaveLength(1);
      expect(await taskNames(children[0].id as string)).toEqual([`Child ${part}`]);
      await completeTask(h, children[0].id as string, 'childTask');
    }
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });
});
