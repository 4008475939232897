/**
 * `flowable:triggerable="true"` service tasks, as Flowable's TriggerableServiceTaskTest drives
 * them: the task does its work, its execution then waits at the task, and a trigger
 * (`PUT /runtime/executions/{id}` with `{"action": "trigger"}`) runs the delegate's `trigger`
 * (when it has one) and moves on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BpmnError } from '../../src/engine/index.ts';
import type { HttpHarness } from '../http/harness.ts';
import {
  executionsAt,
  isEnded,
  openTaskKeys,
  refusalOfEdited,
  start,
  triggerExecution,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(['triggerable-service-task.bpmn20.xml']);

interface Execution {
  getVariable(name: string): unknown;
  setVariable(name: string, value: unknown): void;
}
const increment = (execution: Execution): void => {
  execution.setVariable('count', Number(execution.getVariable('count') ?? 0) + 1);
};

beforeAll(() => {
  h = use();
  h.engine.delegates.register('counter', { execute: increment, trigger: increment });
  h.engine.delegates.register('rejecting', {
    execute: () => undefined,
    trigger: () => {
      throw new BpmnError('REJECTED', 'the approver said no');
    },
  });
});

const executionAt = async (instanceId: string, activityId: string) =>
  (await executionsAt(h, instanceId, activityId))[0];

const trigger = (executionId: string, values: Record<string, unknown> = {}) =>
  triggerExecution(h, executionId, values);

describe('flowable:triggerable service tasks', () => {
  it('an expression task stores its result, waits, and a trigger with variables moves it on', async () => {
    const instance = await start(h, 'triggerableExpression');
    const execution = await executionAt(instance.id, 'reserve');
    expect(execution).toBeDefined();
    expect((await variablesOf(h, instance.id)).reservation).toMatchObject({ value: 'reserved' });
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    const response = await trigger(execution.id, { count: 1 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ activityId: 'confirm' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['confirm']);
    expect((await variablesOf(h, instance.id)).count).toMatchObject({ type: 'integer', value: 1 });
  });

  it("a delegate runs execute on arrival and trigger on the trigger (count 1, then 2 + 1 = 3, as Flowable's test)", async () => {
    const instance = await start(h, 'triggerableDelegate');
    const execution = await executionAt(instance.id, 'count');
    expect((await variablesOf(h, instance.id)).count).toMatchObject({ value: 1 });
    await trigger(execution.id, { count: 2 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
    expect((await variablesOf(h, instance.id)).count).toMatchObject({ value: 3 });
  });

  it('with flowable:async the work runs in the job, then the task waits for its trigger', async () => {
    const instance = await start(h, 'triggerableAsync');
    const jobs = await h.request('GET', `/process-api/management/jobs?processInstanceId=${instance.id}`);
    const [job] = jobs.json().data as { id: string }[];
    expect(job).toBeDefined();
    const execution = await executionAt(instance.id, 'book');
    expect((await trigger(execution.id)).statusCode).toBe(400);
    const run = await h.request('POST', `/process-api/management/jobs/${job.id}`, {
      body: { action: 'execute' },
    });
    expect(run.statusCode).toBe(204);
    expect((await variablesOf(h, instance.id)).booking).toMatchObject({ value: 'booked' });
    expect(await isEnded(h, instance.id)).toBe(false);
    expect((await trigger(execution.id)).statusCode).toBe(204);
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it("a BPMN error thrown by the delegate's trigger is caught by the task's error boundary event", async () => {
    const instance = await start(h, 'triggerableError');
    const execution = await executionAt(instance.id, 'approve');
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    expect((await trigger(execution.id)).statusCode).toBe(204);
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleRejection']);
    expect(await executionsAt(h, instance.id, 'approve')).toEqual([]);
  });

  it('is refused on a task that cannot wait for a trigger, naming element, attribute and line', async () => {
    expect(
      await refusalOfEdited(h, 'triggerable-service-task.bpmn20.xml', 'refused-triggerable.bpmn20.xml', [
        ['id="triggerableExpression"', 'id="refusedTriggerable"'],
        ['id="triggerableDelegate"', 'id="refusedTriggerable2"'],
        ['id="triggerableAsync"', 'id="refusedTriggerable3"'],
        ['id="triggerableError"', 'id="refusedTriggerable4"'],
        [
          '<serviceTask id="reserve" flowable:expression="${\'reserved\'}" flowable:resultVariable="reservation"',
          '<serviceTask id="reserve" flowable:type="external-worker" flowable:topic="t"',
        ],
      ]),
    ).toContain(
      "serviceTask 'reserve' (refused-triggerable.bpmn20.xml, line 9): flowable:triggerable=\"true\" is not supported on a service task of flowable:type 'external-worker'",
    );
  });
});
