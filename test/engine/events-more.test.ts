import { afterAll, beforeAll, expect, it } from 'vitest';
import { BpmnError, Engine, type DelegateExecution } from '../../src/engine/index.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { createEngineHarness, describeEachDatabase, fixture, type EngineHarness } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('more events', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    h.delegates.register('itemChecker', (execution: DelegateExecution) => {
      if (execution.getVariable('item') === 'broken') throw new BpmnError('BROKEN_ITEM');
      execution.setVariable('checked', Number(execution.getVariable('checked') ?? 0) + 1);
    });
    await h.deployFixture('events-more.bpmn20.xml');
  });
  afterAll(() => h.close());

  const names = async (id: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.name).sort();
  const fireDue = async (filter: { processInstanceId?: string } = {}) => {
    let fired = 0;
    for (const job of await h.engine.query.jobs({ ...filter, state: 'timer' })) {
      if (new Date(job.dueAt!).getTime() <= h.clock.now().getTime()) {
        await h.engine.executeJob(job.id);
        fired++;
      }
    }
    return fired;
  };
  const execAt = async (id: string, activityId: string) => {
    const { rows } = await h.db.query<{ id: string }>(
      `SELECT e->>'id' AS id FROM weir_process_instance i, jsonb_array_elements(i.state->'executions') e
       WHERE i.id = $1 AND e->>'activityId' = $2`,
      [id, activityId],
    );
    return rows[0].id;
  };

  it('a non-interrupting cycle timer keeps firing while its task is open, and stops with it', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('reminderCycle', { variables: { reminders: 0 } });
    for (let i = 1; i <= 3; i++) {
      h.clock.advance(10 * MIN);
      expect(await fireDue({ processInstanceId: id })).toBe(1);
      expect((await h.engine.query.processInstance(id))?.variables.reminders).toBe(i);
    }
    const [work] = await h.engine.query.tasks({ processInstanceId: id });
    await h.engine.completeTask(work.id);
    expect(await h.engine.query.jobs({ processInstanceId: id })).toEqual([]);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
  });

  it('a cron timer start event creates an instance at each occurrence', async () => {
    const [job] = await h.engine.query.jobs({ handler: 'timer-start' });
    expect(new Date(job.dueAt!).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    h.clock.set(new Date('2026-03-02T10:00:01Z'));
    await h.engine.executeJob(job.id);
    const [next] = await h.engine.query.jobs({ handler: 'timer-start' });
    expect(new Date(next.dueAt!).toISOString()).toBe('2026-03-02T11:00:00.000Z');
    const { rows } = await h.db.query(
      `SELECT id FROM weir_process_instance WHERE definition_key = 'cronStart'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('an interrupting message boundary cancels the task and takes its path', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('cancellableOrder');
    await h.engine.messageEventReceived('cancel-order', await execAt(id, 'pack'));
    expect(await names(id)).toEqual(['Refund']);
    expect((await h.engine.query.subscriptions({ processInstanceId: id })).map((s) => s.eventName)).toEqual([
      'change-address',
    ]);
  });

  it('a non-interrupting message event subprocess runs beside the main path', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('cancellableOrder');
    await h.engine.messageEventReceived('change-address', id);
    expect(await names(id)).toEqual(['Pack', 'Update label']);
    await h.engine.messageEventReceived('change-address', id);
    expect(await names(id)).toEqual(['Pack', 'Update label', 'Update label']);
  });

  it('a signal start event starts an instance when the signal is thrown', async () => {
    const before = (
      await h.db.query(`SELECT id FROM weir_process_instance WHERE definition_key = 'signalStarted'`)
    ).rows.length;
    expect(await h.engine.signalEventReceived('stock-alert')).toBe(1);
    const after = (
      await h.db.query(`SELECT id FROM weir_process_instance WHERE definition_key = 'signalStarted'`)
    ).rows.length;
    expect(after).toBe(before + 1);
  });

  it('a BPMN error thrown in a called process is caught by the boundary on the call activity', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('payingCaller');
    const { rows } = await h.db.query<{ id: string }>(
      `SELECT id FROM weir_process_instance WHERE super_instance_id = $1`,
      [id],
    );
    const [charge] = await h.engine.query.tasks({ processInstanceId: rows[0].id });
    await h.engine.completeTask(charge.id);
    expect(await names(id)).toEqual(['Call the customer']);
    expect(await h.engine.query.processInstance(rows[0].id)).toBeUndefined();
  });

  it('an error from one instance of a multi-instance activity is caught by the boundary on its body', async () => {
    const ok = await h.engine.startProcessInstanceByKey('multiInstanceError', {
      variables: { items: ['a', 'b'] },
    });
    expect(await names(ok.id)).toEqual(['Accept the batch']);
    expect((await h.engine.query.processInstance(ok.id))?.variables.checked).toBe(2);
    const bad = await h.engine.startProcessInstanceByKey('multiInstanceError', {
      variables: { items: ['a', 'broken', 'c'] },
    });
    expect(await names(bad.id)).toEqual(['Reject the batch']);
  });

  it('an escalation nobody catches does not fail; a process-instance signal reaches only its own instance', async () => {
    const one = await h.engine.startProcessInstanceByKey('quietEscalation');
    const two = await h.engine.startProcessInstanceByKey('quietEscalation');
    expect(await names(one.id)).toEqual(['After']);
    const [after] = await h.engine.query.tasks({ processInstanceId: one.id });
    await h.engine.completeTask(after.id);
    expect(await names(one.id)).toEqual(['Pinged']);
    expect(await names(two.id)).toEqual(['After']);
  });
});

it('timers, messages and signals behave the same when the trigger comes through another node', async () => {
  const h = await createEngineHarness('postgres');
  let other: Database | undefined;
  try {
    await h.engine.deploy({
      name: 'x',
      resources: [{ name: 'e.bpmn20.xml', content: await fixture('events-more.bpmn20.xml') }],
    });
    await h.engine.deploy({
      name: 'y',
      resources: [{ name: 'g.bpmn20.xml', content: await fixture('event-based-gateway.bpmn20.xml') }],
    });
    const { rows } = await h.db.query<{ db: string }>('SELECT current_database() AS db');
    other = openPostgresDatabase({ url: `postgres://postgres@127.0.0.1:5432/${rows[0].db}`, poolSize: 2 });
    const nodeB = new Engine({ db: other, clock: h.clock, nodeId: 'node-b' });
    // message: instance on A, message through B
    const order = await h.engine.startProcessInstanceByKey('cancellableOrder');
    await nodeB.messageEventReceived('change-address', order.id);
    expect((await h.engine.query.tasks({ processInstanceId: order.id })).map((t) => t.name).sort()).toEqual([
      'Pack',
      'Update label',
    ]);
    // signal: instance on A, signal thrown on B
    const race = await h.engine.startProcessInstanceByKey('eventBasedGateway');
    expect(await nodeB.signalEventReceived('cancel')).toBe(1);
    expect(await h.engine.query.processInstance(race.id)).toBeUndefined();
    // timer: created on A, fired by B
    const timed = await h.engine.startProcessInstanceByKey('eventBasedGateway');
    h.clock.advance(3 * 24 * 3_600_000);
    const [timer] = await h.engine.query.jobs({ processInstanceId: timed.id, state: 'timer' });
    expect(await nodeB.executeJob(timer.id)).toBe('executed');
    expect(await h.engine.query.processInstance(timed.id)).toBeUndefined();
  } finally {
    await other?.close();
    await h.close();
  }
});
