/**
 * Service tasks: expressions with result variables, registered delegates (`flowable:class`,
 * `flowable:delegateExpression`) with field injection, BPMN errors from delegates, async
 * continuations, JavaScript script tasks (Groovy refused), external workers, execution
 * listeners, send tasks. After Flowable's `JavaServiceTaskTest`, `ExpressionServiceTaskTest`,
 * `ServiceTaskDelegateExpressionTest`, `ScriptTaskTest`, `ExternalWorkerServiceTaskTest` and
 * `ExecutionListenerTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import { BpmnError } from '../../src/engine/index.ts';
import type { DelegateExecution, DelegateTask } from '../../src/engine/index.ts';
import {
  deployXml,
  familyFixtures,
  historicVariablesOf,
  isEnded,
  jobsOf,
  ok,
  openTaskKeys,
  runJobs,
  start,
  tryStart,
  useConformanceHarnessWithDelegates,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
/** task events seen by the `recordTaskEvent` listener, as `<event>:<task name>` */
const taskEvents: string[] = [];
const use = useConformanceHarnessWithDelegates(familyFixtures('service-tasks'), {
  recordCall: (execution: DelegateExecution, fields: Record<string, unknown>) => {
    execution.setVariable('calledAt', execution.getCurrentActivityId());
    if (fields.greeting !== undefined)
      execution.setVariable('message', `${String(fields.greeting)}, ${String(fields.target)}`);
  },
  chargeCard: (execution: DelegateExecution) => {
    if (execution.getVariable('card') === 'bad') throw new BpmnError('CARD_DECLINED', 'declined');
    if (execution.getVariable('card') === 'broken') throw new Error('the card service is down');
  },
  recordEnd: (execution: DelegateExecution) => execution.setVariable('endEvent', execution.getEventName()),
  greeter: { greet: (name: string) => `Hello ${name}` },
  recordTaskEvent: (task: DelegateTask) => {
    taskEvents.push(`${task.getEventName()}:${String(task.getName())}`);
  },
});
beforeAll(() => {
  h = use();
});

