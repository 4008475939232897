import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

describeEachDatabase('user tasks and gateways', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    await h.deployFixture(
      'user-task-approval.bpmn20.xml',
      'parallel-fork-join.bpmn20.xml',
      'inclusive-gateway.bpmn20.xml',
      'unstructured-parallel.bpmn20.xml',
      'exclusive-default-flow.bpmn20.xml',
    );
  });
  afterAll(() => h.close());

  const taskNames = async (processInstanceId: string) =>
    (await h.engine.query.tasks({ processInstanceId })).map((t) => t.name).sort();
  const completeByName = async (
    processInstanceId: string,
    name: string,
    variables: Record<string, unknown> = {},
  ) => {
    const task = (await h.engine.query.tasks({ processInstanceId })).find((t) => t.name === name);
    expect(task, `task '${name}'`).toBeDefined();
    await h.engine.completeTask(task!.id, { variables });
  };

  describe('approval', () => {
    it('after start there is one task Approve with its assignment, form, due date, priority and category', async () => {
      const started = await h.engine.startProcessInstanceByKey('approval', {
        startUserId: 'kermit',
        variables: { deputy: 'gonzo', dueDate: new Date('2026-03-10T12:00:00Z') },
      });
      const tasks = await h.engine.query.tasks({ processInstanceId: started.id });
      expect(tasks).toHaveLength(1);
      const [task] = tasks;
      expect(task).toMatchObject({
        name: 'Approve',
        assignee: 'kermit',
        owner: 'fozzie',
        formKey: 'approve-form',
        priority: 60,
        category: 'expenses',
        taskDefinitionKey: 'approve',
      });
      expect(new Date(task.dueDate!).toISOString()).toBe('2026-03-10T12:00:00.000Z');
      const links = await h.engine.query.identityLinks(task.id);
      expect(
        links
          .filter((l) => l.userId)
          .map((l) => l.userId)
          .sort(),
      ).toEqual(['gonzo', 'kermit']);
      expect(
        links
          .filter((l) => l.groupId)
          .map((l) => l.groupId)
          .sort(),
      ).toEqual(['finance', 'management']);
      const instance = await h.engine.query.processInstance(started.id);
      expect(instance?.variables.initiator).toBe('kermit');
    });

    it('without a starting user the initiator variable exists and is null, as in Flowable', async () => {
      const started = await h.engine.startProcessInstanceByKey('approval', {
        variables: { deputy: 'gonzo', dueDate: new Date('2026-03-10T12:00:00Z') },
      });
      const instance = await h.engine.query.processInstance(started.id);
      expect(instance?.variables).toHaveProperty('initiator', null);
    });

    it('completing Approve with approved=false ends the instance at the rejected end event', async () => {
      const started = await h.engine.startProcessInstanceByKey('approval', {
        startUserId: 'kermit',
        variables: { deputy: 'gonzo', dueDate: null },
      });
      const [task] = await h.engine.query.tasks({ processInstanceId: started.id });
      h.clock.advance(90_000);
      await h.engine.completeTask(task.id, { variables: { approved: false } });
      expect(await h.engine.query.processInstance(started.id)).toBeUndefined();
      const hist = await h.engine.query.historicProcessInstance(started.id);
      expect(hist?.endActivityId).toBe('rejected');
      expect(Number(hist?.durationMs)).toBe(90_000);
      const history = await h.engine.query.historicActivities(started.id);
      expect(history.map((a) => a.activityId)).toEqual([
        'start',
        'toApprove',
        'approve',
        'toDecision',
        'decision',
        'toRejected',
        'rejected',
      ]);
      expect(history[2]).toMatchObject({ assignee: 'kermit', taskId: task.id });
      const histTasks = await h.engine.query.historicTasks(started.id);
      expect(histTasks).toHaveLength(1);
      expect(histTasks[0]).toMatchObject({ name: 'Approve', assignee: 'kermit', endReason: null });
      expect(histTasks[0].endedAt).not.toBeNull();
      const vars = await h.engine.query.historicVariables(started.id);
      expect(vars.find((v) => v.name === 'approved')).toMatchObject({ type: 'boolean', value: false });
    });

    it('a gateway condition over a missing variable fails the command and changes nothing', async () => {
      const started = await h.engine.startProcessInstanceByKey('approval', {
        startUserId: 'kermit',
        variables: { deputy: 'gonzo', dueDate: null },
      });
      const [task] = await h.engine.query.tasks({ processInstanceId: started.id });
      await expect(h.engine.completeTask(task.id)).rejects.toThrow(/toApproved.*Unknown property.*approved/);
      expect(await taskNames(started.id)).toEqual(['Approve']);
      expect((await h.engine.query.historicTasks(started.id))[0].endedAt).toBeNull();
    });
  });

  it('a parallel join continues once, after both branches', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin');
    expect(await taskNames(id)).toEqual(['Send invoice', 'Ship goods']);
    await completeByName(id, 'Ship goods');
    expect(await taskNames(id)).toEqual(['Send invoice']);
    expect((await h.engine.query.processInstance(id))?.activityIds).toContain('join');
    await completeByName(id, 'Send invoice');
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    expect((await h.engine.query.historicProcessInstance(id))?.endActivityId).toBe('end');
  });

  it('unstructured forks and joins: one branch ends alone, two meet at a join', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('unstructuredParallel');
    expect(await taskNames(id)).toEqual(['A', 'B', 'C']);
    await completeByName(id, 'B');
    await completeByName(id, 'A');
    expect(await taskNames(id)).toEqual(['C']);
    await completeByName(id, 'C');
    expect(await taskNames(id)).toEqual(['D']);
    await completeByName(id, 'D');
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('an inclusive gateway forks on every true condition and joins only those branches', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('inclusiveGateway', {
      variables: { amount: 20000, risky: true },
    });
    expect(await taskNames(id)).toEqual(['Legal review', 'Risk review']);
    await completeByName(id, 'Risk review');
    expect(await taskNames(id)).toEqual(['Legal review']);
    await completeByName(id, 'Legal review');
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('an inclusive gateway with no true condition takes its default flow', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('inclusiveGateway', {
      variables: { amount: 10, risky: false },
    });
    expect(await taskNames(id)).toEqual(['Standard review']);
    await completeByName(id, 'Standard review');
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('an exclusive gateway takes the first true condition in document order, else the default', async () => {
    const high = await h.engine.startProcessInstanceByKey('exclusiveDefaultFlow', {
      variables: { priority: 'high' },
    });
    expect(await taskNames(high.id)).toEqual(['Urgent']);
    const low = await h.engine.startProcessInstanceByKey('exclusiveDefaultFlow', {
      variables: { priority: 'low' },
    });
    expect(await taskNames(low.id)).toEqual(['Low']);
    const other = await h.engine.startProcessInstanceByKey('exclusiveDefaultFlow', {
      variables: { priority: 'medium' },
    });
    expect(await taskNames(other.id)).toEqual(['Normal']);
  });

  it('claiming a task claimed by someone else is a conflict; unclaim frees it', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin');
    const [task] = await h.engine.query.tasks({ processInstanceId: id });
    await h.engine.claimTask(task.id, 'kermit');
    await expect(h.engine.claimTask(task.id, 'gonzo')).rejects.toMatchObject({ code: 'WEIR_CONFLICT' });
    await h.engine.claimTask(task.id, null);
    await h.engine.claimTask(task.id, 'gonzo');
    expect(
      (await h.engine.query.tasks({ assignee: 'gonzo', processInstanceId: id })).map((t) => t.id),
    ).toEqual([task.id]);
  });
});
