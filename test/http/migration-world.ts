/**
 * Two versions of the process 'migrating' (fixtures migration-v1 and -v2) and instances of
 * version 1 parked at a chosen task, for the migration and batch tests.
 */
import { expect } from 'vitest';
import { startInstance, type HttpHarness } from './harness.ts';

export type Task = { id: string; taskDefinitionKey: string; processDefinitionId: string };

export interface MigrationWorld {
  v1: string;
  v2: string;
  tasksOf(instanceId: string): Promise<Task[]>;
  complete(task: Task): Promise<void>;
  /** An instance of version 1 waiting at `at` ('first', 'legacy' or 'second'). */
  startAt(at: 'first' | 'legacy' | 'second'): Promise<string>;
}

export const migrationWorld = async (h: HttpHarness): Promise<MigrationWorld> => {
  await h.deploy(['migration-v1.bpmn20.xml']);
  await h.deploy(['migration-v2.bpmn20.xml']);
  const defs = (
    await h.request('GET', '/process-api/repository/process-definitions?key=migrating&sort=version')
  ).json().data as { id: string }[];
  const tasksOf = async (id: string): Promise<Task[]> =>
    (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${id}`)).json().data;
  const complete = async (task: Task) => {
    const done = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
      body: { action: 'complete' },
    });
    expect(done.statusCode).toBe(200);
  };
  const startAt = async (at: string) => {
    const id = (await startInstance(h, { processDefinitionId: defs[0].id })).id;
    for (const step of ['first', 'legacy', 'second']) {
      if (step === at) break;
      await complete((await tasksOf(id))[0]);
    }
    expect((await tasksOf(id)).map((t) => t.taskDefinitionKey)).toEqual([at]);
    return id;
  };
  return { v1: defs[0].id, v2: defs[1].id, tasksOf, complete, startAt };
};
