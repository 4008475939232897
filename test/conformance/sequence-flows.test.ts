/**
 * Sequence flows as activity instances: every flow taken is a runtime and historic activity
 * instance of type `sequenceFlow`, whose `activityId` is the flow's id and whose start and end
 * are the same moment. After Flowable's `RuntimeActivityInstanceTest`,
 * `HistoricActivityInstanceTest`, `SubProcessTest` and `MessageEventSubprocessTest`, with the
 * counts they assert, and for each kind of gateway, boundary events, call activities and
 * multi-instance the flows Flowable's agenda takes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  familyFixtures,
  fireTimerOf,
  historicActivities,
  isEnded,
  listOf,
  openTaskKeys,
  sendMessage,
  start,
  throwSignal,
  triggerExecution,
  useConformanceHarness,
  runtimeActivities,
  typedIds,
  type ActivityRow,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('sequence-flows'));
beforeAll(() => {
  h = use();
});

const runtimeRows = (instanceId: string, query = '') => runtimeActivities(h, instanceId, query);

const historicRows = async (instanceId: string) =>
  (await historicActivities(h, instanceId)) as unknown as ActivityRow[];

/** the ids of the flows taken, in the order they were taken */
const flowsTaken = async (instanceId: string): Promise<string[]> =>
  (await historicRows(instanceId))
    .filter((row) => row.activityType === 'sequenceFlow')
    .map((row) => row.activityId);

describe('a flow taken is an activity instance', () => {
  it('of type sequenceFlow, started and ended at once (RuntimeActivityInstanceTest.testSequenceFlowActivityInstance)', async () => {
    const instance = await start(h, 'sfOneTask');
    const flows = await runtimeRows(instance.id, '&activityType=sequenceFlow');
    expect(flows).toHaveLength(1);
    const [flow] = flows;
    expect(flow).toMatchObject({
      activityId: 'toReview',
      activityType: 'sequenceFlow',
      processInstanceId: instance.id,
      durationInMillis: 0,
    });
    expect(flow.processDefinitionId).toContain('sfOneTask');
    expect(flow.executionId).toEqual(expect.any(String));
    expect(flow.endTime).toBe(flow.startTime);
  });

  it('counts as finished: the start event and the flow are, the task is not (RuntimeActivityInstanceTest.testActivityInstanceUnfinished)', async () => {
    const instance = await start(h, 'sfOneTask');
    expect(await runtimeRows(instance.id, '&finished=true')).toHaveLength(2);
    expect((await runtimeRows(instance.id, '&finished=false')).map((row) => row.activityId)).toEqual([
      'review',
    ]);
  });

  it('carries the flow name, and goes from the runtime list when the instance ends (RuntimeActivityInstanceTest.processInstanceEndRemovesAllActivityInstances)', async () => {
    const instance = await start(h, 'sfOneTask');
    await completeTask(h, instance.id, 'review');
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await runtimeRows(instance.id)).toEqual([]);
    const rows = await historicRows(instance.id);
    expect(rows.map((row) => row.activityId)).toEqual(['begin', 'toReview', 'review', 'toFinish', 'finish']);
    expect(rows.find((row) => row.activityId === 'toFinish')).toMatchObject({
      activityName: 'Reviewed',
      durationInMillis: 0,
    });
  });

  it('is found by the activityType filter of POST query/historic-activity-instances (HistoricActivityInstanceTest.testHistoricActivityInstanceQueryByActivityTypes)', async () => {
    const instance = await start(h, 'sfOneTask');
    await completeTask(h, instance.id, 'review');
    const response = await h.request('POST', '/process-api/query/historic-activity-instances', {
      body: { processInstanceId: instance.id, activityType: 'sequenceFlow', sort: 'startTime' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 2 });
    expect(response.json().data.map((row: ActivityRow) => row.activityId)).toEqual(['toReview', 'toFinish']);
  });
});

