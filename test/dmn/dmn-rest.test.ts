import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionExecutionsOfKey } from '../../src/persistence/dmn-sql.ts';
import { basic, createHttpHarness, multipart, type HttpHarness, type TestUser } from '../http/harness.ts';
import { decisionTable, definitions, surchargeDecisions } from './dmn-xml.ts';

let h: HttpHarness;

const dmn = definitions(
  decisionTable({
    id: 'shipping',
    name: 'Shipping',
    hitPolicy: 'RULE ORDER',
    inputs: [
      { expr: 'weight', typeRef: 'number' },
      { expr: 'country', typeRef: 'string' },
    ],
    outputs: [
      { name: 'carrier', typeRef: 'string' },
      { name: 'price', typeRef: 'number' },
    ],
    rules: [
      ['< 2', '"BE","NL"', '"post"', '4.5'],
      ['-', '-', '"courier"', '12'],
    ],
  }),
  ...surchargeDecisions('weight'),
  decisionTable({
    id: 'strict',
    hitPolicy: 'UNIQUE',
    inputs: [{ expr: 'weight', typeRef: 'number' }],
    outputs: [{ name: 'band', typeRef: 'string' }],
    rules: [
      ['> 1', '"a"'],
      ['> 2', '"b"'],
    ],
  }),
  '<decisionService id="pricing" name="Pricing"><outputDecision href="#surcharge"/><encapsulatedDecision href="#base"/></decisionService>',
  '<decisionService id="quote" name="Quote"><outputDecision href="#surcharge"/><outputDecision href="#shipping"/><encapsulatedDecision href="#base"/></decisionService>',
);

const execute = (path: string, body: unknown, as: TestUser = 'kermit') =>
  h.request('POST', `/dmn-api/dmn-rule/${path}`, { as, body });

