import { afterAll, beforeAll, expect, it } from 'vitest';
import { BpmnError } from '../../src/engine/index.ts';
import { isWeirError } from '../../src/errors.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

/** An execution listener that throws a BPMN error nobody catches. */
const model = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="http://weir.dev/test">
  <process id="listenerThrows" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="toWork" sourceRef="start" targetRef="work"/>
    <userTask id="work">
      <extensionElements>
        <flowable:executionListener event="start" class="refuseWork"/>
      </extensionElements>
    </userTask>
    <sequenceFlow id="toEnd" sourceRef="work" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

describeEachDatabase('a BPMN error escaping a listener', (kind) => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await createEngineHarness(kind);
    h.delegates.register('refuseWork', () => {
      throw new BpmnError('NO_WORK_TODAY', 'the office is closed');
    });
    await h.engine.deploy({ name: 'listener', resources: [{ name: 'listener.bpmn20.xml', content: model }] });
  });
  afterAll(() => h.close());

  it('is the catalogued uncaught-BPMN-error failure (400 over REST), not an internal error, and starts nothing', async () => {
    const failure = await h.engine.startProcessInstanceByKey('listenerThrows').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isWeirError(failure) && failure.code).toBe('WEIR_BPMN_ERROR_UNCAUGHT');
    expect(isWeirError(failure) && failure.status).toBe(400);
    expect((failure as Error).message).toMatch(/NO_WORK_TODAY/);
    const { rows } = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM weir_hi_process_instance',
    );
    expect(rows[0].n).toBe(0);
  });
});
