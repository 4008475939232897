import { afterAll, beforeAll, expect, it } from 'vitest';
import { nextOccurrence } from '../../src/engine/timers.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

const HOUR = 3_600_000;

describeEachDatabase('timer cycles', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    await h.deployFixture('timer-cycles.bpmn20.xml', 'timer-start-twice.bpmn20.xml');
  });
  afterAll(() => h.close());

  const timers = (filter: { processInstanceId?: string; handler?: string }) =>
    h.engine.query.jobs({ ...filter, state: 'timer' });
  const dueTimes = async (filter: { processInstanceId?: string; handler?: string }) =>
    (await timers(filter)).map((j) => new Date(j.dueAt!).toISOString());
  const taskNames = async (id: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.name).sort();
  /** Advance the clock to the only waiting timer of the instance and run it. */
  const fireNext = async (id: string) => {
    const [job] = await timers({ processInstanceId: id });
    h.clock.set(new Date(job.dueAt!));
    expect(await h.engine.executeJob(job.id)).toBe('executed');
  };
  /** Fire until no timer is left (bounded, so a runaway cycle fails the test). */
  const fireAll = async (id: string) => {
    let fired = 0;
    while ((await timers({ processInstanceId: id })).length > 0 && fired < 10) {
      await fireNext(id);
      fired++;
    }
    return fired;
  };

  it('a non-interrupting R3/PT1H boundary fires three times, one waiting timer between firings', async () => {
    const start = h.clock.now().getTime();
    const { id } = await h.engine.startProcessInstanceByKey('reviewReminders');
    for (let i = 1; i <= 3; i++) {
      expect(await dueTimes({ processInstanceId: id })).toEqual([new Date(start + i * HOUR).toISOString()]);
      await fireNext(id);
      expect(await taskNames(id)).toEqual([...Array<string>(i).fill('Remind'), 'Review']);
    }
    expect(await timers({ processInstanceId: id })).toEqual([]);
    expect(await h.engine.query.jobs({ processInstanceId: id })).toEqual([]);
  });

  it('a timer start event with R2/PT1H keeps one waiting timer until both instances started', async () => {
    const instances = async () =>
      (await h.db.query(`SELECT id FROM weir_process_instance WHERE definition_key = 'startTwice'`)).rows
        .length;
    for (let i = 1; i <= 2; i++) {
      const waiting = await timers({ handler: 'timer-start' });
      expect(waiting.filter((j) => j.elementId === 'hourly')).toHaveLength(1);
      h.clock.set(new Date(waiting[0].dueAt!));
      await h.engine.executeJob(waiting[0].id);
      expect(await instances()).toBe(i);
    }
    expect(await timers({ handler: 'timer-start' })).toEqual([]);
  });

  it('flowable:endDate stops an unbounded cycle: no firing after the end', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const { id } = await h.engine.startProcessInstanceByKey('remindersUntil');
    expect(await fireAll(id)).toBe(2); // 10:00 and 11:00; 12:00 is past 11:30
    expect(await taskNames(id)).toEqual(['Remind', 'Remind', 'Review']);
  });

  it('the R/duration/end form stops at its end', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const { id } = await h.engine.startProcessInstanceByKey('remindersWindow');
    expect(await dueTimes({ processInstanceId: id })).toEqual(['2026-03-02T10:00:00.000Z']);
    expect(await fireAll(id)).toBe(2);
    expect(await taskNames(id)).toEqual(['Remind', 'Remind', 'Review']);
  });

  it('a cycle and its end from expressions are evaluated when the timer is created', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const bounded = await h.engine.startProcessInstanceByKey('remindersFromVariables', {
      variables: { cycle: 'R2/PT30M', until: '2027-01-01T00:00:00Z' },
    });
    expect(await dueTimes({ processInstanceId: bounded.id })).toEqual(['2026-03-02T09:30:00.000Z']);
    expect(await fireAll(bounded.id)).toBe(2);
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const ended = await h.engine.startProcessInstanceByKey('remindersFromVariables', {
      variables: { cycle: 'R/PT1H', until: '2026-03-02T12:00:00Z' },
    });
    expect(await fireAll(ended.id)).toBe(3); // 10:00, 11:00, 12:00 (the end itself still fires)
  });

  it('a cycle timer that fires late skips the occurrences it missed, as Flowable does', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const { id } = await h.engine.startProcessInstanceByKey('remindersFromVariables', {
      variables: { cycle: 'R/PT1H', until: '2027-01-01T00:00:00Z' },
    });
    const [job] = await timers({ processInstanceId: id });
    h.clock.set(new Date('2026-03-02T12:30:00Z'));
    await h.engine.executeJob(job.id);
    expect(await dueTimes({ processInstanceId: id })).toEqual(['2026-03-02T13:00:00.000Z']);
    expect(await taskNames(id)).toEqual(['Remind', 'Review']);
  });

  it('a cron cycle fired early keeps the occurrence it was scheduled for', () => {
    const scheduled = new Date('2026-03-02T10:00:00Z');
    const early = nextOccurrence('0 0 * * * ?', scheduled, null, new Date('2026-03-02T09:20:00Z'));
    expect(early?.dueAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const onTime = nextOccurrence('0 0 * * * ?', scheduled, null, new Date('2026-03-02T10:00:01Z'));
    expect(onTime?.dueAt.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    expect(
      nextOccurrence('0 0 * * * ?', scheduled, new Date('2026-03-02T10:30:00Z'), scheduled),
    ).toBeUndefined();
  });

  it('moving a cycle timer to executable fires it now and keeps the next occurrence on schedule', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const { id } = await h.engine.startProcessInstanceByKey('reviewReminders');
    const [first] = await timers({ processInstanceId: id });
    h.clock.set(new Date('2026-03-02T09:20:00Z'));
    await h.engine.moveTimerJobToExecutable(first.id);
    const [moved] = await h.engine.query.jobs({ processInstanceId: id });
    expect(moved).toMatchObject({ id: first.id, state: 'executable' });
    expect(await h.engine.executeJob(first.id)).toBe('executed');
    expect(await taskNames(id)).toEqual(['Remind', 'Review']);
    // as Flowable: the next occurrence stays on the cycle's own grid, and one firing is used up
    expect(await dueTimes({ processInstanceId: id })).toEqual(['2026-03-02T10:00:00.000Z']);
    expect(await fireAll(id)).toBe(2);
    expect(await taskNames(id)).toEqual(['Remind', 'Remind', 'Remind', 'Review']);
  });

  it('moving the timer of a catch event moves the waiting path on', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const { id } = await h.engine.startProcessInstanceByKey('waitForCycle');
    const [job] = await timers({ processInstanceId: id });
    await h.engine.moveTimerJobToExecutable(job.id);
    await h.engine.executeJob(job.id);
    expect(await taskNames(id)).toEqual(['After']);
    expect(await h.engine.query.jobs({ processInstanceId: id })).toEqual([]);
  });

  it('moving a job that is not a waiting timer is refused as not found', async () => {
    await expect(h.engine.moveTimerJobToExecutable('no-such-job')).rejects.toMatchObject({
      code: 'WEIR_NOT_FOUND',
    });
  });
});
