/**
 * Conditional events through the REST API, with the assertions of Flowable's conditional event
 * tests: a condition fires only when evaluated (`POST .../evaluate-conditions`, or a `trigger`
 * of the catch event's execution), a non-interrupting event fires at each evaluation that finds
 * it true, and a process-level conditional start event is refused at deployment.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  activitiesOf,
  complete,
  executionsAt,
  historicActivities,
  isEnded,
  openTaskKeys,
  refusalOfEdited,
  restVariables,
  start,
  tasksOf,
  triggerExecution,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness([
  'conditional-catch.bpmn20.xml',
  'conditional-boundary.bpmn20.xml',
  'conditional-event-subprocess.bpmn20.xml',
]);
beforeAll(() => {
  h = use();
});

const evaluate = (instanceId: string, as: 'admin' | 'kermit' = 'admin') =>
  h.request('POST', `/process-api/runtime/process-instances/${instanceId}/evaluate-conditions`, { as });

const setVariables = async (instanceId: string, values: Record<string, unknown>) => {
  const response = await h.request('PUT', `/process-api/runtime/process-instances/${instanceId}/variables`, {
    body: restVariables(values),
  });
  expect(response.statusCode).toBe(201);
};

/** set the variables, then evaluate: Flowable's evaluateConditionalEvents(id, variables) over REST */
const evaluateWith = async (instanceId: string, values: Record<string, unknown>) => {
  await setVariables(instanceId, values);
  const response = await evaluate(instanceId);
  expect(response.statusCode).toBe(200);
};

const subscriptionsOf = async (instanceId: string) => {
  const response = await h.request(
    'GET',
    `/process-api/runtime/event-subscriptions?processInstanceId=${instanceId}&size=100`,
  );
  return response.json().data as { eventType: string; eventName: string; activityId: string }[];
};

const completeAll = async (instanceId: string) => {
  for (const task of await tasksOf(h, instanceId)) await complete(h, task.id);
};