beforeAll(async () => {
  h = await createHttpHarness();
  const { payload, contentType } = multipart([{ name: 'shipping.dmn', content: dmn }]);
  const deployed = await h.app.inject({
    method: 'POST',
    url: '/process-api/repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

describe('/dmn-api/dmn-rule', () => {
  it('execute answers every result as a list of variables', async () => {
    const response = await execute('execute', {
      decisionKey: 'shipping',
      inputVariables: [
        { name: 'weight', type: 'double', value: 1.5 },
        { name: 'country', type: 'string', value: 'BE' },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().resultVariables).toEqual([
      [
        { name: 'carrier', type: 'string', value: 'post', valueUrl: null },
        { name: 'price', type: 'double', value: 4.5, valueUrl: null },
      ],
      [
        { name: 'carrier', type: 'string', value: 'courier', valueUrl: null },
        { name: 'price', type: 'integer', value: 12, valueUrl: null },
      ],
    ]);
  });

  it('single-result answers one result, and refuses a decision with several', async () => {
    const one = await execute('execute/single-result', {
      decisionKey: 'shipping',
      inputVariables: [
        { name: 'weight', value: 30 },
        { name: 'country', value: 'FR' },
      ],
    });
    expect(one.statusCode).toBe(201);
    expect(one.json().resultVariables).toEqual([
      { name: 'carrier', type: 'string', value: 'courier', valueUrl: null },
      { name: 'price', type: 'integer', value: 12, valueUrl: null },
    ]);
    const many = await execute('execute/single-result', {
      decisionKey: 'shipping',
      inputVariables: [
        { name: 'weight', value: 1 },
        { name: 'country', value: 'NL' },
      ],
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().exception).toBe("Decision 'shipping' has 2 results, not a single one");
  });

  it('execute-decision-service runs the service and its required decisions; execute-decision refuses it', async () => {
    const response = await execute('execute-decision-service', {
      decisionKey: 'pricing',
      inputVariables: [{ name: 'weight', value: 6 }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().resultVariables).toEqual([
      [{ name: 'surcharge', type: 'integer', value: 5, valueUrl: null }],
    ]);
    const refused = await execute('execute-decision', { decisionKey: 'pricing', inputVariables: [] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toBe("Decision 'pricing' is a decision service");
  });

  it('a service with several output decisions answers every result of each; single-result merges single ones', async () => {
    const input = (weight: number, country: string) => [
      { name: 'weight', value: weight },
      { name: 'country', value: country },
    ];
    const all = await execute('execute-decision-service', {
      decisionKey: 'quote',
      inputVariables: input(3, 'FR'),
    });
    expect(all.statusCode, all.body).toBe(201);
    expect(all.json().resultVariables).toEqual([
      [{ name: 'surcharge', type: 'integer', value: 0, valueUrl: null }],
      [
        { name: 'carrier', type: 'string', value: 'courier', valueUrl: null },
        { name: 'price', type: 'integer', value: 12, valueUrl: null },
      ],
    ]);
    const merged = await execute('execute-decision-service/single-result', {
      decisionKey: 'quote',
      inputVariables: input(3, 'FR'),
    });
    expect(merged.statusCode, merged.body).toBe(201);
    expect(merged.json().resultVariables).toEqual([
      { name: 'surcharge', type: 'integer', value: 0, valueUrl: null },
      { name: 'carrier', type: 'string', value: 'courier', valueUrl: null },
      { name: 'price', type: 'integer', value: 12, valueUrl: null },
    ]);
    // shipping answers two rules for a light parcel to Belgium: not a single result
    const refused = await execute('execute-decision-service/single-result', {
      decisionKey: 'quote',
      inputVariables: input(1, 'BE'),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toBe(
      "Decision 'shipping' of decision service 'quote' has 2 results, not a single one",
    );
  });

  it("a decision service's audit holds its output decisions' audits, each with those it requires", async () => {
    const run = await execute('execute-decision-service', {
      decisionKey: 'pricing',
      inputVariables: [{ name: 'weight', value: 3 }],
    });
    expect(run.statusCode).toBe(201);
    const list = await h.request(
      'GET',
      '/dmn-api/dmn-history/historic-decision-executions?decisionKey=pricing&sort=startTime&order=desc&size=1',
      { as: 'admin' },
    );
    expect(list.statusCode).toBe(200);
    const [execution] = list.json().data;
    expect(execution).toMatchObject({ decisionKey: 'pricing', decisionName: 'Pricing', failed: false });
    expect(execution.instanceId).toBeNull();
    const audit = await h.request(
      'GET',
      `/dmn-api/dmn-history/historic-decision-executions/${execution.id}/auditdata`,
      { as: 'admin' },
    );
    expect(audit.statusCode).toBe(200);
    expect(audit.json()).toMatchObject({
      decisionKey: 'pricing',
      decisionServiceResult: { surcharge: [{ surcharge: 0 }] },
      failed: false,
      decisionVersion: 1,
      childDecisionExecutions: [
        {
          decisionKey: 'surcharge',
          // it names no hit policy: FIRST, as Flowable parses it
          hitPolicy: 'FIRST',
          decisionResult: [{ surcharge: 0 }],
          childDecisionExecutions: [
            { decisionKey: 'base', hitPolicy: null, decisionResult: [{ basePrice: 6 }] },
          ],
        },
      ],
    });
  });

  it('an unknown key is a 404 naming it; a missing key a 400', async () => {
    const unknown = await execute('execute', { decisionKey: 'nope', inputVariables: [] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().exception).toBe("No decision found for key 'nope'");
    expect((await execute('execute', { inputVariables: [] })).statusCode).toBe(400);
  });

  it('a failing evaluation is a 400 naming the rules, and stays in history as failed', async () => {
    const response = await execute('execute', {
      decisionKey: 'strict',
      inputVariables: [{ name: 'weight', value: 5 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toBe('Hit policy UNIQUE violated: rules #1, #2 all match');
    const history = await decisionExecutionsOfKey(h.db, 'strict');
    expect(history.map((e) => [e.failed, e.instanceId])).toEqual([[true, null]]);
    expect(history[0].executionJson).toMatchObject({
      failed: true,
      ruleExecutions: { '1': { valid: true }, '2': { valid: true } },
    });
  });

  it('disableHistory runs the decision without a history entry, a failing one too', async () => {
    const executionsOf = async (key: string) =>
      (
        await h.request('GET', `/dmn-api/dmn-history/historic-decision-executions?decisionKey=${key}`, {
          as: 'admin',
        })
      ).json().total as number;
    const before = {
      shipping: await executionsOf('shipping'),
      base: await executionsOf('base'),
      strict: await executionsOf('strict'),
    };
    const quiet = await execute('execute-decision/single-result', {
      decisionKey: 'base',
      inputVariables: [{ name: 'weight', value: 4 }],
      disableHistory: true,
    });
    expect(quiet.statusCode, quiet.body).toBe(201);
    expect(quiet.json().resultVariables).toEqual([
      { name: 'basePrice', type: 'integer', value: 8, valueUrl: null },
    ]);
    expect(await executionsOf('base')).toBe(before.base);
    const failing = await execute('execute', {
      decisionKey: 'strict',
      inputVariables: [{ name: 'weight', value: 9 }],
      disableHistory: true,
    });
    expect(failing.statusCode).toBe(400);
    expect(failing.json().exception).toBe('Hit policy UNIQUE violated: rules #1, #2 all match');
    expect(await executionsOf('strict')).toBe(before.strict);
    // without it (false) the run is recorded as before
    await execute('execute', {
      decisionKey: 'shipping',
      inputVariables: [{ name: 'weight', value: 1 }],
      disableHistory: false,
    });
    expect(await executionsOf('shipping')).toBe(before.shipping + 1);
  });

  it('needs credentials and the access-rest-api privilege', async () => {
    const anonymous = await h.app.inject({
      method: 'POST',
      url: '/dmn-api/dmn-rule/execute',
      payload: { decisionKey: 'shipping' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(
      (await execute('execute', { decisionKey: 'shipping', inputVariables: [] }, 'gonzo')).statusCode,
    ).toBe(403);
  });
});
