import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness, type TestUser } from '../http/harness.ts';
import { decisionTable, definitions, literalDecision } from './dmn-xml.ts';

let h: HttpHarness;

const R = '/dmn-api/dmn-repository';

const file = (rate: string) =>
  definitions(
    decisionTable({
      id: 'fee',
      name: 'Fee',
      inputs: [{ expr: 'amount', typeRef: 'number', label: 'Amount' }],
      outputs: [{ name: 'fee', typeRef: 'number' }],
      rules: [['-', rate]],
    }),
    literalDecision('double', 'amount * 2', { name: 'Double' }),
  );

const deploy = (
  files: { name: string; content: string }[],
  as: TestUser = 'admin',
  fields: Record<string, string> = {},
) => {
  const { payload, contentType } = multipart(files, fields);
  return h.app.inject({
    method: 'POST',
    url: `${R}/deployments`,
    headers: { authorization: basic(as), 'content-type': contentType },
    payload,
  });
};

beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('/dmn-api/dmn-repository', () => {
  it('deploys .dmn files on their own, versioning each decision, and lists and reads them', async () => {
    const first = await deploy([{ name: 'fees.dmn', content: file('1') }], 'admin', {
      deploymentName: 'Fees',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ name: 'Fees', parentDeploymentId: null, tenantId: '' });
    expect(first.json().url).toMatch(new RegExp(`/dmn-api/dmn-repository/deployments/${first.json().id}$`));
    const second = await deploy([{ name: 'fees.dmn', content: file('2') }]);
    expect(second.statusCode).toBe(201);

    const latest = (await h.request('GET', `${R}/decisions?key=fee&latest=true`, { as: 'kermit' })).json();
    expect(latest.total).toBe(1);
    expect(latest.data[0]).toMatchObject({
      key: 'fee',
      name: 'Fee',
      version: 2,
      decisionType: 'decision_table',
      resourceName: 'fees.dmn',
    });
    const all = (await h.request('GET', `${R}/decisions?sort=version&order=desc&key=fee`)).json();
    expect(all.data.map((d: { version: number }) => d.version)).toEqual([2, 1]);
    // decision-tables: Flowable's deprecated name of the decision list, every decision included
    const tables = (
      await h.request('GET', `${R}/decision-tables?deploymentId=${second.json().id}&sort=key`)
    ).json();
    expect(tables.data.map((d: { key: string }) => d.key)).toEqual(['double', 'fee']);
    const decisions = (
      await h.request('GET', `${R}/decisions?deploymentId=${second.json().id}&sort=key`)
    ).json();
    expect(decisions.data.map((d: { key: string; decisionType: string }) => [d.key, d.decisionType])).toEqual(
      [
        ['double', 'literal_expression'],
        ['fee', 'decision_table'],
      ],
    );

    const literals = (
      await h.request('GET', `${R}/decisions?resourceName=fees.dmn&decisionTypeLike=literal%25&sort=version`)
    ).json();
    expect(literals.data.map((d: { key: string; version: number }) => [d.key, d.version])).toEqual([
      ['double', 1],
      ['double', 2],
    ]);
    expect((await h.request('GET', `${R}/decisions?resourceName=fees`)).json().total).toBe(0);
    const one = await h.request('GET', `${R}/decisions/${latest.data[0].id}`);
    expect(one.json()).toMatchObject({ id: latest.data[0].id, deploymentId: second.json().id });
    const xml = await h.request('GET', `${R}/decisions/${latest.data[0].id}/resourcedata`);
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toContain('<decision id="fee"');
    const resource = await h.request('GET', `${R}/deployments/${first.json().id}/resourcedata/fees.dmn`);
    expect(resource.body).toContain('<text>1</text>');
    const deployments = (await h.request('GET', `${R}/deployments?name=Fees`)).json();
    expect(deployments.data.map((d: { id: string }) => d.id)).toEqual([first.json().id]);

    const run = await h.request('POST', '/dmn-api/dmn-rule/execute', {
      as: 'kermit',
      body: { decisionKey: 'fee', inputVariables: [{ name: 'amount', value: 10 }] },
    });
    expect(run.json().resultVariables).toEqual([
      [{ name: 'fee', type: 'integer', value: 2, valueUrl: null }],
    ]);
  });

  it('refuses an invalid file (a rule id used twice, an unknown typeRef, an entry that does not parse) naming decision, rule and column, a file of another kind, and a non-deployer', async () => {
    const broken = definitions(
      decisionTable({
        id: 'broken',
        inputs: [{ expr: 'x', typeRef: 'nmber', label: 'X' }],
        outputs: [{ name: 'y' }],
        rules: [
          ['[1..', '1'],
          ['2', '2'],
        ],
      }).replace('id="broken_r2"', 'id="broken_r1"'),
    );
    const refused = await deploy([{ name: 'broken.dmn', content: broken }]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toBe(
      [
        "DMN deployment 'broken.dmn' is invalid:",
        "broken.dmn: line 2: decision 'broken': rule id 'broken_r1' is used twice",
        "broken.dmn: decision 'broken', column 'X': unknown typeRef 'nmber'",
        "broken.dmn: decision 'broken', rule 'broken_r1' (#1), column 'X': '[1..' does not parse: not a FEEL unary test (syntax error at column 5)",
      ].join('\n'),
    );
    expect((await h.request('GET', `${R}/decisions?key=broken`)).json().total).toBe(0);
    const wrongKind = await deploy([{ name: 'fees.bpmn20.xml', content: file('1') }]);
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().exception).toBe("File 'fees.bpmn20.xml' must be of type .dmn or .dmn.xml");
    expect((await deploy([{ name: 'fees.dmn', content: file('1') }], 'kermit')).statusCode).toBe(403);
  });

  it('deleting a deployment deletes its decisions; a missing one is a 404', async () => {
    const deployed = (
      await deploy([{ name: 'gone.dmn', content: file('3').replaceAll('fee', 'gone') }])
    ).json();
    expect((await h.request('GET', `${R}/decisions?key=gone`)).json().total).toBe(1);
    expect((await h.request('DELETE', `${R}/deployments/${deployed.id}`, { as: 'kermit' })).statusCode).toBe(
      403,
    );
    expect((await h.request('DELETE', `${R}/deployments/${deployed.id}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${R}/decisions?key=gone`)).json().total).toBe(0);
    expect((await h.request('GET', `${R}/deployments/${deployed.id}`)).statusCode).toBe(404);
    expect((await h.request('DELETE', `${R}/deployments/${deployed.id}`)).statusCode).toBe(404);
  });
});
