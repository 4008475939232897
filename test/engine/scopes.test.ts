import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

describeEachDatabase('call activities and multi-instance', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    await h.deployFixture('call-activity-parent.bpmn20.xml', 'call-activity-child.bpmn20.xml');
    await h.deployFixture('multi-instance-parallel.bpmn20.xml', 'multi-instance-sequential.bpmn20.xml');
  });
  afterAll(() => h.close());

  it('a call activity starts the latest child with in-mappings, business key and inherited variables, and maps results out', async () => {
    const parent = await h.engine.startProcessInstanceByKey('callActivityParent', {
      variables: { customer: 'gonzo', amount: 21, orderId: 'o-1', region: 'north' },
    });
    const { rows } = await h.db.query<{ id: string; business_key: string }>(
      `SELECT id, business_key FROM weir_process_instance WHERE super_instance_id = $1`,
      [parent.id],
    );
    expect(rows).toHaveLength(1);
    const child = await h.engine.query.processInstance(rows[0].id);
    expect(child).toMatchObject({
      businessKey: 'o-1',
      definitionKey: 'callActivityChild',
      rootId: parent.id,
    });
    expect(child?.variables).toMatchObject({ customerName: 'gonzo', doubled: 42, region: 'north' });
    const [task] = await h.engine.query.tasks({ processInstanceId: child!.id });
    expect(task).toMatchObject({ name: 'Child work', assignee: 'gonzo' });
    await h.engine.completeTask(task.id, { variables: { result: 'done' } });
    expect(await h.engine.query.processInstance(child!.id)).toBeUndefined();
    expect(await h.engine.query.processInstance(parent.id)).toBeUndefined();
    const vars = await h.engine.query.historicVariables(parent.id);
    expect(vars.find((v) => v.name === 'childResult')?.value).toBe('done');
    const call = (await h.engine.query.historicActivities(parent.id)).find(
      (a) => a.activityId === 'callChild',
    );
    expect(call?.calledProcessInstanceId).toBe(child!.id);
  });

  it('deleting the parent deletes the called instance too', async () => {
    const parent = await h.engine.startProcessInstanceByKey('callActivityParent', {
      variables: { customer: 'gonzo', amount: 1, orderId: 'o-2' },
    });
    await h.engine.deleteProcessInstance(parent.id, 'no longer needed');
    const { rows } = await h.db.query(`SELECT id FROM weir_process_instance WHERE root_id = $1`, [parent.id]);
    expect(rows).toEqual([]);
    expect((await h.engine.query.historicProcessInstance(parent.id))?.endReason).toBe('no longer needed');
    expect(await h.engine.query.tasks({ candidateUser: 'x', processInstanceId: parent.id })).toEqual([]);
  });

  it('a parallel multi-instance creates one task per element and stops when the completion condition holds', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('multiInstanceParallel', {
      variables: { voters: ['kermit', 'gonzo', 'fozzie', 'piggy', 'animal'] },
    });
    const tasks = await h.engine.query.tasks({ processInstanceId: id });
    expect(tasks.map((t) => t.assignee).sort()).toEqual(['animal', 'fozzie', 'gonzo', 'kermit', 'piggy']);
    // 3 of 5 (0.6) completes the vote
    for (const assignee of ['kermit', 'gonzo']) {
      await h.engine.completeTask(tasks.find((t) => t.assignee === assignee)!.id);
    }
    expect(await h.engine.query.tasks({ processInstanceId: id })).toHaveLength(3);
    await h.engine.completeTask(tasks.find((t) => t.assignee === 'fozzie')!.id);
    expect(await h.engine.query.tasks({ processInstanceId: id })).toEqual([]);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    const cancelled = (await h.engine.query.historicTasks(id)).filter(
      (t) => t.endReason === 'completion condition',
    );
    expect(cancelled).toHaveLength(2);
  });

  it('a sequential multi-instance runs its instances one after another with loopCounter', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('multiInstanceSequential');
    for (const expected of ['Attempt 0', 'Attempt 1', 'Attempt 2']) {
      const tasks = await h.engine.query.tasks({ processInstanceId: id });
      expect(tasks.map((t) => t.name)).toEqual([expected]);
      await h.engine.completeTask(tasks[0].id);
    }
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('an empty collection skips the multi-instance activity', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('multiInstanceParallel', {
      variables: { voters: [] },
    });
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('a collection that is not a list is a clear error', async () => {
    await expect(
      h.engine.startProcessInstanceByKey('multiInstanceParallel', { variables: { voters: 'kermit' } }),
    ).rejects.toThrow(/vote.*not a list/);
  });
});
