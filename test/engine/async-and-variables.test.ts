import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DelegateExecution } from '../../src/engine/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

describeEachDatabase('async continuations and variables', (kind) => {
  let h: EngineHarness;
  let chargeFails = 0;
  beforeAll(async () => {
    h = await createEngineHarness(kind, { maxVariableSize: 2048 });
    h.delegates.register('chargeCard', (execution: DelegateExecution) => {
      if (chargeFails > 0) {
        chargeFails--;
        throw new Error('card declined');
      }
      execution.setVariable('charged', true);
    });
    h.delegates.register('sendReceipt', (execution: DelegateExecution) =>
      execution.setVariable('receipt', 'sent'),
    );
    await h.deployFixture('async-continuations.bpmn20.xml', 'user-task-approval.bpmn20.xml');
  });
  afterAll(() => h.close());

  const jobs = (processInstanceId: string) => h.engine.query.jobs({ processInstanceId });

  it('async before and after each become a job; executing them in turn ends the instance', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('asyncContinuations');
    const steps: string[] = [];
    for (let i = 0; i < 10; i++) {
      const pending = await jobs(id);
      if (pending.length === 0) break;
      expect(pending).toHaveLength(1);
      steps.push(`${pending[0].handler}:${pending[0].elementId}`);
      expect(await h.engine.executeJob(pending[0].id)).toBe('executed');
    }
    expect(steps).toEqual([
      'async-continuation:start',
      'async-continuation:charge',
      'async-leave:charge',
      'async-continuation:receipt',
    ]);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    const charge = (await h.engine.query.historicActivities(id)).find((a) => a.activityId === 'charge');
    expect(charge?.endedAt).not.toBeNull();
  });

  it('a job carries its exclusive flag and retry cycle; a failed run keeps the error and waits per the cycle', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('asyncContinuations');
    await h.engine.executeJob((await jobs(id))[0].id);
    const [job] = await jobs(id);
    expect(job).toMatchObject({ elementId: 'charge', exclusive: false, retryCycle: 'R5/PT1M', retries: 3 });
    chargeFails = 1;
    await expect(h.engine.executeJob(job.id)).rejects.toThrow(/card declined/);
    await h.engine.recordJobFailure(job.id, new Error('card declined'));
    const [failed] = await jobs(id);
    expect(failed.retries).toBe(4);
    expect(failed.exceptionMessage).toBe('card declined');
    expect(new Date(failed.dueAt!).getTime()).toBe(h.clock.now().getTime() + 60_000);
    expect(failed.lockOwner).toBeNull();
    // nothing of the failed run was kept
    expect((await h.engine.query.processInstance(id))?.variables.charged).toBeUndefined();
  });

  it('a job without retries left becomes a dead letter', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('asyncContinuations');
    await h.engine.executeJob((await jobs(id))[0].id);
    await h.engine.executeJob((await jobs(id))[0].id);
    await h.engine.executeJob((await jobs(id))[0].id);
    const [receipt] = await jobs(id);
    expect(receipt).toMatchObject({ elementId: 'receipt', retryCycle: 'R2/PT10S' });
    await h.engine.recordJobFailure(receipt.id, new Error('mail server down'));
    expect((await jobs(id))[0]).toMatchObject({ state: 'executable', retries: 1 });
    await h.engine.recordJobFailure(receipt.id, new Error('mail server down'));
    const [dead] = await jobs(id);
    expect(dead).toMatchObject({ state: 'deadletter', retries: 0, exceptionMessage: 'mail server down' });
    expect(dead.exceptionStacktrace).toContain('mail server down');
  });

  it('variables keep their Flowable types and can be read, updated and removed', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('approval', {
      startUserId: 'kermit',
      variables: {
        deputy: 'gonzo',
        dueDate: null,
        count: 3,
        big: 2 ** 40,
        ratio: 0.5,
        when: new Date('2026-01-01T00:00:00Z'),
        data: { a: [1] },
      },
      variableTypes: { count: 'short' },
    });
    const hist = await h.engine.query.historicVariables(id);
    const typeOf = (n: string) => hist.find((v) => v.name === n)?.type;
    expect([
      typeOf('count'),
      typeOf('big'),
      typeOf('ratio'),
      typeOf('when'),
      typeOf('data'),
      typeOf('dueDate'),
    ]).toEqual(['short', 'long', 'double', 'date', 'json', 'null']);
    const view = await h.engine.query.processInstance(id);
    expect(view?.variables.when).toEqual(new Date('2026-01-01T00:00:00Z'));
    await h.engine.setVariables(id, { count: 4 });
    expect((await h.engine.query.processInstance(id))?.variables.count).toBe(4);
    expect(await h.engine.removeVariable(id, 'ratio')).toBe(true);
    expect((await h.engine.query.processInstance(id))?.variables.ratio).toBeUndefined();
    const updates = (await h.engine.query.variableUpdates(id)).filter((u) => u.name === 'count');
    expect(updates.map((u) => u.value)).toEqual([3, 4]);
  });

  it('a value that does not fit its declared type, an unknown type and an oversized value are refused', async () => {
    const start = (variables: Record<string, unknown>, variableTypes: Record<string, never> = {}) =>
      h.engine.startProcessInstanceByKey('approval', {
        variables: { deputy: 'x', dueDate: null, ...variables },
        variableTypes,
      });
    await expect(start({ n: 70000 }, { n: 'short' as never })).rejects.toMatchObject({
      code: 'WEIR_VARIABLE_TYPE',
      message: expect.stringContaining("'n'"),
    });
    await expect(start({ blob: 'x'.repeat(5000) })).rejects.toMatchObject({
      code: 'WEIR_VARIABLE_TOO_LARGE',
      message: expect.stringContaining("'blob' is 5000 bytes"),
    });
    await expect(start({ f: () => 1 })).rejects.toMatchObject({ code: 'WEIR_VARIABLE_TYPE' });
  });

  it('transient variables are visible during the command and never stored', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('approval', {
      startUserId: 'kermit',
      variables: { dueDate: null },
      transientVariables: { deputy: 'gonzo' },
    });
    const [task] = await h.engine.query.tasks({ processInstanceId: id });
    expect((await h.engine.query.identityLinks(task.id)).map((l) => l.userId)).toContain('gonzo');
    expect((await h.engine.query.processInstance(id))?.variables.deputy).toBeUndefined();
  });
});
