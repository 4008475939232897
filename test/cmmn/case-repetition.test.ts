/**
 * The case engine's repetition, stage completion, listener clean-up and case queries over
 * `/cmmn-api`, beyond the conformance cases: the repetition counter in a plan item's name, a
 * collection that is not one, a collection re-read at each occurrence of the on-part, the
 * `completable` flag and completing a stage by hand (and the refusals), a listener and its
 * timer removed once the task it could exit has ended (and kept for a stage not yet started),
 * and the query bodies' `variables` (operations, history's last value) and
 * `includeCaseVariables` on historic cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  actOn,
  caseIsEnded,
  caseJobsOf,
  completeCaseTask,
  deployCase,
  historicPlanItemsOf,
  openCaseTaskKeys,
  planItemAction,
  planItemOf,
  planItemsOf,
  setCaseVariables,
  startCase,
  tryStartCase,
} from '../conformance/cmmn-support.ts';

const models = {
  'rounds.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repRounds">
    <casePlanModel id="repRoundsPlan">
      <planItem id="roundItem" name="Round \${repetitionCounter} of \${rounds}" definitionRef="round">
        <itemControl>
          <repetitionRule><condition>\${repetitionCounter &lt; rounds}</condition></repetitionRule>
        </itemControl>
      </planItem>
      <humanTask id="round" name="Round"/>
    </casePlanModel>
  </case>
</definitions>`,
  'batches.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repBatches">
    <casePlanModel id="repBatchesPlan">
      <planItem id="goItem" definitionRef="go">
        <itemControl><repetitionRule/></itemControl>
      </planItem>
      <planItem id="checkItem" definitionRef="check">
        <itemControl>
          <repetitionRule flowable:collectionVariable="items" flowable:elementVariable="item"/>
        </itemControl>
        <entryCriterion id="onGo" sentryRef="whenGo"/>
      </planItem>
      <sentry id="whenGo">
        <planItemOnPart id="goOccurs" sourceRef="goItem"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <userEventListener id="go" name="Go"/>
      <humanTask id="check" name="Check \${item}"/>
    </casePlanModel>
  </case>
</definitions>`,
  'each.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repEach">
    <casePlanModel id="repEachPlan">
      <planItem id="eachItem" definitionRef="each">
        <itemControl><repetitionRule flowable:collectionVariable="people"/></itemControl>
      </planItem>
      <humanTask id="each" name="Each"/>
    </casePlanModel>
  </case>
</definitions>`,
  'later.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repLater">
    <casePlanModel id="repLaterPlan">
      <planItem id="firstItem" definitionRef="first">
        <exitCriterion id="firstStopped" sentryRef="onStop"/>
      </planItem>
      <planItem id="stopItem" definitionRef="stop"/>
      <planItem id="openItem" definitionRef="open"/>
      <planItem id="laterItem" definitionRef="later">
        <entryCriterion id="laterOpens" sentryRef="onOpen"/>
      </planItem>
      <sentry id="onStop">
        <planItemOnPart id="stopOccurs" sourceRef="stopItem"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <sentry id="onOpen">
        <planItemOnPart id="openOccurs" sourceRef="openItem"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <userEventListener id="stop" name="Stop"/>
      <userEventListener id="open" name="Open"/>
      <humanTask id="first" name="First"/>
      <stage id="later" name="Later">
        <planItem id="cleanupItem" definitionRef="cleanup">
          <entryCriterion id="cleanupOnStop" sentryRef="stopAgain"/>
        </planItem>
        <sentry id="stopAgain">
          <planItemOnPart id="stopOccursAgain" sourceRef="stopItem"><standardEvent>occur</standardEvent></planItemOnPart>
        </sentry>
        <humanTask id="cleanup" name="Cleanup"/>
      </stage>
    </casePlanModel>
  </case>
</definitions>`,
  'endless.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repEndless">
    <casePlanModel id="repEndlessPlan">
      <planItem id="againItem" definitionRef="again">
        <itemControl><repetitionRule/></itemControl>
        <entryCriterion id="whileGo" sentryRef="goSet"/>
      </planItem>
      <sentry id="goSet">
        <ifPart><condition>\${go}</condition></ifPart>
      </sentry>
      <humanTask id="again" name="Again"/>
    </casePlanModel>
  </case>
</definitions>`,
  'phase.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repPhase">
    <casePlanModel id="repPhasePlan">
      <planItem id="phaseItem" definitionRef="phase"/>
      <planItem id="afterItem" definitionRef="after">
        <entryCriterion id="afterPhase" sentryRef="phaseDone"/>
      </planItem>
      <sentry id="phaseDone">
        <planItemOnPart id="phaseCompletes" sourceRef="phaseItem"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <stage id="phase" name="Phase">
        <planItem id="mustItem" definitionRef="must"/>
        <planItem id="mayItem" definitionRef="may">
          <itemControl><manualActivationRule/></itemControl>
        </planItem>
        <humanTask id="must" name="Must"/>
        <humanTask id="may" name="May"/>
      </stage>
      <humanTask id="after" name="After"/>
    </casePlanModel>
  </case>
</definitions>`,
  'deadline.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/rep">
  <case id="repDeadline">
    <casePlanModel id="repDeadlinePlan">
      <planItem id="workItem" definitionRef="work">
        <exitCriterion id="tooLate" sentryRef="late"/>
      </planItem>
      <planItem id="lateItem" definitionRef="lateTimer"/>
      <sentry id="late">
        <planItemOnPart id="timerFires" sourceRef="lateItem"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <timerEventListener id="lateTimer" name="Late">
        <timerExpression>P3D</timerExpression>
      </timerEventListener>
      <humanTask id="work" name="Work"/>
    </casePlanModel>
  </case>
</definitions>`,
};

/** a low limit on the instances one repeating plan item may make in one command */
const LIMIT = 20;

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  (h.engine.services.config as { maxMultiInstances: number }).maxMultiInstances = LIMIT;
  for (const [name, xml] of Object.entries(models)) {
    const response = await deployCase(h, name, xml);
    expect(response.statusCode, response.body).toBe(201);
  }
});
afterAll(async () => {
  await h?.close();
});

