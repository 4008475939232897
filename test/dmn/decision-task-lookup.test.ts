/**
 * Which decision a business rule task runs, as Flowable's DmnActivityBehavior picks it, seen
 * through the REST API: `sameDeployment` (absent, true, false), `fallbackToDefaultTenant` for an
 * instance of another tenant, a decision service named by `decisionServiceReferenceKey` (or by
 * `decisionTableReferenceKey`, as Flowable's own models do), a literal expression decision, and
 * a key given as an expression.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';
import { decisionTable, definitions, literalDecision, surchargeDecisions } from './dmn-xml.ts';
import { field } from './risk-process.ts';
import { uploadAsAdmin } from './upload.ts';
import { deployCase } from '../conformance/cmmn-support.ts';

let h: HttpHarness;

/** `grade` answers `version` for any amount */
const grade = (version: string) =>
  decisionTable({
    id: 'grade',
    name: 'Grade',
    inputs: [{ expr: 'amount', typeRef: 'number' }],
    outputs: [{ name: 'grade', typeRef: 'string' }],
    rules: [['-', `"${version}"`]],
  });

const pricing = [
  ...surchargeDecisions('amount'),
  '<decisionService id="pricing" name="Pricing"><outputDecision href="#surcharge"/><encapsulatedDecision href="#base"/></decisionService>',
  '<decisionService id="quote" name="Quote"><outputDecision href="#surcharge"/><outputDecision href="#base"/></decisionService>',
];

/** start, the decision task `rules` with `fields`, then a user task to stop at */
const processWith = (id: string, fields: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="http://weir.test">
  <process id="${id}" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="toRules" sourceRef="start" targetRef="rules"/>
    <businessRuleTask id="rules"><extensionElements>${fields}</extensionElements></businessRuleTask>
    <sequenceFlow id="toWait" sourceRef="rules" targetRef="wait"/>
    <userTask id="wait" name="Wait"/>
  </process>
</definitions>`;

const deploy = async (url: string, files: Record<string, string>, fields: Record<string, string> = {}) =>
  (
    await uploadAsAdmin(
      h,
      url,
      Object.entries(files).map(([name, content]) => ({ name, content })),
      fields,
    )
  ).id;

const start = (key: string, variables: Record<string, unknown>, tenantId?: string) =>
  h.request('POST', '/process-api/runtime/process-instances', {
    as: 'admin',
    body: {
      processDefinitionKey: key,
      ...(tenantId === undefined ? {} : { tenantId }),
      variables: Object.entries(variables).map(([name, value]) => ({ name, value })),
    },
  });

const variablesOf = async (instanceId: string): Promise<Record<string, unknown>> =>
  Object.fromEntries(
    (
      (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`)).json() as {
        name: string;
        value: unknown;
      }[]
    ).map((v) => [v.name, v.value]),
  );

/** the variables an instance of `key` holds once its decision task has run */
const resultOf = async (key: string, variables: Record<string, unknown>, tenantId?: string) => {
  const response = await start(key, variables, tenantId);
  expect(response.statusCode, response.body).toBe(201);
  return variablesOf(response.json().id as string);
};

const ruleTaskOf = (key: string, extra = '') => field('decisionTableReferenceKey', key) + extra;

