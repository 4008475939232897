import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

describeEachDatabase('event subprocesses and cycles', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    await h.deployFixture('event-subprocess-starts.bpmn20.xml');
  });
  afterAll(() => h.close());

  const names = async (id: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.name).sort();
  const timers = (id: string) => h.engine.query.jobs({ processInstanceId: id, state: 'timer' });

  it('a timer event subprocess inside a subprocess starts after its (expression) duration without interrupting', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('eventSubProcessStarts', {
      variables: { reminderDelay: 'P1D', price: 10 },
    });
    const [timer] = await timers(id);
    expect(new Date(timer.dueAt!).getTime() - h.clock.now().getTime()).toBe(24 * 3_600_000);
    h.clock.advance(24 * 3_600_000);
    await h.engine.executeJob(timer.id);
    expect(await names(id)).toEqual(['Quote', 'Remind sales']);
  });

  it('leaving the subprocess removes the timer of its event subprocess', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('eventSubProcessStarts', {
      variables: { reminderDelay: 'P1D', price: 10 },
    });
    const quote = (await h.engine.query.tasks({ processInstanceId: id })).find((t) => t.name === 'Quote')!;
    await h.engine.completeTask(quote.id);
    expect(await names(id)).toEqual(['Ship']);
    expect(await timers(id)).toEqual([]);
  });

  it('an escalation inside the subprocess starts its non-interrupting escalation event subprocess', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('eventSubProcessStarts', {
      variables: { reminderDelay: 'P1D', price: 5000 },
    });
    const quote = (await h.engine.query.tasks({ processInstanceId: id })).find((t) => t.name === 'Quote')!;
    await h.engine.completeTask(quote.id);
    expect(await names(id)).toEqual(['Approve the price']);
    const approve = (await h.engine.query.tasks({ processInstanceId: id }))[0];
    await h.engine.completeTask(approve.id);
    expect(await names(id)).toEqual(['Ship']);
  });

  it('a signal event subprocess at process level interrupts everything, subprocess included', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('eventSubProcessStarts', {
      variables: { reminderDelay: 'P1D', price: 10 },
    });
    expect(await h.engine.signalEventReceived('recall')).toBeGreaterThanOrEqual(1);
    expect(await names(id)).toEqual(['Handle the recall']);
    expect(await timers(id)).toEqual([]);
    const subs = await h.engine.query.subscriptions({ processInstanceId: id });
    expect(subs).toEqual([]);
  });

  it('a cycle with a start date fires at the start, then each period, as many times as it says', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('cycleWithStart');
    let [timer] = await timers(id);
    expect(new Date(timer.dueAt!).toISOString()).toBe('2026-03-05T00:00:00.000Z');
    h.clock.set(new Date('2026-03-05T00:00:01Z'));
    await h.engine.executeJob(timer.id);
    [timer] = await timers(id);
    expect(new Date(timer.dueAt!).toISOString()).toBe('2026-03-06T00:00:00.000Z');
    h.clock.set(new Date('2026-03-06T00:00:01Z'));
    await h.engine.executeJob(timer.id);
    expect(await timers(id)).toEqual([]);
    expect(
      (await h.engine.query.historicActivities(id)).filter((a) => a.activityId === 'ticked'),
    ).toHaveLength(2);
  });
});
