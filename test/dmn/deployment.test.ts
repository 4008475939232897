import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDecisionOfKey, runDecision } from '../../src/dmn/decision-runner.ts';
import { decisionExecutionsOfInstance } from '../../src/persistence/dmn-sql.ts';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';
import { decisionTable, definitions } from './dmn-xml.ts';

let h: HttpHarness;

const process = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://weir.test">
  <process id="plain" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"/></process>
</definitions>`;

const discount = (rules: string[][], id = 'discount') =>
  definitions(
    decisionTable({
      id,
      name: 'Discount',
      hitPolicy: 'UNIQUE',
      inputs: [{ expr: 'amount', typeRef: 'number', label: 'Amount' }],
      outputs: [{ name: 'rate', typeRef: 'number' }],
      rules,
    }),
  );

const upload = (files: { name: string; content: string }[], fields: Record<string, string> = {}) => {
  const { payload, contentType } = multipart(files, fields);
  return h.app.inject({
    method: 'POST',
    url: '/process-api/repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
};

const deploymentCount = async () =>
  (await h.request('GET', '/process-api/repository/deployments')).json().total as number;

const noLink = { instanceId: null, executionId: null, activityId: null, scopeType: null };

beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('DMN resources in a process deployment', () => {
  it('deploys each decision as a new version of its key, the latest answering by key', async () => {
    const first = await upload([
      { name: 'plain.bpmn20.xml', content: process },
      {
        name: 'discount.dmn',
        content: discount([
          ['< 100', '0'],
          ['>= 100', '0.1'],
        ]),
      },
    ]);
    expect(first.statusCode).toBe(201);
    const second = await upload([{ name: 'discount.dmn.xml', content: discount([['-', '0.2']]) }]);
    expect(second.statusCode).toBe(201);
    const latest = await findDecisionOfKey(h.db, { key: 'discount', tenantId: '' });
    expect(latest).toMatchObject({
      key: 'discount',
      version: 2,
      name: 'Discount',
      decisionType: 'decision_table',
    });
    expect(latest.resourceName).toBe('discount.dmn.xml');
    const run = await runDecision(h.db, latest, { amount: 5 }, noLink, () => new Date());
    expect(run.results).toEqual([{ rate: 0.2 }]);
    // sameDeployment: the version deployed with the first process deployment
    const same = await findDecisionOfKey(h.db, {
      key: 'discount',
      tenantId: '',
      parentDeploymentId: first.json().id,
    });
    expect(same.version).toBe(1);
    expect((await runDecision(h.db, same, { amount: 150 }, noLink, () => new Date())).results).toEqual([
      { rate: 0.1 },
    ]);
  });

  it('refuses an invalid table naming the file, decision, rule and column, and stores nothing', async () => {
    const before = await deploymentCount();
    const response = await upload([
      { name: 'plain.bpmn20.xml', content: process },
      {
        name: 'broken.dmn',
        content: discount(
          [
            ['< 100', '0'],
            ['> 1 +', '1'],
          ],
          'broken',
        ),
      },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain(
      "broken.dmn: decision 'broken', rule 'broken_r2' (#2), column 'Amount': '> 1 +' does not parse",
    );
    expect(await deploymentCount()).toBe(before);
    await expect(findDecisionOfKey(h.db, { key: 'broken', tenantId: '' })).rejects.toThrow(
      "No decision found for key 'broken'",
    );
  });

  it('finds a decision of the default tenant only with fallbackToDefaultTenant', async () => {
    await expect(findDecisionOfKey(h.db, { key: 'discount', tenantId: 'acme' })).rejects.toThrow(
      "No decision found for key 'discount' in tenant 'acme'",
    );
    const found = await findDecisionOfKey(h.db, {
      key: 'discount',
      tenantId: 'acme',
      fallbackToDefaultTenant: true,
    });
    expect(found.tenantId).toBe('');
  });

  it('records each execution with its audit, linked to the instance, failed ones too', async () => {
    await upload([
      {
        name: 'strict.dmn',
        content: discount(
          [
            ['> 0', '1'],
            ['> 10', '2'],
          ],
          'strict',
        ),
      },
    ]);
    const decision = await findDecisionOfKey(h.db, { key: 'strict', tenantId: '' });
    const link = {
      instanceId: 'instance-1',
      executionId: 'execution-1',
      activityId: 'rules',
      scopeType: 'bpmn',
    };
    const ok = await runDecision(h.db, decision, { amount: 5 }, link, () => new Date());
    const violated = await runDecision(h.db, decision, { amount: 50 }, link, () => new Date());
    expect(violated).toMatchObject({
      failed: true,
      results: [],
      exceptionMessage: 'Hit policy UNIQUE violated: rules #1, #2 all match',
    });
    const history = await decisionExecutionsOfInstance(h.db, 'instance-1');
    expect(history.map((e) => [e.id, e.decisionKey, e.activityId, e.failed])).toEqual([
      [ok.execution.id, 'strict', 'rules', false],
      [violated.execution.id, 'strict', 'rules', true],
    ]);
    expect(history[0].executionJson).toMatchObject({
      decisionKey: 'strict',
      decisionVersion: 1,
      inputClauses: [{ id: 'strict_in1', value: 5 }],
      ruleExecutions: { '1': { valid: true }, '2': { valid: false } },
      decisionResult: [{ rate: 1 }],
    });
  });

  it('deleting the process deployment deletes the decisions it carried', async () => {
    const response = await upload([
      { name: 'plain.bpmn20.xml', content: process },
      { name: 'temp.dmn', content: discount([['-', '1']], 'temporary') },
    ]);
    expect(
      (await h.request('DELETE', `/process-api/repository/deployments/${response.json().id}`)).statusCode,
    ).toBe(204);
    await expect(findDecisionOfKey(h.db, { key: 'temporary', tenantId: '' })).rejects.toThrow(
      /No decision found/,
    );
  });
});