const query = async (path: string, body: Record<string, unknown>) => {
  const response = await h.request('POST', `${CMMN}/${path}`, { body });
  expect(response.statusCode, response.body).toBe(200);
  return (
    response.json() as {
      data: { id: string; variables: { name: string; value: unknown; scope: string }[] }[];
    }
  ).data;
};

describe('repetition', () => {
  it('each instance is named with its own counter, and the rule stops at the case variable', async () => {
    const id = (await startCase(h, 'repRounds', { rounds: 2 })).id as string;
    expect((await planItemOf(h, id, 'roundItem')).name).toBe('Round 1 of 2');
    await completeCaseTask(h, id, 'round');
    expect((await planItemOf(h, id, 'roundItem')).name).toBe('Round 2 of 2');
    await completeCaseTask(h, id, 'round');
    expect(await caseIsEnded(h, id)).toBe(true);
    const names = (await historicPlanItemsOf(h, id)).map(
      (row) => `${row.name as string}:${row.state as string}`,
    );
    expect(names.sort()).toEqual(['Round 1 of 2:completed', 'Round 2 of 2:completed']);
  });

  it('an occurrence whose collection is not a list is a 400 naming the plan item, and is undone whole', async () => {
    const before = await query('cmmn-query/case-instances', { caseDefinitionKey: 'repBatches' });
    const id = (await startCase(h, 'repBatches', { items: 'abc' })).id as string;
    const go = await planItemOf(h, id, 'goItem');
    const response = await planItemAction(h, go.id, 'trigger');
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/checkItem.*'items' is not a collection/);
    // the trigger was rolled back: the listener still waits
    expect((await planItemOf(h, id, 'goItem')).state).toBe('available');
    expect((await query('cmmn-query/case-instances', { caseDefinitionKey: 'repBatches' })).length).toBe(
      before.length + 1,
    );
  });

  it('with an on-part, each occurrence makes one instance per element of the collection as it is then', async () => {
    const id = (await startCase(h, 'repBatches', { items: ['a', 'b'] })).id as string;
    await actOn(h, id, 'goItem', 'trigger');
    await setCaseVariables(h, id, { items: ['c'] });
    await actOn(h, id, 'goItem', 'trigger');
    const checks = (await planItemsOf(h, id)).filter((row) => row.elementId === 'checkItem');
    expect(checks.map((row) => `${row.state}`).sort()).toEqual(['active', 'active', 'active', 'available']);
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'check', 'check']);
  });

  it('an occurrence while the collection is not set makes nothing, and the item waits for the next', async () => {
    const id = (await startCase(h, 'repBatches')).id as string;
    await actOn(h, id, 'goItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual([]);
    await setCaseVariables(h, id, { items: ['x', 'y'] });
    expect(await openCaseTaskKeys(h, id)).toEqual([]);
    await actOn(h, id, 'goItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'check']);
  });
});

