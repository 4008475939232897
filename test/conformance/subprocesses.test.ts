/**
 * Subprocesses: embedded (nested, parallel, local scope), call activities (in/out mappings,
 * inherited variables, business key, expression as called element) and event subprocesses
 * (interrupting, non-interrupting, error). After Flowable's `SubProcessTest`, `CallActivityTest`,
 * `CallActivityAdvancedTest`, `MessageEventSubprocessTest` and `ErrorEventSubProcessTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  familyFixtures,
  historicActivities,
  historicInstance,
  isEnded,
  listOf,
  ok,
  openTaskKeys,
  sendMessage,
  start,
  tasksOf,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('subprocesses'));
beforeAll(() => {
  h = use();
});

const childOf = async (parentId: string) => {
  const children = await listOf(
    h,
    `/process-api/runtime/process-instances?superProcessInstanceId=${parentId}`,
  );
  expect(children).toHaveLength(1);
  return children[0];
};

describe('embedded subprocess', () => {
  it('runs its contents, then continues after it (SubProcessTest.testSimpleSubProcess)', async () => {
    const instance = await start(h, 'spEmbedded');
    expect(await openTaskKeys(h, instance.id)).toEqual(['inner']);
    await completeTask(h, instance.id, 'inner');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('the task inside runs in a child execution of the subprocess scope (SubProcessTest.testSimpleSubProcess)', async () => {
    const instance = await start(h, 'spEmbedded');
    const executions = await listOf(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&size=50`,
    );
    const scope = executions.find((execution) => execution.activityId === 'sub');
    const [task] = await tasksOf(h, instance.id);
    const taskExecution = executions.find((execution) => execution.activityId === 'inner');
    expect(scope).toBeDefined();
    expect(taskExecution).toBeDefined();
    expect(taskExecution?.parentId).toBe(scope?.id);
    expect(task.taskDefinitionKey).toBe('inner');
  });

  it('passes through a subprocess without wait states (SubProcessTest.testSimpleAutomaticSubProcess)', async () => {
    const instance = await start(h, 'spAutomatic');
    expect(await isEnded(h, instance.id)).toBe(true);
    const ids = (await historicActivities(h, instance.id)).map((row) => row.activityId);
    expect(ids).toEqual(['start', 'f0', 'sub', 'subStart', 's0', 'subEnd', 'f1', 'end']);
  });

  it('a nested subprocess without an end event completes its parent (SubProcessTest.testNestedSimpleSubProcessWithoutEndEvent)', async () => {
    const instance = await start(h, 'spNested');
    expect(await openTaskKeys(h, instance.id)).toEqual(['deep']);
    await completeTask(h, instance.id, 'deep');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('records the subprocess as an activity of type subProcess that ends after its contents (SubProcessTest.testSimpleSubProcess)', async () => {
    const instance = await start(h, 'spEmbedded');
    await completeTask(h, instance.id, 'inner');
    const rows = await historicActivities(h, instance.id);
    const sub = rows.find((row) => row.activityId === 'sub');
    const inner = rows.find((row) => row.activityId === 'inner');
    expect(sub).toMatchObject({ activityType: 'subProcess' });
    expect(sub?.endTime).not.toBeNull();
    expect(Date.parse(sub?.endTime as string)).toBeGreaterThanOrEqual(Date.parse(inner?.endTime as string));
  });

  it('two subprocesses in parallel are joined (SubProcessTest.testTwoSubProcessInParallel)', async () => {
    const instance = await start(h, 'spParallel');
    expect(await openTaskKeys(h, instance.id)).toEqual(['taskA', 'taskB']);
    await completeTask(h, instance.id, 'taskA');
    expect(await openTaskKeys(h, instance.id)).toEqual(['taskB']);
    await completeTask(h, instance.id, 'taskB');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('a variable set local to the subprocess is gone when the subprocess ends (SubProcessTest.testDataObjectScope)', async () => {
    const instance = await start(h, 'spLocalScope');
    const executions = await listOf(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=sub`,
    );
    const local = (await ok(
      h,
      'GET',
      `/process-api/runtime/executions/${executions[0].id as string}/variables?scope=local`,
    )) as { name: string }[];
    expect(local.map((variable) => variable.name)).toContain('scoped');
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('scoped');
    await completeTask(h, instance.id, 'inner');
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('scoped');
  });
});

describe('call activity', () => {
  it('starts the called process as a sub instance and waits for it (CallActivityAdvancedTest.testCallSimpleSubProcess)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-1', amount: 4 });
    const child = await childOf(instance.id);
    expect(child.processDefinitionId).toContain('spChild');
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    expect(await openTaskKeys(h, child.id as string)).toEqual(['childTask']);
  });

  it('copies in-mappings by source and by expression into the child (CallActivityAdvancedTest.testCallSimpleSubProcessWithExpressions)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-2', amount: 4 });
    const child = await childOf(instance.id);
    const variables = await variablesOf(h, child.id as string);
    expect(variables.input?.value).toBe('o-2');
    expect(variables.doubled?.value).toBe(8);
    expect(variables).not.toHaveProperty('amount');
    const [task] = await tasksOf(h, child.id as string);
    expect(task.name).toBe('Child task o-2');
  });

  it('sets the business key from an expression (CallActivityTest.testInstantiateChildProcess)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-3', amount: 1 });
    expect((await childOf(instance.id)).businessKey).toBe('o-3');
  });

  it('copies out-mappings back when the child ends, then continues (CallActivityAdvancedTest.testCallActivityWithUserTaskAndIOParameters)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-4', amount: 5 });
    const child = await childOf(instance.id);
    await completeTask(h, child.id as string, 'childTask', { result: 'approved' });
    expect(await isEnded(h, child.id as string)).toBe(true);
    const variables = await variablesOf(h, instance.id);
    expect(variables.childResult?.value).toBe('approved');
    expect(variables.computed?.value).toBe(11);
    expect(variables).not.toHaveProperty('result');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('with inheritVariables the child sees all of the parent variables (CallActivityTest.testInheritVariablesSubprocess)', async () => {
    const instance = await start(h, 'spCallerInherit', { input: 'from-parent', extra: 42 });
    const child = await childOf(instance.id);
    const variables = await variablesOf(h, child.id as string);
    expect(variables.input?.value).toBe('from-parent');
    expect(variables.extra?.value).toBe(42);
  });

  it('without inheritVariables the child sees only its in-mappings (CallActivityTest.testNotInheritVariablesSubprocess)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-5', amount: 1, secret: 'x' });
    const variables = await variablesOf(h, (await childOf(instance.id)).id as string);
    expect(Object.keys(variables).sort()).toEqual(['doubled', 'input']);
  });

  it('the called element may be an expression (CallActivityAdvancedTest.testCallSimpleSubProcessWithExpressions)', async () => {
    const instance = await start(h, 'spCallerExpression', { which: 'spChild', input: 'dyn' });
    const child = await childOf(instance.id);
    await completeTask(h, child.id as string, 'childTask');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('the child appears in history with its super process instance (CallActivityAdvancedTest.testSubProcessEndTime)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-6', amount: 1 });
    const child = await childOf(instance.id);
    await completeTask(h, child.id as string, 'childTask');
    const history = await historicInstance(h, child.id as string);
    expect(history.superProcessInstanceId).toBe(instance.id);
    expect(history.endTime).not.toBeNull();
    const call = (await historicActivities(h, instance.id)).find((row) => row.activityId === 'call');
    expect(call).toMatchObject({ activityType: 'callActivity', calledProcessInstanceId: child.id });
    expect(call?.endTime).not.toBeNull();
  });

  it('deleting the parent deletes the running child (CallActivityAdvancedTest.testDeleteProcessInstance)', async () => {
    const instance = await start(h, 'spCaller', { orderId: 'o-7', amount: 1 });
    const child = await childOf(instance.id);
    const response = await h.request('DELETE', `/process-api/runtime/process-instances/${instance.id}`);
    expect(response.statusCode).toBe(204);
    expect(await isEnded(h, child.id as string)).toBe(true);
  });
});

describe('event subprocess', () => {
  it('an interrupting message event subprocess cancels the main flow (MessageEventSubprocessTest.testInterruptingUnderProcessDefinition)', async () => {
    const instance = await start(h, 'spEventInterrupting');
    expect(await openTaskKeys(h, instance.id)).toEqual(['work']);
    await sendMessage(h, instance.id, 'cancelRequest');
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleCancel']);
    await completeTask(h, instance.id, 'handleCancel');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('a non-interrupting one runs beside the main flow, once per message (MessageEventSubprocessTest.testNonInterruptingMultipleInstances)', async () => {
    const instance = await start(h, 'spEventNonInterrupting');
    await sendMessage(h, instance.id, 'addNote');
    await sendMessage(h, instance.id, 'addNote');
    expect(await openTaskKeys(h, instance.id)).toEqual(['readNote', 'readNote', 'work']);
  });

  it('the instance ends when both the main flow and the event subprocesses are done (MessageEventSubprocessTest.testNonInterruptingUnderProcessDefinition)', async () => {
    const instance = await start(h, 'spEventNonInterrupting');
    await sendMessage(h, instance.id, 'addNote');
    await completeTask(h, instance.id, 'work');
    expect(await isEnded(h, instance.id)).toBe(false);
    await completeTask(h, instance.id, 'readNote');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('an error event subprocess catches an error end event thrown in an embedded subprocess (ErrorEventSubProcessTest.testCatchErrorInEmbeddedSubProcess)', async () => {
    const instance = await start(h, 'spEventError');
    await completeTask(h, instance.id, 'check');
    expect(await openTaskKeys(h, instance.id)).toEqual(['repair']);
    await completeTask(h, instance.id, 'repair');
    expect(await isEnded(h, instance.id)).toBe(true);
    const ids = (await historicActivities(h, instance.id)).map((row) => row.activityId);
    expect(ids).not.toContain('end');
    expect(ids).toContain('errorStart');
  });
});

describe('event subprocess inside an embedded subprocess', () => {
  it('an interrupting one cancels only its own subprocess, which then continues after it (MessageEventSubprocessTest.testInterruptingSubProcess)', async () => {
    const instance = await start(h, 'spEventInSub');
    expect(await openTaskKeys(h, instance.id)).toEqual(['inner', 'outside']);
    await sendMessage(h, instance.id, 'abortSubprocess');
    expect(await openTaskKeys(h, instance.id)).toEqual(['cleanUp', 'outside']);
    await completeTask(h, instance.id, 'cleanUp');
    expect(await openTaskKeys(h, instance.id)).toEqual(['afterSub', 'outside']);
  });

  it('its message subscription exists only while the subprocess runs (MessageEventSubprocessTest.testInterruptingSubProcess)', async () => {
    const instance = await start(h, 'spEventInSub');
    const subscriptions = () =>
      listOf(
        h,
        `/process-api/runtime/event-subscriptions?processInstanceId=${instance.id}&eventName=abortSubprocess`,
      );
    expect(await subscriptions()).toHaveLength(1);
    await completeTask(h, instance.id, 'inner');
    expect(await subscriptions()).toHaveLength(0);
  });
});
