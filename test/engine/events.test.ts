import { afterAll, beforeAll, expect, it } from 'vitest';
import { BpmnError, type DelegateExecution } from '../../src/engine/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

const HOUR = 3_600_000;

describeEachDatabase('events', (kind) => {
  let h: EngineHarness;
  const hotel: string[] = [];
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    h.delegates.register('worker', {
      execute(execution: DelegateExecution) {
        if (execution.getVariable('fail')) throw new BpmnError('WORK_FAILED', 'the work failed');
      },
    });
    h.delegates.register('bookHotel', () => hotel.push('booked'));
    h.delegates.register('cancelHotel', () => hotel.push('cancelled'));
    await h.deployFixture(
      'timer-boundary-three.bpmn20.xml',
      'timer-intermediate.bpmn20.xml',
      'message-start.bpmn20.xml',
      'message-catch.bpmn20.xml',
      'message-boundary-noninterrupting.bpmn20.xml',
      'signal-catch-throw.bpmn20.xml',
      'error-boundary-on-subprocess.bpmn20.xml',
      'error-event-subprocess.bpmn20.xml',
      'escalation.bpmn20.xml',
      'event-based-gateway.bpmn20.xml',
      'compensation.bpmn20.xml',
      'link-events.bpmn20.xml',
    );
  });
  afterAll(() => h.close());

  const tasks = async (id: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.name).sort();
  const timers = (id: string) => h.engine.query.jobs({ processInstanceId: id, state: 'timer' });
  /** What the executor does when the clock passes a timer's due time. */
  const fireDue = async (id: string) => {
    for (const job of await timers(id)) {
      if (new Date(job.dueAt!).getTime() <= h.clock.now().getTime()) await h.engine.executeJob(job.id);
    }
  };
  const executionAt = async (id: string, activityId: string) => {
    const { rows } = await h.db.query<{ id: string }>(
      `SELECT e->>'id' AS id FROM weir_process_instance, jsonb_array_elements(state->'executions') e
       WHERE weir_process_instance.id = $1 AND e->>'activityId' = $2`,
      [id, activityId],
    );
    return rows[0]?.id;
  };

  it('three interrupting boundary timers PT1H, PT2H, PT3H: after one hour the PT1H path wins and no timer job remains', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('timerBoundaryThree');
    const due = (await timers(id))
      .map((j) => new Date(j.dueAt!).getTime() - h.clock.now().getTime())
      .sort((a, b) => a - b);
    expect(due).toEqual([HOUR, 2 * HOUR, 3 * HOUR]);
    h.clock.advance(HOUR + 1000);
    await fireDue(id);
    expect(await timers(id)).toEqual([]);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    expect((await h.engine.query.historicProcessInstance(id))?.endActivityId).toBe('late1');
    expect((await h.engine.query.historicTasks(id))[0].endReason).toBe('boundary event (after1h)');
  });

  it('an intermediate timer waits its duration, then a date from an expression', async () => {
    const deadline = new Date(h.clock.now().getTime() + 2 * HOUR);
    const { id } = await h.engine.startProcessInstanceByKey('timerIntermediate', { variables: { deadline } });
    h.clock.advance(4 * 60_000);
    await fireDue(id);
    expect((await h.engine.query.processInstance(id))?.activityIds).toEqual(['pause']);
    h.clock.advance(60_000);
    await fireDue(id);
    const [until] = await timers(id);
    expect(new Date(until.dueAt!).toISOString()).toBe(deadline.toISOString());
    h.clock.set(deadline);
    await fireDue(id);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('a message start event starts an instance by message name', async () => {
    const started = await h.engine.startProcessInstanceByMessage('new-order', { businessKey: 'o-9' });
    expect(await tasks(started.id)).toEqual(['Handle order']);
    await expect(h.engine.startProcessInstanceByMessage('no-such-message')).rejects.toMatchObject({
      code: 'WEIR_NOT_FOUND',
    });
  });

  it('an intermediate message catch waits on a subscription that goes with it', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('messageCatch');
    const [sub] = await h.engine.query.subscriptions({ processInstanceId: id });
    expect(sub).toMatchObject({
      eventType: 'message',
      eventName: 'payment-received',
      activityId: 'waitForPayment',
    });
    await h.engine.messageEventReceived('payment-received', sub.executionId!, { amount: 5 });
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    expect(await h.engine.query.subscriptions({ processInstanceId: id })).toEqual([]);
  });

  it('a non-interrupting message boundary adds a path and keeps the task; completing the task removes the subscription', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('messageBoundaryNonInterrupting');
    const exec = await executionAt(id, 'work');
    await h.engine.messageEventReceived('reminder', exec!);
    expect(await tasks(id)).toEqual(['Follow up', 'Work']);
    await h.engine.messageEventReceived('reminder', exec!);
    expect(await tasks(id)).toEqual(['Follow up', 'Follow up', 'Work']);
    const work = (await h.engine.query.tasks({ processInstanceId: id })).find((t) => t.name === 'Work')!;
    await h.engine.completeTask(work.id);
    expect(await h.engine.query.subscriptions({ processInstanceId: id })).toEqual([]);
    expect(await tasks(id)).toEqual(['Follow up', 'Follow up']);
  });

  it('a thrown signal reaches every instance subscribed to it; an instance-scoped signal stays in its instance', async () => {
    const a = await h.engine.startProcessInstanceByKey('signalCatchThrow');
    // a threw 'alert' itself: its own catch received it, and it ended
    expect(await h.engine.query.processInstance(a.id)).toBeUndefined();
    const one = await h.engine.startProcessInstanceByKey('eventBasedGateway');
    const two = await h.engine.startProcessInstanceByKey('eventBasedGateway');
    expect(await h.engine.signalEventReceived('cancel')).toBe(2);
    expect(await h.engine.query.processInstance(one.id)).toBeUndefined();
    expect(await h.engine.query.processInstance(two.id)).toBeUndefined();
    expect(await h.engine.signalEventReceived('cancel')).toBe(0);
  });

  it('a BPMN error end event in a subprocess is caught by the boundary with its code, not the catch-all', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('errorBoundaryOnSubProcess');
    const [assess] = await h.engine.query.tasks({ processInstanceId: id });
    await h.engine.completeTask(assess.id, { variables: { creditOk: false } });
    expect(await tasks(id)).toEqual(['Explain the refusal']);
  });

  it('a BPMN error thrown by a delegate starts the error event subprocess, interrupting the process', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('errorEventSubProcess', {
      variables: { fail: true },
    });
    expect(await tasks(id)).toEqual(['Repair']);
    await h.engine.completeTask((await h.engine.query.tasks({ processInstanceId: id }))[0].id);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    const ok = await h.engine.startProcessInstanceByKey('errorEventSubProcess', {
      variables: { fail: false },
    });
    expect(ok.ended).toBe(true);
  });

  it('a non-interrupting escalation boundary adds a path each time, and the subprocess goes on', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('escalation');
    expect(await tasks(id)).toEqual(['Finish anyway', 'Inform the manager']);
    const finish = (await h.engine.query.tasks({ processInstanceId: id })).find(
      (t) => t.name === 'Finish anyway',
    )!;
    await h.engine.completeTask(finish.id);
    expect(await tasks(id)).toEqual(['Inform the manager', 'Inform the manager']);
  });

  it('after an event-based gateway the first event wins and the others are removed in the same transaction', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('eventBasedGateway');
    const subs = await h.engine.query.subscriptions({ processInstanceId: id });
    expect(subs.map((s) => `${s.eventType}:${s.eventName}`).sort()).toEqual([
      'message:answer',
      'signal:cancel',
    ]);
    expect(await timers(id)).toHaveLength(1);
    expect(await h.engine.signalEventReceived('cancel')).toBe(1);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    expect(await h.engine.query.subscriptions({ processInstanceId: id })).toEqual([]);
    expect(await timers(id)).toEqual([]);
    const acts = (await h.engine.query.historicActivities(id)).map((a) => [a.activityId, a.endReason]);
    // as in Flowable: every flow out of the gateway is taken on arrival, each event waits on its
    // own, and the losers end with the gateway's delete reason when the first event fires
    expect(acts).toEqual([
      ['start', null],
      ['toRace', null],
      ['race', null],
      ['toAnswer', null],
      ['toTimeout', null],
      ['toCancel', null],
      ['gotAnswer', 'event based gateway cancel'],
      ['timedOut', 'event based gateway cancel'],
      ['cancelled', null],
      ['cancelToEnd', null],
      ['end', null],
    ]);
  });

  it('the timer after an event-based gateway wins when nothing else arrives', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('eventBasedGateway');
    h.clock.advance(2 * 24 * HOUR);
    await fireDue(id);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    expect(await h.engine.query.subscriptions({ processInstanceId: id })).toEqual([]);
  });

  it('a compensation throw runs the handler of the completed activity', async () => {
    hotel.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('compensation');
    expect(hotel).toEqual(['booked']);
    await h.engine.completeTask((await h.engine.query.tasks({ processInstanceId: id }))[0].id, {
      variables: { paid: false },
    });
    expect(hotel).toEqual(['booked', 'cancelled']);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('a link throw event continues at the link catch event of the same name', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('linkEvents');
    expect(await tasks(id)).toEqual(['Review']);
  });
});