describe('completing a stage by hand', () => {
  it('a stage is not completable while work is active in it; completing it then is a 400', async () => {
    const id = (await startCase(h, 'repPhase')).id as string;
    const phase = await planItemOf(h, id, 'phaseItem');
    expect(phase.completable).toBe(false);
    const response = await planItemAction(h, phase.id, 'complete');
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/completable/);
    expect((await planItemOf(h, id, 'phaseItem')).state).toBe('active');
  });

  it('once only optional work is left it is completable, and completing it ends what is left and moves on', async () => {
    const id = (await startCase(h, 'repPhase')).id as string;
    await completeCaseTask(h, id, 'must');
    const phase = await planItemOf(h, id, 'phaseItem');
    expect(phase).toMatchObject({ state: 'active', completable: true });
    const response = await planItemAction(h, phase.id, 'complete');
    expect(response.statusCode).toBe(204);
    const ended = Object.fromEntries(
      (await planItemsOf(h, id, true)).map((row) => [row.elementId, row.state]),
    );
    expect(ended).toMatchObject({ phaseItem: 'completed', mayItem: 'terminated', afterItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
  });

  it('complete is refused on anything but a stage', async () => {
    const id = (await startCase(h, 'repPhase')).id as string;
    const must = await planItemOf(h, id, 'mustItem');
    const response = await planItemAction(h, must.id, 'complete');
    expect(response.statusCode).toBe(400);
    expect(await openCaseTaskKeys(h, id)).toEqual(['must']);
  });
});

describe('listeners nothing waits for', () => {
  it('a timer that could only exit a task goes, with its job, when the task completes', async () => {
    const id = (await startCase(h, 'repDeadline')).id as string;
    expect(await caseJobsOf(h, id)).toHaveLength(1);
    await completeCaseTask(h, id, 'work');
    expect(await caseJobsOf(h, id)).toHaveLength(0);
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('a listener a stage not yet started will listen to stays when the task it could exit ends', async () => {
    const id = (await startCase(h, 'repLater')).id as string;
    await completeCaseTask(h, id, 'first');
    expect((await planItemOf(h, id, 'stopItem')).state).toBe('available');
    await actOn(h, id, 'openItem', 'trigger');
    await actOn(h, id, 'stopItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['cleanup']);
  });
});

describe('query bodies', () => {
  it('variables conditions compare numbers and text, and a condition nothing matches finds nothing', async () => {
    const small = (await startCase(h, 'repRounds', { rounds: 2, owner: 'gonzo-rep' })).id as string;
    const big = (await startCase(h, 'repRounds', { rounds: 9, owner: 'kermit-rep' })).id as string;
    const ids = async (variables: Record<string, unknown>[]) =>
      (await query('cmmn-query/case-instances', { caseDefinitionKey: 'repRounds', variables })).map(
        (row) => row.id,
      );
    expect(await ids([{ name: 'rounds', value: 5, operation: 'greaterThan' }])).toEqual([big]);
    expect(await ids([{ name: 'owner', value: 'gonzo%', operation: 'like' }])).toEqual([small]);
    expect(
      await ids([
        { name: 'owner', value: 'gonzo%', operation: 'like' },
        { name: 'rounds', value: 5, operation: 'greaterThan' },
      ]),
    ).toEqual([]);
  });

  it('historic cases are found by the last value of a variable, and list their variables when asked', async () => {
    const id = (await startCase(h, 'repRounds', { rounds: 3, colour: 'red-rep' })).id as string;
    await setCaseVariables(h, id, { colour: 'blue-rep' });
    const path = 'cmmn-query/historic-case-instances';
    expect(
      await query(path, { variables: [{ name: 'colour', value: 'red-rep', operation: 'equals' }] }),
    ).toEqual([]);
    const [row] = await query(path, {
      variables: [{ name: 'colour', value: 'blue-rep', operation: 'equals' }],
      includeCaseVariables: true,
    });
    expect(row.id).toBe(id);
    expect(row.variables.find((v) => v.name === 'colour')).toMatchObject({
      value: 'blue-rep',
      scope: 'local',
    });
    const [plain] = await query(path, { caseInstanceId: id });
    expect(plain.variables).toEqual([]);
  });

  it('an unknown variable operation is a 400', async () => {
    const response = await h.request('POST', `${CMMN}/cmmn-query/case-instances`, {
      body: { variables: [{ name: 'rounds', value: 1, operation: 'sortOf' }] },
    });
    expect(response.statusCode).toBe(400);
  });
});

it('without an on-part, a collection that is not a list fails the start whole: a 400 naming the plan item', async () => {
  const response = await tryStartCase(h, 'repEach', { people: 'kermit' });
  expect(response.statusCode).toBe(400);
  expect(response.body).toMatch(/eachItem.*'people' is not a collection/);
  expect(await query('cmmn-query/case-instances', { caseDefinitionKey: 'repEach' })).toEqual([]);
});

describe('the limit on repetition in one command', () => {
  it('an if-part-only entry sentry repeating without maxInstanceCount stops at the limit: a 400, and no case', async () => {
    const response = await tryStartCase(h, 'repEndless', { go: true });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      exception: `Plan item 'againItem' would make ${LIMIT + 1} instances in one command, more than the limit of ${LIMIT} (weir.multi-instance.max-instances)`,
    });
    expect(await query('cmmn-query/case-instances', { caseDefinitionKey: 'repEndless' })).toEqual([]);
  });

  it('a collection longer than the limit is refused before any instance is made', async () => {
    const people = Array.from({ length: LIMIT + 1 }, (_, i) => `p${i}`);
    const response = await tryStartCase(h, 'repEach', { people });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`more than the limit of ${LIMIT}`);
    const fits = (await startCase(h, 'repEach', { people: people.slice(0, LIMIT) })).id as string;
    expect(await openCaseTaskKeys(h, fits)).toHaveLength(LIMIT);
  });
});
