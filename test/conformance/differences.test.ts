/**
 * Behaviours where Weir used to differ from Flowable (docs/compatibility.md, "What still
 * differs"), each now as Flowable does it: delete listeners on completion, the Java number
 * type of values set through expressions, receive tasks and messages, sequence flow history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import { complete, familyFixtures, start, tasksOf, useConformanceHarness, variablesOf } from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('differences'));
beforeAll(() => {
  h = use();
});

describe('task listeners on completion (TaskListenerTest)', () => {
  it('completing a task fires its delete listeners after its complete listeners (testTaskListenersOnDeleteByComplete)', async () => {
    const instance = await start(h, 'dfTaskDelete', { heard: 0 });
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const variables = await variablesOf(h, instance.id);
    expect(variables.deletedAfterComplete?.value).toBe(true);
    expect((await tasksOf(h, instance.id)).map((open) => open.name)).toEqual(['After']);
  });

  it("an 'all' listener hears create, complete and then delete (testAllEventsTaskListener)", async () => {
    const instance = await start(h, 'dfTaskDelete', { heard: 0 });
    expect((await variablesOf(h, instance.id)).lastHeard?.value).toBe('create');
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const variables = await variablesOf(h, instance.id);
    expect(variables.heard?.value).toBe(3);
    expect(variables.lastHeard?.value).toBe('delete');
  });
});
