/**
 * Events: message and signal start events, intermediate message and signal catch and throw
 * (global and instance-scoped signals), link events, none throw events, terminate end events.
 * After Flowable's `MessageStartEventTest`, `MessageIntermediateEventTest`, `SignalEventTest`,
 * `TerminateEndEventTest` and the link-event test models.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  deployXml,
  fixture,
  familyFixtures,
  historicActivities,
  historicInstance,
  isEnded,
  listOf,
  ok,
  openTaskKeys,
  restVariables,
  sendMessage,
  start,
  tasksOf,
  throwSignal,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('events'));
beforeAll(() => {
  h = use();
});

const startByMessage = (message: string, variables: Record<string, unknown> = {}, businessKey?: string) =>
  ok(h, 'POST', '/process-api/runtime/process-instances', {
    message,
    variables: restVariables(variables),
    ...(businessKey ? { businessKey } : {}),
  }) as Promise<{ id: string; businessKey: string | null; processDefinitionId: string }>;

const instancesOf = (key: string) =>
  listOf(h, `/process-api/runtime/process-instances?processDefinitionKey=${key}&size=100`);

describe('start events', () => {
  it('deploying a message start event creates a message subscription without an instance (MessageStartEventTest.testDeploymentCreatesSubscriptions)', async () => {
    const subscriptions = await listOf(
      h,
      '/process-api/runtime/event-subscriptions?eventType=message&eventName=newOrder',
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0].processInstanceId ?? null).toBeNull();
    expect(subscriptions[0].activityId).toBe('messageStart');
  });

  it('a message starts an instance at the message start event, with its variables (MessageStartEventTest.testSingleMessageStartEvent)', async () => {
    const instance = await startByMessage('newOrder', { customer: 'Piggy' });
    expect(instance.processDefinitionId).toContain('evMessageStart');
    expect((await tasksOf(h, instance.id)).map((task) => task.name)).toEqual(['From message Piggy']);
  });

  it('starting by key uses the none start event (MessageStartEventTest.testMessageStartEventAndNoneStartEvent)', async () => {
    const instance = await start(h, 'evMessageStart');
    expect(await openTaskKeys(h, instance.id)).toEqual(['manual']);
  });

  it('a message start sets the given business key (MessageStartEventTest.testBusinessKeySet)', async () => {
    const instance = await startByMessage('newInvoice', {}, 'invoice-42');
    expect(instance.businessKey).toBe('invoice-42');
    expect(await openTaskKeys(h, instance.id)).toEqual(['invoice']);
  });

  it('a new version moves the message start subscription to itself (MessageStartEventTest.testUpdateProcessVersionCancelsSubscriptions)', async () => {
    const xml = await fixture('events/evTwoMessageStarts.bpmn20.xml');
    expect((await deployXml(h, 'evTwoMessageStarts-v2.bpmn20.xml', xml)).statusCode).toBe(201);
    const subscriptions = await listOf(
      h,
      '/process-api/runtime/event-subscriptions?eventType=message&eventName=newInvoice',
    );
    expect(subscriptions).toHaveLength(1);
    const [latest] = await listOf(
      h,
      '/process-api/repository/process-definitions?key=evTwoMessageStarts&latest=true',
    );
    expect(latest.version).toBe(2);
    expect(subscriptions[0].processDefinitionId).toBe(latest.id);
  });

  it('another process may not start on a message that already starts one (MessageStartEventTest.testSameMessageNameFails)', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
      <message id="m" name="newOrder"/>
      <process id="evSameMessage"><startEvent id="s"><messageEventDefinition messageRef="m"/></startEvent>
      <sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"/></process></definitions>`;
    const response = await deployXml(h, 'same-message.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('newOrder');
    expect(response.body).toContain('evMessageStart');
    expect(await listOf(h, '/process-api/repository/process-definitions?key=evSameMessage')).toEqual([]);
  });

  it('two start events of one process may not listen to the same message (MessageStartEventTest.testSameMessageNameInSameProcessFails)', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
      <message id="m" name="twiceMessage"/>
      <process id="evTwiceMessage">
      <startEvent id="first"><messageEventDefinition messageRef="m"/></startEvent>
      <startEvent id="second"><messageEventDefinition messageRef="m"/></startEvent>
      <sequenceFlow id="f1" sourceRef="first" targetRef="e"/><sequenceFlow id="f2" sourceRef="second" targetRef="e"/>
      <endEvent id="e"/></process></definitions>`;
    const response = await deployXml(h, 'twice-message.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('twiceMessage');
  });

  it('a message no start event waits for is a bad request (RuntimeServiceTest.testStartProcessInstanceByKeyUnexistingKey, for a message)', async () => {
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { message: 'nobodyListens' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('an event-registry start event is refused at deployment, not run as a none start event (the event registry start events of ch07b; Weir has no event registry)', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">
      <process id="evRegistryStart"><startEvent id="onEvent"><extensionElements><flowable:eventType>orderCreated</flowable:eventType></extensionElements></startEvent>
      <sequenceFlow id="f" sourceRef="onEvent" targetRef="e"/><endEvent id="e"/></process></definitions>`;
    const response = await deployXml(h, 'registry-start.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('onEvent');
    expect(response.body).toContain('flowable:eventType');
  });

  it('a thrown signal starts an instance of each definition with a matching signal start event (SignalEventTest.testSignalStartEventFromAPI)', async () => {
    const before = new Set((await instancesOf('evSignalStart')).map((instance) => instance.id));
    await throwSignal(h, 'startAll', { reason: 'test' });
    const started = (await instancesOf('evSignalStart')).filter((instance) => !before.has(instance.id));
    expect(started).toHaveLength(1);
    expect(await openTaskKeys(h, started[0].id as string)).toEqual(['started']);
    expect((await variablesOf(h, started[0].id as string)).reason?.value).toBe('test');
  });
});

describe('intermediate message events', () => {
  it('waits with a message subscription on its execution (MessageIntermediateEventTest.testSingleIntermediateMessageEvent)', async () => {
    const instance = await start(h, 'evMessageCatch');
    const subscriptions = await listOf(
      h,
      `/process-api/runtime/event-subscriptions?processInstanceId=${instance.id}`,
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatchObject({
      eventType: 'message',
      eventName: 'reply',
      activityId: 'waitReply',
    });
    const executions = await listOf(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=waitReply`,
    );
    expect(executions.map((execution) => execution.id)).toEqual([subscriptions[0].executionId]);
  });

  it('continues when the message arrives, with its variables (MessageIntermediateEventTest.testSingleIntermediateMessageEvent)', async () => {
    const instance = await start(h, 'evMessageCatch');
    await sendMessage(h, instance.id, 'reply', { answer: 'yes' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['read']);
    expect((await variablesOf(h, instance.id)).answer?.value).toBe('yes');
  });

  it('a message sent to an execution not waiting for it is refused (as RuntimeServiceTest.testExecutionWaitingForDifferentSignal, for a message)', async () => {
    const instance = await start(h, 'evMessageCatch');
    const [execution] = await listOf(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=waitReply`,
    );
    const response = await h.request('PUT', `/process-api/runtime/executions/${execution.id as string}`, {
      body: { action: 'messageEventReceived', messageName: 'somethingElse' },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
  });

  it('two concurrent catches of one message are triggered one at a time (MessageIntermediateEventTest.testConcurrentIntermediateMessageEvent)', async () => {
    const instance = await start(h, 'evConcurrentCatch');
    expect(
      await listOf(h, `/process-api/runtime/event-subscriptions?processInstanceId=${instance.id}`),
    ).toHaveLength(2);
    await sendMessage(h, instance.id, 'reply');
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    await sendMessage(h, instance.id, 'reply');
    expect(await openTaskKeys(h, instance.id)).toEqual(['done']);
  });
});

describe('intermediate signal events', () => {
  it('a signal thrown through the API reaches every waiting instance (SignalEventTest.testSignalCatchIntermediate)', async () => {
    const first = await start(h, 'evSignalCatch');
    const second = await start(h, 'evSignalCatch');
    await throwSignal(h, 'go', { origin: 'api' });
    expect(await openTaskKeys(h, first.id)).toEqual(['going']);
    expect(await openTaskKeys(h, second.id)).toEqual(['going']);
    expect((await variablesOf(h, first.id)).origin?.value).toBe('api');
  });

  it('a signal thrown by an intermediate throw event reaches another instance (SignalEventTest.testSignalCatchIntermediate)', async () => {
    const waiting = await start(h, 'evSignalCatch');
    const thrower = await start(h, 'evSignalThrow');
    expect(await openTaskKeys(h, thrower.id)).toEqual(['thrown']);
    expect(await openTaskKeys(h, waiting.id)).toEqual(['going']);
  });

  it('an instance-scoped signal reaches only its own instance (SignalEventTest.testSignalWithProcessInstanceScope)', async () => {
    const first = await start(h, 'evSignalLocal');
    const second = await start(h, 'evSignalLocal');
    await completeTask(h, first.id, 'trigger');
    expect(await openTaskKeys(h, first.id)).toEqual(['caughtLocal']);
    expect(await openTaskKeys(h, second.id)).toEqual(['trigger']);
  });

  it('an instance-scoped signal is not delivered by a global throw (SignalEventTest.testSignalWithProcessInstanceScope)', async () => {
    const instance = await start(h, 'evSignalLocal');
    await throwSignal(h, 'localGo');
    expect(await openTaskKeys(h, instance.id)).toEqual(['trigger']);
  });
});

describe('link and none events', () => {
  it('a throw link continues at the catch link of the same name (the link events of the ParallelTest.testParallel model)', async () => {
    const instance = await start(h, 'evLink');
    expect(await openTaskKeys(h, instance.id)).toEqual(['pageTwo']);
    const ids = (await historicActivities(h, instance.id)).map((row) => row.activityId);
    // a link is no sequence flow: the jump from throw to catch records no flow
    expect(ids).toEqual(['start', 'f0', 'jump', 'land', 'f1', 'pageTwo']);
  });

  it('a none intermediate throw event is passed through and recorded (IntermediateNoneEventTest.testIntermediateNoneTimerEvent)', async () => {
    const instance = await start(h, 'evNoneThrow');
    expect(await isEnded(h, instance.id)).toBe(true);
    const milestone = (await historicActivities(h, instance.id)).find(
      (row) => row.activityId === 'milestone',
    );
    expect(milestone).toMatchObject({
      activityType: 'intermediateThrowEvent',
      activityName: 'Milestone reached',
    });
  });
});

describe('terminate end events', () => {
  it('ends the instance with every other path (TerminateEndEventTest.testProcessTerminate)', async () => {
    const instance = await start(h, 'evTerminate');
    await completeTask(h, instance.id, 'fast');
    expect(await isEnded(h, instance.id)).toBe(true);
    const history = await historicInstance(h, instance.id);
    expect(history.endActivityId).toBe('terminate');
    const slow = (await historicActivities(h, instance.id)).find((row) => row.activityId === 'slow');
    expect(slow?.endTime).not.toBeNull();
  });

  it('records "terminate end event" as the delete reason of the instance and of the cancelled task, none for the completed one (TerminateEndEventTest.testProcessTerminate)', async () => {
    const instance = await start(h, 'evTerminate');
    await completeTask(h, instance.id, 'fast');
    const history = await historicInstance(h, instance.id);
    expect(history.deleteReason).toMatch(/^terminate end event/);
    const tasks = await listOf(
      h,
      `/process-api/history/historic-task-instances?processInstanceId=${instance.id}`,
    );
    const reasons = Object.fromEntries(
      tasks.map((task) => [task.taskDefinitionKey, task.deleteReason ?? null]),
    );
    expect(reasons.fast).toBeNull();
    expect(reasons.slow).toMatch(/^terminate end event/);
  });

  it('in a subprocess, ends only the subprocess, which then continues (TerminateEndEventTest.testTerminateInSubProcess)', async () => {
    const instance = await start(h, 'evTerminateInSub');
    expect(await openTaskKeys(h, instance.id)).toEqual(['innerA', 'innerB', 'outside']);
    await completeTask(h, instance.id, 'innerA');
    expect(await openTaskKeys(h, instance.id)).toEqual(['afterSub', 'outside']);
  });

  it('with terminateAll, ends the whole instance from inside a subprocess (TerminateEndEventTest.testTerminateInSubProcessTerminateAll)', async () => {
    const instance = await start(h, 'evTerminateAll');
    await completeTask(h, instance.id, 'inner');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('terminateMultiInstance on the terminate definition is refused at deployment, not read past (TerminateMultiInstanceEndEventTest.testMultiInstanceEmbeddedSubprocess)', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">
      <process id="evTerminateMi"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="stopMi"/>
      <endEvent id="stopMi"><terminateEventDefinition flowable:terminateMultiInstance="true"/></endEvent></process></definitions>`;
    const response = await deployXml(h, 'terminate-mi.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('stopMi');
    expect(response.body).toContain('terminateMultiInstance');
  });

  it('in a called process, ends the child and the parent continues (TerminateEndEventTest.testTerminateInCallActivity)', async () => {
    const instance = await start(h, 'evTerminateParent');
    expect(await openTaskKeys(h, instance.id)).toEqual(['afterCall']);
    const children = await listOf(
      h,
      `/process-api/history/historic-process-instances?superProcessInstanceId=${instance.id}`,
    );
    expect(children).toHaveLength(1);
    expect(children[0].endTime).not.toBeNull();
  });
});