beforeAll(async () => {
  h = await createHttpHarness();
  // grade v1 travels with these processes ...
  await deploy('/process-api/repository/deployments', {
    'pinned.bpmn20.xml': processWith('pinned', ruleTaskOf('grade')),
    'explicit.bpmn20.xml': processWith('explicit', ruleTaskOf('grade', field('sameDeployment', 'true'))),
    'unpinned.bpmn20.xml': processWith('unpinned', ruleTaskOf('grade', field('sameDeployment', 'false'))),
    'byExpression.bpmn20.xml': processWith(
      'byExpression',
      '<flowable:field name="decisionTableReferenceKey"><flowable:expression>${which}</flowable:expression></flowable:field>',
    ),
    'service.bpmn20.xml': processWith('service', field('decisionServiceReferenceKey', 'pricing')),
    'serviceByTableKey.bpmn20.xml': processWith('serviceByTableKey', ruleTaskOf('pricing')),
    'quoted.bpmn20.xml': processWith('quoted', field('decisionServiceReferenceKey', 'quote')),
    'literal.bpmn20.xml': processWith('literal', ruleTaskOf('base')),
    'parent.bpmn20.xml': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="http://weir.test">
  <process id="parent" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="toCall" sourceRef="start" targetRef="call"/>
    <callActivity id="call" calledElement="literal"><extensionElements><flowable:in source="amount" target="amount"/></extensionElements></callActivity>
    <sequenceFlow id="toEnd" sourceRef="call" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`,
    'decisions.dmn': definitions(grade('one'), ...pricing),
  });
  // ... grade v2 is deployed later on its own, in the default tenant, with `doubled`
  await deploy('/dmn-api/dmn-repository/deployments', {
    'later.dmn': definitions(grade('two'), literalDecision('doubled', 'amount * 2', { typeRef: 'number' })),
  });
  // a process deployed without decisions
  await deploy('/process-api/repository/deployments', {
    'lonely.bpmn20.xml': processWith('lonely', ruleTaskOf('grade')),
  });
  // processes of tenant acme, which has no decision of its own
  await deploy(
    '/process-api/repository/deployments',
    {
      'fallback.bpmn20.xml': processWith(
        'fallback',
        ruleTaskOf('doubled', field('fallbackToDefaultTenant', 'true')),
      ),
      'noFallback.bpmn20.xml': processWith('noFallback', ruleTaskOf('doubled')),
    },
    { tenantId: 'acme' },
  );
});
afterAll(async () => {
  await h?.close();
});

describe('which decision a business rule task runs', () => {
  it('without sameDeployment, or with it true, the version deployed with the process, though a later one exists', async () => {
    expect(await resultOf('pinned', { amount: 1 })).toMatchObject({ grade: 'one' });
    expect(await resultOf('explicit', { amount: 1 })).toMatchObject({ grade: 'one' });
    const latest = (
      await h.request('GET', '/dmn-api/dmn-repository/decisions?key=grade&latest=true', { as: 'admin' })
    ).json();
    expect(latest.data.map((d: { version: number }) => d.version)).toEqual([2]);
  });

  it('with sameDeployment false, or when the deployment has no such decision, the latest version', async () => {
    expect(await resultOf('unpinned', { amount: 1 })).toMatchObject({ grade: 'two' });
    expect(await resultOf('lonely', { amount: 1 })).toMatchObject({ grade: 'two' });
  });

  it('a key given as an expression is evaluated over the variables', async () => {
    expect(await resultOf('byExpression', { amount: 1, which: 'grade' })).toMatchObject({ grade: 'one' });
    expect(await resultOf('byExpression', { amount: 3, which: 'base' })).toMatchObject({ basePrice: 6 });
  });

  it('fallbackToDefaultTenant finds a decision of the default tenant for an instance of another tenant', async () => {
    expect(await resultOf('fallback', { amount: 21 }, 'acme')).toEqual({ amount: 21, doubled: 42 });
    const refused = await start('noFallback', { amount: 21 }, 'acme');
    // a start that meets something missing is a bad request, as Flowable's start resource answers it
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().exception).toBe("No decision found for key 'doubled' in tenant 'acme'");
    const instances = (
      await h.request('GET', '/process-api/runtime/process-instances?processDefinitionKey=noFallback', {
        as: 'admin',
      })
    ).json();
    expect(instances.total).toBe(0);
  });

  it('a decision service sets the outputs of its output decision, named by either reference key', async () => {
    expect(await resultOf('service', { amount: 6 })).toEqual({ amount: 6, surcharge: 5 });
    expect(await resultOf('serviceByTableKey', { amount: 2 })).toEqual({ amount: 2, surcharge: 0 });
  });

  it("a decision service with several output decisions sets one map of their results under the service's key", async () => {
    expect(await resultOf('quoted', { amount: 6 })).toEqual({
      amount: 6,
      quote: { surcharge: [{ surcharge: 5 }], base: [{ basePrice: 12 }] },
    });
  });

  it("a literal expression decision sets its value under the decision's variable name", async () => {
    expect(await resultOf('literal', { amount: 4 })).toEqual({ amount: 4, basePrice: 8 });
  });

  it("a run that fell back to the default tenant is recorded for the instance's tenant, as Flowable records it", async () => {
    const instance = (await start('fallback', { amount: 1 }, 'acme')).json();
    const executions = (
      await h.request(
        'GET',
        `/dmn-api/dmn-history/historic-decision-executions?processInstanceId=${instance.id}`,
        { as: 'admin' },
      )
    ).json();
    expect(executions.data).toEqual([
      expect.objectContaining({
        decisionKey: 'doubled',
        decisionVersion: '1',
        activityId: 'rules',
        tenantId: 'acme',
      }),
    ]);
    const inTenant = (
      await h.request('GET', '/dmn-api/dmn-history/historic-decision-executions?tenantId=acme', {
        as: 'admin',
      })
    ).json();
    expect(inTenant.data.map((e: { instanceId: string }) => e.instanceId)).toContain(instance.id);
  });

  it('the history of a process instance with its children: processInstanceIdWithChildren; runs of no instance: withoutScopeType', async () => {
    const parent = await start('parent', { amount: 5 });
    expect(parent.statusCode, parent.body).toBe(201);
    const history = async (query: string) =>
      (
        await h.request('GET', `/dmn-api/dmn-history/historic-decision-executions?${query}`, { as: 'admin' })
      ).json();
    expect((await history(`processInstanceId=${parent.json().id}`)).total).toBe(0);
    const withChildren = await history(`processInstanceIdWithChildren=${parent.json().id}`);
    expect(withChildren.data).toEqual([
      expect.objectContaining({ decisionKey: 'base', activityId: 'rules', scopeType: 'bpmn' }),
    ]);
    const child = (
      await h.request(
        'GET',
        `/process-api/runtime/process-instances?superProcessInstanceId=${parent.json().id}`,
        {
          as: 'admin',
        },
      )
    ).json().data[0];
    expect(withChildren.data[0].instanceId).toBe(child.id);
    expect(await variablesOf(child.id)).toEqual({ amount: 5, basePrice: 10 });

    const alone = await h.request('POST', '/dmn-api/dmn-rule/execute', {
      as: 'admin',
      body: { decisionKey: 'base', inputVariables: [{ name: 'amount', value: 1 }] },
    });
    expect(alone.statusCode).toBe(201);
    const standalone = await history('decisionKey=base&withoutScopeType=true');
    expect(
      standalone.data.map((e: { instanceId: string | null; scopeType: string | null }) => [
        e.instanceId,
        e.scopeType,
      ]),
    ).toEqual([[null, null]]);
    expect((await history('decisionKey=base')).total).toBeGreaterThan(1);
  });

  it('the history of a case with everything it started: caseInstanceIdWithChildren', async () => {
    const deployed = await deployCase(
      h,
      'pricing-case.cmmn',
      `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.test">
  <decision id="doubledRef" externalRef="doubled"/>
  <process id="parentRef" externalRef="parent"/>
  <case id="pricingCase">
    <casePlanModel id="plan">
      <planItem id="decideItem" definitionRef="decide"/>
      <planItem id="processItem" definitionRef="runParent"/>
      <planItem id="waitItem" definitionRef="wait"/>
      <decisionTask id="decide" decisionRef="doubledRef"/>
      <processTask id="runParent" processRef="parentRef">
        <extensionElements><flowable:in source="amount" target="amount"/></extensionElements>
      </processTask>
      <humanTask id="wait" name="Wait"/>
    </casePlanModel>
  </case>
</definitions>`,
    );
    expect(deployed.statusCode, deployed.body).toBe(201);
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      as: 'admin',
      body: { caseDefinitionKey: 'pricingCase', variables: [{ name: 'amount', value: 7 }] },
    });
    expect(started.statusCode, started.body).toBe(201);
    const caseId = started.json().id as string;
    const history = async (query: string) =>
      (
        await h.request('GET', `/dmn-api/dmn-history/historic-decision-executions?${query}`, { as: 'admin' })
      ).json() as { total: number; data: { decisionKey: string; instanceId: string; scopeType: string }[] };

    // the case's own decision task, and the one of the process its process task's process called
    const all = await history(`caseInstanceIdWithChildren=${caseId}`);
    all.data.sort((a, b) => a.decisionKey.localeCompare(b.decisionKey));
    expect(all.data.map((e) => [e.decisionKey, e.scopeType])).toEqual([
      ['base', 'bpmn'],
      ['doubled', 'cmmn'],
    ]);
    expect(all.data[1].instanceId).toBe(caseId);
    const grandchild = all.data[0].instanceId;
    expect(grandchild).not.toBe(caseId);
    const called = await h.request('GET', `/process-api/history/historic-process-instances/${grandchild}`, {
      as: 'admin',
    });
    expect(called.json()).toMatchObject({ processDefinitionKey: 'literal' });
    // without the children: the case's own run only; another case's id: nothing
    expect((await history(`instanceId=${caseId}`)).data.map((e) => e.decisionKey)).toEqual(['doubled']);
    expect((await history('caseInstanceIdWithChildren=no-such-case')).total).toBe(0);
  });
});
