import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionExecutionsOfInstance } from '../../src/persistence/dmn-sql.ts';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';
import { decisionTable, definitions } from './dmn-xml.ts';
import { field, riskTable, routedProcess } from './risk-process.ts';

let h: HttpHarness;

const decisions = definitions(
  riskTable,
  decisionTable({
    id: 'tags',
    hitPolicy: 'RULE ORDER',
    inputs: [{ expr: 'amount', typeRef: 'number' }],
    outputs: [{ name: 'tag', typeRef: 'string' }],
    rules: [
      ['> 0', '"positive"'],
      ['> 100', '"large"'],
    ],
  }),
);

const ruleTask = routedProcess(
  'routed',
  `<businessRuleTask id="rules" name="Assess risk"><extensionElements>${field('decisionTableReferenceKey', 'risk')}</extensionElements></businessRuleTask>`,
);
const strictTask = routedProcess(
  'strict',
  `<serviceTask id="rules" flowable:type="dmn"><extensionElements>${field('decisionTableReferenceKey', 'risk')}${field('decisionTaskThrowErrorOnNoHits', 'true')}</extensionElements></serviceTask>`,
);
const listTask = routedProcess(
  'listed',
  `<serviceTask id="rules" flowable:type="dmn"><extensionElements>${field('decisionTableReferenceKey', 'tags')}</extensionElements></serviceTask>`,
);

const start = (key: string, amount: number) =>
  h.request('POST', '/process-api/runtime/process-instances', {
    as: 'kermit',
    body: { processDefinitionKey: key, variables: [{ name: 'amount', type: 'integer', value: amount }] },
  });

const taskNameOf = async (instanceId: string) =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`))
    .json()
    .data.map((t: { name: string }) => t.name);

const variablesOf = async (instanceId: string) =>
  Object.fromEntries(
    (
      (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`)).json() as {
        name: string;
        value: unknown;
      }[]
    ).map((v) => [v.name, v.value]),
  );

beforeAll(async () => {
  h = await createHttpHarness();
  const { payload, contentType } = multipart([
    { name: 'routed.bpmn20.xml', content: ruleTask },
    { name: 'strict.bpmn20.xml', content: strictTask },
    { name: 'listed.bpmn20.xml', content: listTask },
    { name: 'risk.dmn', content: decisions },
  ]);
  const deployed = await h.app.inject({
    method: 'POST',
    url: '/process-api/repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  expect(deployed.statusCode, deployed.body).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

describe('business rule task and DMN service task', () => {
  it('a business rule task routes the instance through a gateway on its result', async () => {
    const high = (await start('routed', 5000)).json();
    expect(await taskNameOf(high.id)).toEqual(['Review']);
    expect(await variablesOf(high.id)).toMatchObject({ level: 'high', limit: 1000 });
    const low = (await start('routed', 10)).json();
    expect(await taskNameOf(low.id)).toEqual(['Auto approve']);
    expect(await variablesOf(low.id)).toMatchObject({ level: 'low', limit: 5000 });
  });

  it('the process definition lists the decisions deployed with it', async () => {
    const definition = (
      await h.request('GET', '/process-api/repository/process-definitions?key=routed')
    ).json().data[0];
    const decisions = (
      await h.request('GET', `/process-api/repository/process-definitions/${definition.id}/decisions`)
    ).json();
    expect(decisions.map((d: { key: string; decisionType: string }) => [d.key, d.decisionType])).toEqual([
      ['risk', 'decision_table'],
      ['tags', 'decision_table'],
    ]);
    expect(decisions[0].url).toMatch(/\/dmn-api\/dmn-repository\/decisions\//);
  });

  it('no hit without decisionTaskThrowErrorOnNoHits sets nothing and the instance goes on', async () => {
    const response = await start('routed', -5);
    expect(response.statusCode, response.body).toBe(201);
    const instance = response.json();
    expect(await taskNameOf(instance.id)).toEqual(['Auto approve']);
    expect(await variablesOf(instance.id)).not.toHaveProperty('level');
  });

  it('no hit with decisionTaskThrowErrorOnNoHits fails the start, naming the decision, and leaves no instance', async () => {
    const before = (
      await h.request('GET', '/process-api/runtime/process-instances?processDefinitionKey=strict')
    ).json().total;
    const response = await start('strict', -5);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toBe(
      "DMN decision with key risk did not hit any rules for the provided input (task 'rules')",
    );
    expect(
      (await h.request('GET', '/process-api/runtime/process-instances?processDefinitionKey=strict')).json()
        .total,
    ).toBe(before);
    const hit = (await start('strict', 2000)).json();
    expect(await taskNameOf(hit.id)).toEqual(['Review']);
  });

  it('a RULE ORDER decision sets one list under the decision key', async () => {
    const response = await start('listed', 500);
    expect(response.statusCode, response.body).toBe(201);
    const instance = response.json();
    expect((await variablesOf(instance.id)).tags).toEqual([{ tag: 'positive' }, { tag: 'large' }]);
  });

  it('the decision shows in the process history and in the DMN history endpoints, linked to the instance', async () => {
    const instance = (await start('routed', 1500)).json();
    const activities = (
      await h.request(
        'GET',
        `/process-api/history/historic-activity-instances?processInstanceId=${instance.id}&activityId=rules`,
      )
    ).json().data;
    expect(activities.map((a: { activityType: string }) => a.activityType)).toEqual(['businessRuleTask']);
    const variables = (
      await h.request(
        'GET',
        `/process-api/history/historic-variable-instances?processInstanceId=${instance.id}&variableName=level`,
      )
    ).json().data;
    expect(variables.map((v: { variable: { value: unknown } }) => v.variable.value)).toEqual(['high']);

    const executions = await h.request(
      'GET',
      `/dmn-api/dmn-history/historic-decision-executions?processInstanceId=${instance.id}`,
    );
    expect(executions.statusCode).toBe(200);
    expect(executions.json()).toMatchObject({ total: 1, start: 0, sort: 'startTime', order: 'asc' });
    const [execution] = executions.json().data;
    expect(execution).toMatchObject({
      instanceId: instance.id,
      activityId: 'rules',
      scopeType: 'bpmn',
      failed: false,
      decisionKey: 'risk',
      decisionName: 'Risk',
      decisionVersion: '1',
    });
    expect(execution.url).toMatch(
      new RegExp(`/dmn-api/dmn-history/historic-decision-executions/${execution.id}$`),
    );
    const audit = (
      await h.request('GET', `/dmn-api/dmn-history/historic-decision-executions/${execution.id}/auditdata`)
    ).json();
    expect(audit).toMatchObject({
      decisionKey: 'risk',
      inputClauses: [{ value: 1500 }],
      ruleExecutions: { '1': { valid: true }, '2': { valid: false } },
      decisionResult: [{ level: 'high', limit: 1000 }],
    });
    expect((await decisionExecutionsOfInstance(h.db, instance.id)).map((e) => e.id)).toEqual([execution.id]);
    const missing = await h.request('GET', '/dmn-api/dmn-history/historic-decision-executions/nope');
    expect(missing.statusCode).toBe(404);
    // an audit holds the instance's variables: a REST user who may not deploy does not read it
    const refused = await h.request(
      'GET',
      `/dmn-api/dmn-history/historic-decision-executions/${execution.id}/auditdata`,
      {
        as: 'kermit',
      },
    );
    expect(refused.statusCode).toBe(403);
  });
});