describe('expressions and delegates', () => {
  it('stores an expression result in the result variable as a long (ExpressionServiceTaskTest.testSetServiceResultToProcessVariables)', async () => {
    const instance = await start(h, 'stExpression', { price: 3, quantity: 4 });
    expect((await variablesOf(h, instance.id)).total).toMatchObject({ type: 'long', value: 12 });
  });

  it('calls a method on a registered bean and stores the result (ExpressionServiceTaskTest.testSetServiceResultToProcessVariables)', async () => {
    const instance = await start(h, 'stBeanMethod', { name: 'Kermit' });
    expect((await variablesOf(h, instance.id)).greeting).toMatchObject({
      type: 'string',
      value: 'Hello Kermit',
    });
  });

  it('runs a class delegate, which reads its activity and sets variables (JavaServiceTaskTest.testJavaServiceDelegation)', async () => {
    const instance = await start(h, 'stClass', { name: 'Kermit', city: 'Paris' });
    expect((await variablesOf(h, instance.id)).calledAt?.value).toBe('call');
    expect(await openTaskKeys(h, instance.id)).toEqual(['wait']);
  });

  it('injects fixed and expression fields into the delegate (JavaServiceTaskTest.testFieldInjection, testExpressionFieldInjection)', async () => {
    const instance = await start(h, 'stClass', { name: 'Kermit', city: 'Paris' });
    expect((await variablesOf(h, instance.id)).message?.value).toBe('Hello, Kermit of Paris');
  });

  it('a delegateExpression resolves to the registered delegate (ServiceTaskDelegateExpressionTest.testDelegateExpression)', async () => {
    const instance = await start(h, 'stDelegateExpression');
    expect((await variablesOf(h, instance.id)).calledAt?.value).toBe('call');
  });

  it('a class naming no registered delegate is refused at deployment (JavaServiceTaskTest.testUnexistingClassDelegation)', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">
      <process id="stMissing"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/>
      <serviceTask id="t" flowable:class="org.example.Missing"/></process></definitions>`;
    const response = await deployXml(h, 'missing.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('org.example.Missing');
  });

  it('a BPMN error thrown by a delegate goes to the matching error boundary (BoundaryErrorEventTest.testCatchErrorThrownByJavaDelegateOnServiceTask)', async () => {
    const instance = await start(h, 'stBpmnError', { card: 'bad' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['askAgain']);
    const fine = await start(h, 'stBpmnError', { card: 'good' });
    expect(await openTaskKeys(h, fine.id)).toEqual(['ship']);
  });

  it('any other exception from a delegate fails the command and rolls it back (JavaServiceTaskTest.testExceptionHandling)', async () => {
    const count = async () =>
      (await ok(h, 'GET', '/process-api/history/historic-process-instances?processDefinitionKey=stBpmnError'))
        .total as number;
    const before = await count();
    const response = await tryStart(h, 'stBpmnError', { card: 'broken' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.body).toContain('the card service is down');
    expect(await count()).toBe(before);
    const variables = await ok(
      h,
      'GET',
      '/process-api/history/historic-variable-instances?variableName=card',
    );
    expect(variables.data.map((row: { variable: { value: string } }) => row.variable.value)).not.toContain(
      'broken',
    );
  });

  it('an async service task waits as a job and runs when the job executes (AsyncTaskTest.testAsyncServiceNoListeners)', async () => {
    const instance = await start(h, 'stAsync');
    const jobs = await jobsOf(h, instance.id, 'jobs');
    expect(jobs.map((job) => job.elementId)).toEqual(['call']);
    expect(await variablesOf(h, instance.id)).not.toHaveProperty('calledAt');
    await runJobs(h, instance.id);
    expect((await variablesOf(h, instance.id)).calledAt?.value).toBe('call');
    expect(await openTaskKeys(h, instance.id)).toEqual(['wait']);
  });

  it('a send task runs its expression like a service task (the sendTask models of EmailSendTaskTest: a send task is a service task)', async () => {
    const instance = await start(h, 'stSend', { recipient: 'fozzie' });
    expect((await variablesOf(h, instance.id)).sent?.value).toBe('fozzie');
  });
});

describe('script tasks', () => {
  it('a JavaScript script sets variables through execution and returns its result (ScriptTaskTest.testSetScriptResultToProcessVariable)', async () => {
    const instance = await start(h, 'stScript', { input: 20 });
    const variables = await variablesOf(h, instance.id);
    expect(variables.doubled?.value).toBe(40);
    expect(variables.sum?.value).toBe(21);
  });

  it('a Groovy script task is refused at deployment with the element named (Flowable runs ScriptTaskTest.testSetScriptResultToProcessVariable in Groovy; Weir runs JavaScript only)', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
      <process id="stGroovy"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="groovyTask"/>
      <scriptTask id="groovyTask" scriptFormat="groovy"><script>x = 1</script></scriptTask></process></definitions>`;
    const response = await deployXml(h, 'groovy.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('groovyTask');
    expect(response.body).toContain('groovy');
  });
});

