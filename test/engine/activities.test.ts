import { afterAll, beforeAll, expect, it } from 'vitest';
import { BpmnError, type DelegateExecution, type DelegateTask } from '../../src/engine/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

describeEachDatabase('activities', (kind) => {
  let h: EngineHarness;
  const recorded: Array<Record<string, unknown>> = [];
  const trace: string[] = [];
  let failNext: 'error' | 'bpmn' | null = null;

  beforeAll(async () => {
    h = await createEngineHarness(kind);
    h.delegates.register(
      'recordApproval',
      (execution: DelegateExecution, fields: Record<string, unknown>) => {
        if (failNext === 'error') throw new Error('ledger unavailable');
        if (failNext === 'bpmn') throw new BpmnError('LEDGER_CLOSED');
        recorded.push({ activity: execution.getCurrentActivityId(), ...fields });
        execution.setVariable('recorded', true);
      },
    );
    h.delegates.register('notifier', {
      execute(execution: DelegateExecution) {
        execution.setVariable('notified', `${execution.getProcessInstanceBusinessKey()}`);
      },
    });
    h.delegates.register('mailer', {
      execute: (execution: DelegateExecution) => execution.setVariable('mailed', true),
    });
    h.delegates.register('auditLog', (execution: DelegateExecution, fields: Record<string, unknown>) => {
      trace.push(
        `audit:${execution.getEventName()}:${execution.getCurrentActivityId() ?? 'process'}${fields.label ? `:${String(fields.label)}` : ''}`,
      );
    });
    h.delegates.register('flowCounter', { notify: () => trace.push('flow:take') });
    h.delegates.register('taskAudit', {
      notify(task: DelegateTask, fields: Record<string, unknown>) {
        trace.push(
          `task:${task.getEventName()}:${task.getName()}${fields.level ? `:${String(fields.level)}` : ''}`,
        );
      },
    });
    h.delegates.register('assignmentNotifier', {
      notify: (task: DelegateTask) => trace.push(`assigned:${task.getAssignee()}`),
    });
    h.delegates.register('trace', { add: (entry: string) => trace.push(entry) });
    await h.deployFixture(
      'service-class-delegate.bpmn20.xml',
      'service-delegate-expression.bpmn20.xml',
      'service-expression-result.bpmn20.xml',
      'manual-and-send-task.bpmn20.xml',
      'listeners.bpmn20.xml',
      'embedded-subprocess.bpmn20.xml',
      'terminate-end.bpmn20.xml',
      'terminate-in-subprocess.bpmn20.xml',
      'receive-task.bpmn20.xml',
      'external-worker.bpmn20.xml',
      'script-task.bpmn20.xml',
    );
  });
  afterAll(() => h.close());

  const tasks = (processInstanceId: string) => h.engine.query.tasks({ processInstanceId });
  const ended = async (id: string) => (await h.engine.query.processInstance(id)) === undefined;

  it('a class delegate runs with its injected fields and the instance ends', async () => {
    recorded.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('serviceClassDelegate', {
      variables: { amount: 12, approver: { name: 'Miss Piggy' } },
    });
    expect(recorded).toEqual([
      {
        activity: 'record',
        ledger: 'approvals',
        amount: 1200,
        note: 'Approved by the board',
        approver: 'Miss Piggy',
      },
    ]);
    expect(await ended(id)).toBe(true);
    const vars = await h.engine.query.historicVariables(id);
    expect(vars.find((v) => v.name === 'recorded')?.value).toBe(true);
  });

  it('a failing delegate rolls the whole command back: no instance, no history', async () => {
    failNext = 'error';
    try {
      await expect(
        h.engine.startProcessInstanceByKey('serviceClassDelegate', {
          variables: { amount: 1, approver: { name: 'x' } },
        }),
      ).rejects.toThrow(/record.*ledger unavailable/);
    } finally {
      failNext = null;
    }
    const { rows } = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM weir_hi_process_instance WHERE definition_key = 'serviceClassDelegate'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('an uncaught BPMN error from a delegate fails the command with its error code', async () => {
    failNext = 'bpmn';
    try {
      await expect(
        h.engine.startProcessInstanceByKey('serviceClassDelegate', {
          variables: { amount: 1, approver: { name: 'x' } },
        }),
      ).rejects.toMatchObject({
        code: 'WEIR_BPMN_ERROR_UNCAUGHT',
        message: expect.stringContaining('LEDGER_CLOSED'),
      });
    } finally {
      failNext = null;
    }
  });

  it('a delegate expression resolves a registered bean', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('serviceDelegateExpression', {
      businessKey: 'order-7',
    });
    expect((await h.engine.query.historicVariables(id)).find((v) => v.name === 'notified')?.value).toBe(
      'order-7',
    );
  });

  it('an expression service task stores its result variable', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('serviceExpressionResult', {
      variables: { price: 2.5, quantity: 4 },
    });
    // 2.5 * 4 is a Double in JUEL, so Flowable stores a double even though the value is whole
    expect((await h.engine.query.historicVariables(id)).find((v) => v.name === 'total')).toMatchObject({
      value: 10,
      type: 'double',
    });
  });

  it('abstract, manual and send tasks pass straight through', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('manualAndSendTask');
    expect(await ended(id)).toBe(true);
    const activities = (await h.engine.query.historicActivities(id)).map((a) => a.activityId);
    expect(activities).toEqual([
      'start',
      'toAbstract',
      'abstract',
      'toManual',
      'manual',
      'toSendNothing',
      'sendNothing',
      'toSendMail',
      'sendMail',
      'toEnd',
      'end',
    ]);
  });

  it('execution and task listeners fire in order with their fields', async () => {
    trace.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('listeners', {
      variables: { initiator: 'gonzo' },
    });
    const [task] = await tasks(id);
    await h.engine.completeTask(task.id);
    expect(trace).toEqual([
      'audit:start:process',
      'start:end',
      'flow:take',
      'audit:take:start',
      'audit:start:review:review started',
      'task:create:Review:info',
      'assigned:kermit',
      'review:complete',
      // a completed task is deleted: its delete listeners run after complete, as in Flowable
      'task:delete:Review',
      'audit:end:process',
    ]);
  });

  it('an embedded subprocess is entered, waited on, and left; nested subprocesses too', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('embeddedSubProcess');
    expect((await tasks(id)).map((t) => t.name)).toEqual(['Check stock']);
    await h.engine.completeTask((await tasks(id))[0].id);
    expect((await tasks(id)).map((t) => t.name)).toEqual(['Check credit']);
    await h.engine.completeTask((await tasks(id))[0].id);
    expect((await tasks(id)).map((t) => t.name)).toEqual(['Ship']);
    const activities = (await h.engine.query.historicActivities(id)).map((a) => a.activityId);
    expect(activities).toEqual([
      'start',
      'toCheck',
      'check',
      'checkStart',
      'toStock',
      'stock',
      'toNested',
      'nested',
      'nestedStart',
      'toCredit',
      'credit',
      'toNestedEnd',
      'nestedEnd',
      'toCheckEnd',
      'checkEnd',
      'toShip',
      'ship',
    ]);
  });

  it('a terminate end event ends the whole instance, cancelling the open task', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('terminateEnd');
    expect(await ended(id)).toBe(true);
    expect(await tasks(id)).toEqual([]);
    const histTasks = await h.engine.query.historicTasks(id);
    expect(histTasks[0]).toMatchObject({
      name: 'Never finished',
      endReason: 'terminate end event (terminate)',
    });
    expect((await h.engine.query.historicProcessInstance(id))?.endActivityId).toBe('terminate');
  });

  it('a terminate end event inside a subprocess ends only that subprocess', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('terminateInSubProcess');
    expect((await tasks(id)).map((t) => t.name)).toEqual(['After the subprocess']);
    expect(await ended(id)).toBe(false);
  });

  it('a receive task waits for a trigger only, with or without a messageRef (as in Flowable)', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('receiveTask');
    const view = await h.engine.query.processInstance(id);
    expect(view?.activityIds).toEqual(['waitForTrigger']);
    const waitingIn = async (activityId: string) => {
      const { rows } = await h.db.query<{ id: string }>(
        `SELECT e->>'id' AS id FROM weir_process_instance, jsonb_array_elements(state->'executions') e
         WHERE id = $1 AND e->>'activityId' = $2`,
        [id, activityId],
      );
      return rows[0].id;
    };
    await h.engine.trigger(await waitingIn('waitForTrigger'), { note: 'go' });
    // Flowable's ReceiveTaskActivityBehavior reads no messageRef: nothing subscribes to the message
    expect(await h.engine.query.subscriptions({ processInstanceId: id })).toEqual([]);
    const payment = await waitingIn('waitForPayment');
    await expect(h.engine.messageEventReceived('payment-received', payment)).rejects.toMatchObject({
      code: 'WEIR_NOT_FOUND',
    });
    await h.engine.trigger(payment, { paid: 10 });
    expect(await ended(id)).toBe(true);
  });

  it('an external-worker service task creates an external job on its topic and waits', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('externalWorker');
    const jobs = await h.engine.query.jobs({ processInstanceId: id });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      state: 'external',
      topic: 'invoices',
      elementId: 'book',
      handler: 'external-worker',
    });
    expect(await ended(id)).toBe(false);
  });

  it('a script task runs JavaScript in the sandbox and stores its result', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('scriptTask', { variables: { amount: 500 } });
    expect((await h.engine.query.historicVariables(id)).find((v) => v.name === 'score')?.value).toBe(20);
  });
});