describe('intermediate conditional catch event', () => {
  it('waits at the catch event; evaluating a false condition changes nothing, a true one moves on', async () => {
    const instance = await start(h, 'conditionalCatch', { stock: 0 });
    await complete(h, (await tasksOf(h, instance.id))[0].id);
    expect(await executionsAt(h, instance.id, 'waitForStock')).toHaveLength(1);
    expect(await subscriptionsOf(instance.id)).toEqual([
      expect.objectContaining({
        eventType: 'conditional',
        eventName: '${stock >= 10}',
        activityId: 'waitForStock',
      }),
    ]);

    const response = await evaluate(instance.id);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(await openTaskKeys(h, instance.id)).toEqual([]);

    await evaluateWith(instance.id, { stock: 10 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['ship']);
    expect(await subscriptionsOf(instance.id)).toEqual([]);
    await completeAll(instance.id);
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await activitiesOf(h, instance.id)).toEqual([
      'start',
      'f1',
      'prepare',
      'f2',
      'waitForStock',
      'f3',
      'ship',
      'f4',
      'end',
    ]);
  });

  it('does not fire on arrival even when its condition holds (Flowable waits for an evaluation)', async () => {
    const instance = await start(h, 'conditionalCatch', { stock: 100 });
    await complete(h, (await tasksOf(h, instance.id))[0].id);
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    expect(await executionsAt(h, instance.id, 'waitForStock')).toHaveLength(1);
  });

  it('a trigger of its execution evaluates the condition (PUT executions/{id} action trigger)', async () => {
    const instance = await start(h, 'conditionalCatch', { stock: 0 });
    await complete(h, (await tasksOf(h, instance.id))[0].id);
    const [execution] = await executionsAt(h, instance.id, 'waitForStock');
    const trigger = (values: Record<string, unknown>) => triggerExecution(h, execution.id, values);
    const stays = await trigger({});
    expect(stays.statusCode).toBe(200);
    expect(stays.json()).toMatchObject({ id: execution.id, activityId: 'waitForStock' });
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    const moves = await trigger({ stock: 11 });
    expect(moves.statusCode).toBe(200);
    expect(moves.json()).toMatchObject({ id: execution.id, activityId: 'ship' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['ship']);
    expect((await variablesOf(h, instance.id)).stock).toMatchObject({ type: 'integer', value: 11 });
  });

  it('behind an event-based gateway a true condition wins, and the message wait goes', async () => {
    const instance = await start(h, 'conditionalRace', { paid: false });
    expect((await subscriptionsOf(instance.id)).map((s) => s.eventType).sort()).toEqual([
      'conditional',
      'message',
    ]);
    await evaluateWith(instance.id, { paid: true });
    expect(await openTaskKeys(h, instance.id)).toEqual(['deliver']);
    expect(await subscriptionsOf(instance.id)).toEqual([]);
    // as in Flowable, both flows out of the gateway are taken on arrival and each catch event
    // waits with a row of its own; the loser's row ends with the gateway's delete reason
    expect(
      (await historicActivities(h, instance.id)).map((row) => [row.activityId, row.deleteReason]),
    ).toEqual([
      ['raceStart', null],
      ['r1', null],
      ['race', null],
      ['r2', null],
      ['r3', null],
      ['paidCondition', null],
      ['cancelMessage', 'event based gateway cancel'],
      ['r4', null],
      ['deliver', null],
    ]);
  });
});

describe('conditional boundary events', () => {
  it('interrupting, on a subprocess: a true condition cancels the subprocess and takes the boundary path', async () => {
    const instance = await start(h, 'conditionalBoundaryInterrupting', { status: 'open' });
    await evaluateWith(instance.id, { status: 'pending' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['check']);
    await evaluateWith(instance.id, { status: 'withdrawn' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['archive']);
    expect(await executionsAt(h, instance.id, 'review')).toEqual([]);
    await completeAll(instance.id);
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await activitiesOf(h, instance.id)).toEqual(
      expect.arrayContaining(['review', 'check', 'withdrawn', 'archive']),
    );
  });

  it('without an evaluation the activity completes normally and the boundary event never fires', async () => {
    const instance = await start(h, 'conditionalBoundaryInterrupting', { status: 'withdrawn' });
    await completeAll(instance.id);
    expect(await isEnded(h, instance.id)).toBe(true);
    // Flowable records the boundary event while its activity runs and ends the row with it,
    // with no delete reason; the boundary's flow is never taken
    const rows = await historicActivities(h, instance.id);
    expect(rows.filter((row) => row.activityId === 'withdrawn').map((row) => row.deleteReason)).toEqual([
      null,
    ]);
    expect(rows.map((row) => row.activityId)).not.toContain('f3');
    expect(rows.map((row) => row.activityId)).not.toContain('archive');
  });

  it('non-interrupting: each true evaluation adds a path, a false one adds none, the task stays', async () => {
    const instance = await start(h, 'conditionalBoundaryNonInterrupting', { cost: 10 });
    await evaluateWith(instance.id, { cost: 120 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['warn', 'work']);
    await evaluateWith(instance.id, { cost: 130 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['warn', 'warn', 'work']);
    await evaluateWith(instance.id, { cost: 90 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['warn', 'warn', 'work']);
    await completeAll(instance.id);
    expect(await isEnded(h, instance.id)).toBe(true);
  });
});

describe('conditional event subprocesses', () => {
  it('interrupting: starts when its condition holds and ends the main flow', async () => {
    const instance = await start(h, 'conditionalEspInterrupting', { fraud: false });
    expect(await subscriptionsOf(instance.id)).toEqual([
      expect.objectContaining({ eventType: 'conditional', activityId: 'fraudStart' }),
    ]);
    await evaluateWith(instance.id, { fraud: true });
    expect(await openTaskKeys(h, instance.id)).toEqual(['investigate']);
    await completeAll(instance.id);
    expect(await isEnded(h, instance.id)).toBe(true);
    const historic = await h.request(
      'GET',
      `/process-api/history/historic-activity-instances?processInstanceId=${instance.id}&size=100`,
    );
    const rows = historic.json().data as { activityId: string; activityType: string }[];
    expect(rows.map((row) => `${row.activityType}:${row.activityId}`)).toEqual(
      expect.arrayContaining([
        'startEvent:start',
        'userTask:main',
        'eventSubProcess:abortOnFraud',
        'startEvent:fraudStart',
        'userTask:investigate',
        'endEvent:fraudEnd',
      ]),
    );
  });

  it('non-interrupting inside a subprocess: one start per true evaluation, while the subprocess lives', async () => {
    const instance = await start(h, 'conditionalEspNonInterrupting', { pages: 1 });
    await evaluateWith(instance.id, { pages: 20 });
    await evaluateWith(instance.id, { pages: 30 });
    await evaluateWith(instance.id, { pages: 2 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['draft', 'shorten', 'shorten']);
    const draft = (await tasksOf(h, instance.id)).find((task) => task.taskDefinitionKey === 'draft')!;
    await complete(h, draft.id);
    expect(await openTaskKeys(h, instance.id)).toEqual(['shorten', 'shorten']);
    // the event subprocesses it started keep the subprocess open, and with it the wait
    expect((await subscriptionsOf(instance.id)).map((s) => s.activityId)).toEqual(['remindStart']);
    await completeAll(instance.id);
    expect(await isEnded(h, instance.id)).toBe(true);
  });
});

describe('POST evaluate-conditions: errors and access', () => {
  it('an unknown instance is a 404', async () => {
    const response = await evaluate('no-such-instance');
    expect(response.statusCode).toBe(404);
  });

  it('a suspended instance is a 409 and nothing fires', async () => {
    const instance = await start(h, 'conditionalEspInterrupting', { fraud: true });
    const suspend = await h.request('PUT', `/process-api/runtime/process-instances/${instance.id}`, {
      body: { action: 'suspend' },
    });
    expect(suspend.statusCode).toBe(200);
    expect((await evaluate(instance.id)).statusCode).toBe(409);
    expect(await openTaskKeys(h, instance.id)).toEqual(['main']);
  });

  it('someone with no part in the instance gets a 404', async () => {
    const instance = await start(h, 'conditionalEspInterrupting', { fraud: true });
    expect((await evaluate(instance.id, 'kermit')).statusCode).toBe(404);
    expect(await openTaskKeys(h, instance.id)).toEqual(['main']);
  });
});

describe('deployment', () => {
  const otherProcess = /<process id="conditional(Race|BoundaryNonInterrupting)">[\s\S]*?<\/process>/;

  it('a conditional start event on a process is refused, as Flowable refuses it', async () => {
    expect(
      await refusalOfEdited(h, 'conditional-catch.bpmn20.xml', 'conditional-start.bpmn20.xml', [
        ['id="conditionalCatch"', 'id="conditionalStart"'],
        [
          '<startEvent id="start"/>',
          '<startEvent id="start"><conditionalEventDefinition><condition>${go}</condition></conditionalEventDefinition></startEvent>',
        ],
        [otherProcess, ''],
      ]),
    ).toContain(
      "startEvent 'start' (conditional-start.bpmn20.xml, line 7): a conditional event definition is not allowed on a process start event (only in an event subprocess)",
    );
  });

  it('a scripted condition (language="groovy", which Flowable runs) is refused, not read as text', async () => {
    expect(
      await refusalOfEdited(h, 'conditional-catch.bpmn20.xml', 'groovy-condition.bpmn20.xml', [
        ['id="conditionalCatch"', 'id="groovyCondition"'],
        [
          '<condition>${stock &gt;= 10}</condition>',
          '<condition language="groovy">stock &gt;= 10</condition>',
        ],
        [otherProcess, ''],
      ]),
    ).toContain(
      "intermediateCatchEvent 'waitForStock' (groovy-condition.bpmn20.xml, line 11): a <condition> in language 'groovy' is not supported",
    );
  });

  it('a conditional event without a condition is refused', async () => {
    expect(
      await refusalOfEdited(h, 'conditional-boundary.bpmn20.xml', 'no-condition.bpmn20.xml', [
        ['id="conditionalBoundaryInterrupting"', 'id="noCondition"'],
        ["<condition>${status == 'withdrawn'}</condition>", ''],
        [otherProcess, ''],
      ]),
    ).toContain(
      "boundaryEvent 'withdrawn' (no-condition.bpmn20.xml, line 16): a conditional event definition needs a <condition>",
    );
  });
});
