/**
 * Conditional events through the engine API, as Flowable's ConditionalIntermediateCatchEventTest,
 * BoundaryConditionalEventTest and ConditionalEventSubprocessTest drive them: nothing fires on a
 * variable change alone; `evaluateConditionalEvents` (or a trigger of the catch event's
 * execution) fires what holds. The models are the conformance fixtures.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

const FIXTURES = [
  'conditional-catch.bpmn20.xml',
  'conditional-boundary.bpmn20.xml',
  'conditional-event-subprocess.bpmn20.xml',
];

describeEachDatabase('conditional events', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    const resources = await Promise.all(
      FIXTURES.map(async (name) => ({
        name,
        content: await readFile(new URL(`../conformance/fixtures/${name}`, import.meta.url), 'utf8'),
      })),
    );
    await h.engine.deploy({ name: 'conditional', resources });
  });
  afterAll(() => h.close());

  const taskKeys = async (id: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.taskDefinitionKey).sort();
  const taskOf = async (id: string, key: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).find((t) => t.taskDefinitionKey === key)!;
  const conditionalWaits = (id: string) =>
    h.engine.query.subscriptions({ processInstanceId: id, eventType: 'conditional' });
  const isEnded = async (id: string) => (await h.engine.query.processInstance(id)) === undefined;

  it('a catch event waits even when its condition already holds, then moves on when evaluated', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalCatch', { variables: { stock: 50 } });
    await h.engine.completeTask((await taskOf(id, 'prepare')).id);
    expect(await taskKeys(id)).toEqual([]);
    const [wait] = await conditionalWaits(id);
    expect(wait).toMatchObject({ activityId: 'waitForStock', eventName: '${stock >= 10}' });
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual(['ship']);
    expect(await conditionalWaits(id)).toEqual([]);
  });

  it('a false condition leaves the catch event waiting; evaluating with variables sets them first', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalCatch', { variables: { stock: 0 } });
    await h.engine.completeTask((await taskOf(id, 'prepare')).id);
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual([]);
    expect((await h.engine.query.processInstance(id))!.activityIds).toEqual(['waitForStock']);
    await h.engine.evaluateConditionalEvents(id, { stock: 12 });
    expect(await taskKeys(id)).toEqual(['ship']);
    expect((await h.engine.query.processInstance(id))!.variables.stock).toBe(12);
    await h.engine.completeTask((await taskOf(id, 'ship')).id);
    expect(await isEnded(id)).toBe(true);
    const activities = (await h.engine.query.historicActivities(id)).map((a) => a.activityId);
    expect(activities).toEqual(['start', 'f1', 'prepare', 'f2', 'waitForStock', 'f3', 'ship', 'f4', 'end']);
  });

  it('triggering the catch event execution evaluates its condition: false stays, true moves on', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalCatch', { variables: { stock: 1 } });
    await h.engine.completeTask((await taskOf(id, 'prepare')).id);
    const [wait] = await conditionalWaits(id);
    await h.engine.trigger(wait.executionId!);
    expect(await taskKeys(id)).toEqual([]);
    await h.engine.trigger(wait.executionId!, { stock: 10 });
    expect(await taskKeys(id)).toEqual(['ship']);
  });

  it('the wait is a stored row: another engine on the same database (a restart) fires it', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalCatch', { variables: { stock: 0 } });
    await h.engine.completeTask((await taskOf(id, 'prepare')).id);
    const restarted = new Engine({ db: h.db, clock: h.clock });
    await restarted.evaluateConditionalEvents(id, { stock: 99 });
    expect(await taskKeys(id)).toEqual(['ship']);
  });

  it('behind an event-based gateway, a condition that holds wins the race and removes the message wait', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalRace', {
      variables: { paid: false },
    });
    expect(
      (await h.engine.query.subscriptions({ processInstanceId: id })).map((s) => s.eventType).sort(),
    ).toEqual(['conditional', 'message']);
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual([]);
    await h.engine.evaluateConditionalEvents(id, { paid: true });
    expect(await taskKeys(id)).toEqual(['deliver']);
    expect(await h.engine.query.subscriptions({ processInstanceId: id })).toEqual([]);
  });

  it('an interrupting boundary event on a subprocess cancels it when its condition holds', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalBoundaryInterrupting', {
      variables: { status: 'open' },
    });
    expect(await taskKeys(id)).toEqual(['check']);
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual(['check']);
    await h.engine.evaluateConditionalEvents(id, { status: 'withdrawn' });
    expect(await taskKeys(id)).toEqual(['archive']);
    expect(await conditionalWaits(id)).toEqual([]);
    const history = await h.engine.query.historicActivities(id);
    expect(history.find((a) => a.activityId === 'check')!.endReason).toContain('withdrawn');
    expect(history.map((a) => a.activityId)).toContain('withdrawn');
  });

  it('a boundary event is never evaluated once its activity completes', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalBoundaryInterrupting', {
      variables: { status: 'withdrawn' },
    });
    await h.engine.completeTask((await taskOf(id, 'check')).id);
    expect(await isEnded(id)).toBe(true);
  });

  it('a non-interrupting boundary event fires at each evaluation that finds it true', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalBoundaryNonInterrupting', {
      variables: { cost: 10 },
    });
    await h.engine.evaluateConditionalEvents(id, { cost: 150 });
    expect(await taskKeys(id)).toEqual(['warn', 'work']);
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual(['warn', 'warn', 'work']);
    await h.engine.evaluateConditionalEvents(id, { cost: 50 });
    expect(await taskKeys(id)).toEqual(['warn', 'warn', 'work']);
    for (const task of await h.engine.query.tasks({ processInstanceId: id }))
      await h.engine.completeTask(task.id);
    expect(await isEnded(id)).toBe(true);
  });

  it('an interrupting conditional event subprocess ends the main flow', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalEspInterrupting', {
      variables: { fraud: false },
    });
    expect(await conditionalWaits(id)).toHaveLength(1);
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual(['main']);
    await h.engine.evaluateConditionalEvents(id, { fraud: true });
    expect(await taskKeys(id)).toEqual(['investigate']);
    expect(await conditionalWaits(id)).toEqual([]);
    await h.engine.completeTask((await taskOf(id, 'investigate')).id);
    expect(await isEnded(id)).toBe(true);
    const types = (await h.engine.query.historicActivities(id)).map(
      (a) => `${a.activityType}:${a.activityId}`,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'eventSubProcess:abortOnFraud',
        'startEvent:fraudStart',
        'userTask:investigate',
      ]),
    );
  });

  it('a non-interrupting event subprocess in a subprocess starts at each true evaluation and goes with its scope', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalEspNonInterrupting', {
      variables: { pages: 3 },
    });
    await h.engine.evaluateConditionalEvents(id, { pages: 12 });
    expect(await taskKeys(id)).toEqual(['draft', 'shorten']);
    await h.engine.evaluateConditionalEvents(id);
    expect(await taskKeys(id)).toEqual(['draft', 'shorten', 'shorten']);
    await h.engine.completeTask((await taskOf(id, 'draft')).id);
    expect(await taskKeys(id)).toEqual(['shorten', 'shorten']);
    for (const task of await h.engine.query.tasks({ processInstanceId: id }))
      await h.engine.completeTask(task.id);
    expect(await isEnded(id)).toBe(true);
  });

  it('an interrupting boundary event on a multi-instance activity cancels every instance of it', async () => {
    await h.engine.deploy({
      name: 'mi',
      resources: [
        {
          name: 'conditional-mi.bpmn20.xml',
          content: `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="urn:test">
  <process id="conditionalMi">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="vote"/>
    <userTask id="vote">
      <multiInstanceLoopCharacteristics isSequential="false">
        <loopCardinality>3</loopCardinality>
      </multiInstanceLoopCharacteristics>
    </userTask>
    <boundaryEvent id="quorum" attachedToRef="vote">
      <conditionalEventDefinition><condition>\${votes >= 2}</condition></conditionalEventDefinition>
    </boundaryEvent>
    <sequenceFlow id="f2" sourceRef="vote" targetRef="e"/>
    <sequenceFlow id="f3" sourceRef="quorum" targetRef="count"/>
    <userTask id="count"/>
    <sequenceFlow id="f4" sourceRef="count" targetRef="e"/>
    <endEvent id="e"/>
  </process>
</definitions>`,
        },
      ],
    });
    const { id } = await h.engine.startProcessInstanceByKey('conditionalMi', { variables: { votes: 0 } });
    expect(await taskKeys(id)).toEqual(['vote', 'vote', 'vote']);
    await h.engine.evaluateConditionalEvents(id, { votes: 1 });
    expect(await taskKeys(id)).toEqual(['vote', 'vote', 'vote']);
    await h.engine.evaluateConditionalEvents(id, { votes: 2 });
    expect(await taskKeys(id)).toEqual(['count']);
    expect(await conditionalWaits(id)).toEqual([]);
  });

  it('refuses a suspended instance and an unknown one', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('conditionalCatch', { variables: { stock: 0 } });
    await h.engine.setProcessInstanceSuspended(id, true);
    await expect(h.engine.evaluateConditionalEvents(id, { stock: 20 })).rejects.toMatchObject({
      code: 'WEIR_SUSPENDED',
    });
    await expect(h.engine.evaluateConditionalEvents('nope')).rejects.toMatchObject({
      code: 'WEIR_NOT_FOUND',
    });
  });
});