describe('gateways', () => {
  it('an exclusive gateway records the one flow it chose, not the others', async () => {
    const instance = await start(h, 'sfExclusive', { amount: 500 });
    expect(await isEnded(h, instance.id)).toBe(true);
    expect((await historicRows(instance.id)).map((row) => row.activityId)).toEqual([
      'begin',
      'toChoose',
      'choose',
      'toLarge',
      'large',
      'largeDone',
      'finish',
    ]);
  });

  it('a parallel fork records each outgoing flow on its own execution, and the join one row per arrival (HistoricActivityInstanceTest.testParallelJoinEndTime)', async () => {
    const instance = await start(h, 'sfForkJoin');
    const forked = await runtimeRows(instance.id, '&activityType=sequenceFlow');
    expect(forked.map((row) => row.activityId).sort()).toEqual(['toBill', 'toFork', 'toPack']);
    const branches = forked.filter((row) => row.activityId !== 'toFork');
    expect(new Set(branches.map((row) => row.executionId)).size).toBe(2);
    await completeTask(h, instance.id, 'pack');
    await completeTask(h, instance.id, 'bill');
    expect(await isEnded(h, instance.id)).toBe(true);
    expect((await flowsTaken(instance.id)).sort()).toEqual([
      'billed',
      'packed',
      'toBill',
      'toFinish',
      'toFork',
      'toPack',
    ]);
    const joins = (await historicRows(instance.id)).filter((row) => row.activityId === 'join');
    expect(joins).toHaveLength(2);
    expect(joins.every((row) => row.endTime !== null)).toBe(true);
  });

  it('an inclusive gateway records the flows whose condition holds, and each path into its join', async () => {
    const instance = await start(h, 'sfInclusive', { mail: true, phone: false, letter: true });
    expect((await flowsTaken(instance.id)).sort()).toEqual(['toLetter', 'toMail', 'toSplit']);
    await completeTask(h, instance.id, 'mail');
    await completeTask(h, instance.id, 'letter');
    expect(await isEnded(h, instance.id)).toBe(true);
    const flows = await flowsTaken(instance.id);
    expect([...flows].sort()).toEqual(['lettered', 'mailed', 'toFinish', 'toLetter', 'toMail', 'toSplit']);
    expect(flows.at(-1)).toBe('toFinish');
    const merges = (await historicRows(instance.id)).filter((row) => row.activityId === 'merge');
    expect(merges).toHaveLength(2);
  });

  it('an event-based gateway takes every outgoing flow on arrival; the winning event then leaves by its own (RuntimeActivityInstanceTest.testEventBasedGateway)', async () => {
    const instance = await start(h, 'sfEventGateway');
    expect(
      (await runtimeRows(instance.id, '&activityType=sequenceFlow')).map((row) => row.activityId),
    ).toEqual(['toRace', 'toAlert', 'toTimeout']);
    await throwSignal(h, 'sfAlert');
    expect(await flowsTaken(instance.id)).toEqual(['toRace', 'toAlert', 'toTimeout', 'alertToWait']);
    const [waiting] = await listOf<{ id: string }>(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=wait`,
    );
    await triggerExecution(h, waiting.id);
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await flowsTaken(instance.id)).toEqual([
      'toRace',
      'toAlert',
      'toTimeout',
      'alertToWait',
      'toFinish',
    ]);
  });
});

describe('boundary events', () => {
  it('a task completed normally leaves by its own flow, not the boundary event’s (HistoricActivityInstanceTest.testBoundaryEvent)', async () => {
    const instance = await start(h, 'sfBoundary');
    await completeTask(h, instance.id, 'work');
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await flowsTaken(instance.id)).toEqual(['toWork', 'worked']);
  });

  it('a fired boundary event leaves by its flow, and the interrupted task’s flow is not taken', async () => {
    const instance = await start(h, 'sfBoundary');
    await fireTimerOf(h, instance.id, 'late');
    expect(await openTaskKeys(h, instance.id)).toEqual(['escalate']);
    expect(await flowsTaken(instance.id)).toEqual(['toWork', 'toEscalate']);
    await completeTask(h, instance.id, 'escalate');
    expect(await flowsTaken(instance.id)).toEqual(['toWork', 'toEscalate', 'escalated']);
  });
});

describe('call activities, multi-instance and event subprocesses', () => {
  it('the called instance records its own flows, the caller its own', async () => {
    const instance = await start(h, 'sfCaller');
    const call = (await historicRows(instance.id)).find((row) => row.activityId === 'call');
    const calledId = call?.calledProcessInstanceId;
    expect(calledId).toEqual(expect.any(String));
    expect(await flowsTaken(instance.id)).toEqual(['toCall']);
    expect(await flowsTaken(calledId!)).toEqual(['toCalledTask']);
    await completeTask(h, calledId!, 'calledTask');
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await flowsTaken(calledId!)).toEqual(['toCalledTask', 'toCalledFinish']);
    expect(await flowsTaken(instance.id)).toEqual(['toCall', 'called']);
  });

  it('a multi-instance activity is entered and left by one flow each, whatever its number of instances', async () => {
    const instance = await start(h, 'sfMulti');
    expect(await flowsTaken(instance.id)).toEqual(['toVote']);
    for (let round = 0; round < 3; round++) await completeTask(h, instance.id, 'vote');
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await flowsTaken(instance.id)).toEqual(['toVote', 'voted']);
    const votes = (await historicRows(instance.id)).filter((row) => row.activityId === 'vote');
    expect(votes).toHaveLength(3);
  });

  it('a non-interrupting event subprocess records its flows beside the main path (MessageEventSubprocessTest.testNonInterruptingSimpleActivities)', async () => {
    const instance = await start(h, 'sfEventSubProcess');
    expect(typedIds(await runtimeRows(instance.id))).toEqual(
      ['startEvent:begin', 'sequenceFlow:toMain', 'userTask:main'].sort(),
    );
    await sendMessage(h, instance.id, 'sfPing');
    const afterMessage = [
      'startEvent:begin',
      'sequenceFlow:toMain',
      'userTask:main',
      'eventSubProcess:onPing',
      'startEvent:pingStart',
      'sequenceFlow:toAnswer',
      'userTask:answer',
    ];
    expect(typedIds(await runtimeRows(instance.id))).toEqual([...afterMessage].sort());
    await completeTask(h, instance.id, 'answer');
    expect(typedIds(await runtimeRows(instance.id))).toEqual(
      [...afterMessage, 'sequenceFlow:answered', 'endEvent:pingEnd'].sort(),
    );
  });
});