describe('external worker', () => {
  const acquire = async (topic = 'invoices') =>
    (await ok(h, 'POST', '/external-job-api/acquire/jobs', {
      topic,
      lockDuration: 'PT1M',
      numberOfTasks: 10,
      workerId: 'worker-1',
    })) as { id: string; processInstanceId: string; elementId: string; variables: unknown[] }[];

  it('the task waits as an external job that a worker acquires by topic (ExternalWorkerServiceTaskTest.testSimple)', async () => {
    const instance = await start(h, 'stExternal', { invoice: 7 });
    const jobs = (await acquire()).filter((job) => job.processInstanceId === instance.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].elementId).toBe('external');
    expect(await acquire()).toEqual([]);
  });

  it('completing the job with variables continues the process (ExternalWorkerServiceTaskTest.testSimpleWithVariables)', async () => {
    const instance = await start(h, 'stExternal');
    const [job] = (await acquire()).filter((candidate) => candidate.processInstanceId === instance.id);
    await ok(h, 'POST', `/external-job-api/acquire/jobs/${job.id}/complete`, {
      workerId: 'worker-1',
      variables: [{ name: 'invoiceNumber', type: 'string', value: 'INV-1' }],
    });
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
    expect((await variablesOf(h, instance.id)).invoiceNumber?.value).toBe('INV-1');
  });

  it('a BPMN error from the worker goes to the error boundary (ExternalWorkerServiceTaskTest.testSimpleWithBoundaryError)', async () => {
    const instance = await start(h, 'stExternal');
    const [job] = (await acquire()).filter((candidate) => candidate.processInstanceId === instance.id);
    await ok(h, 'POST', `/external-job-api/acquire/jobs/${job.id}/bpmnError`, {
      workerId: 'worker-1',
      errorCode: 'CARD_DECLINED',
    });
    expect(await openTaskKeys(h, instance.id)).toEqual(['handle']);
  });

  it('a failure with retries left gives the job back with one retry less (ExternalWorkerServiceTaskTest.testSimpleFailure)', async () => {
    const instance = await start(h, 'stExternal');
    const [job] = (await acquire()).filter((candidate) => candidate.processInstanceId === instance.id);
    await ok(h, 'POST', `/external-job-api/acquire/jobs/${job.id}/fail`, {
      workerId: 'worker-1',
      errorMessage: 'printer on fire',
      retries: 2,
      retryTimeout: 'PT0S',
    });
    const after = await ok(h, 'GET', `/external-job-api/jobs/${job.id}`);
    expect(after).toMatchObject({ retries: 2, exceptionMessage: 'printer on fire' });
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
  });
});

describe('execution listeners', () => {
  it('process start, activity start and flow take listeners run in order (ExecutionListenerTest.testExecutionListenersOnAllPossibleElements)', async () => {
    const instance = await start(h, 'stListeners');
    const variables = await variablesOf(h, instance.id);
    expect(variables.processStarted?.value).toBe(true);
    expect(variables.workStarted?.value).toBe('work');
    expect(variables.flowTaken).toBeDefined();
  });

  it('activity end and process end listeners run when the instance completes (ExecutionListenerTest.testExecutionListenersOnStartEndEvents)', async () => {
    const instance = await start(h, 'stListeners');
    const [task] = (await ok(h, 'GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`))
      .data as {
      id: string;
    }[];
    await ok(h, 'POST', `/process-api/runtime/tasks/${task.id}`, { action: 'complete' });
    expect(await isEnded(h, instance.id)).toBe(true);
    const history = await historicVariablesOf(h, instance.id);
    expect(history.workEnded?.value).toBe(true);
    expect(history.endEvent?.value).toBe('end');
  });
});

describe('asynchronous continuations and task listener delete events', () => {
  it('an async user task is created only when its job runs (AsyncTaskTest.testAsyncUserTask)', async () => {
    const instance = await start(h, 'stAsyncUserTask', { pick: 'a' });
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    expect((await jobsOf(h, instance.id, 'jobs')).map((job) => job.elementId)).toEqual(['later']);
    await runJobs(h, instance.id);
    expect(await openTaskKeys(h, instance.id)).toEqual(['later']);
  });

  it('an async exclusive gateway decides when its job runs (ExclusiveGatewayTest.testAsyncExclusiveGateway)', async () => {
    const instance = await start(h, 'stAsyncUserTask', { pick: 'a' });
    await runJobs(h, instance.id);
    const [task] = (await ok(h, 'GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`))
      .data as {
      id: string;
    }[];
    await ok(h, 'POST', `/process-api/runtime/tasks/${task.id}`, { action: 'complete' });
    expect((await jobsOf(h, instance.id, 'jobs')).map((job) => job.elementId)).toEqual(['route']);
    await runJobs(h, instance.id);
    expect(await openTaskKeys(h, instance.id)).toEqual(['a']);
  });

  it('deleting the instance fires the delete listener of its open task, not complete (TaskListenerTest.testTaskListenersOnDeleteByDeleteProcessInstance)', async () => {
    taskEvents.length = 0;
    const instance = await start(h, 'utDeleteListener');
    await ok(h, 'DELETE', `/process-api/runtime/process-instances/${instance.id}`);
    expect(taskEvents).toEqual(['delete:Doomed']);
  });
});
