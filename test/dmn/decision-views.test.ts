/**
 * The rest of Flowable's DMN REST surface: a decision's `model` (DmnDefinition JSON, as
 * Flowable's DecisionModelResource and DecisionTableModelResource answer it), its `image`
 * (DecisionImageResource: a drawn decision service, else 404 "has no image"), the engine info
 * (DmnEngineResource), and a process definition's decisions beyond one page.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';
import { definitions, literalDecision } from './dmn-xml.ts';
import { uploadAsAdmin } from './upload.ts';

let h: HttpHarness;
const R = '/dmn-api/dmn-repository';
const drd = () => readFile(new URL('../fixtures/dmn/shipping-drd.dmn', import.meta.url), 'utf8');

const upload = (url: string, files: { name: string; content: string }[]) => uploadAsAdmin(h, url, files);

const decisionOf = async (key: string, deploymentId: string) =>
  (await h.request('GET', `${R}/decisions?key=${key}&deploymentId=${deploymentId}`)).json().data[0] as {
    id: string;
  };

let drawn: string;
let plain: string;

beforeAll(async () => {
  h = await createHttpHarness();
  drawn = (await upload(`${R}/deployments`, [{ name: 'shipping.dmn', content: await drd() }])).id;
  // the same decisions without their drawing
  const undrawn = (await drd()).replace(/<dmndi:DMNDI>[\s\S]*<\/dmndi:DMNDI>/, '');
  plain = (await upload(`${R}/deployments`, [{ name: 'plain.dmn', content: undrawn }])).id;
});
afterAll(async () => {
  await h?.close();
});

describe('GET decisions/{id}/model', () => {
  it("answers the decision's DMN file as Flowable's DmnDefinition JSON", async () => {
    const carrier = await decisionOf('carrier', drawn);
    const response = await h.request('GET', `${R}/decisions/${carrier.id}/model`, { as: 'kermit' });
    expect(response.statusCode, response.body).toBe(200);
    const model = response.json();
    expect(model).toMatchObject({
      id: 'shippingRules',
      name: 'Shipping rules',
      namespace: 'http://weir.test/shipping',
      inputData: [{ id: 'parcel', name: 'Parcel weight', variable: { name: 'weight', typeRef: 'number' } }],
      decisionServices: [
        {
          id: 'shipping',
          outputDecisions: [{ href: '#carrier' }],
          encapsulatedDecisions: [{ href: '#zone' }],
          inputData: [{ href: '#parcel' }],
        },
      ],
    });
    expect(model.decisions.map((d: { id: string }) => d.id)).toEqual(['zone', 'carrier']);
    expect(model.decisions[0].expression).toEqual({
      id: 'zoneExpression',
      description: null,
      typeRef: 'string',
      text: '"EU"',
      expressionLanguage: null,
    });
    const decision = model.decisions[1];
    expect(decision).toMatchObject({
      question: 'Which carrier takes the parcel?',
      requiredDecisions: [{ id: 'needsZone', requiredDecision: { href: '#zone' }, requiredInput: null }],
      requiredInputs: [{ id: 'needsWeight', requiredDecision: null, requiredInput: { href: '#parcel' } }],
      authorityRequirements: [],
    });
    const table = decision.expression;
    expect(table).toMatchObject({ id: 'carrierTable', hitPolicy: 'RULE_ORDER', aggregation: null });
    expect(table.inputs).toEqual([
      {
        id: 'weightInput',
        label: 'Weight',
        description: null,
        inputExpression: {
          id: 'weightExpression',
          description: null,
          typeRef: 'number',
          text: 'weight',
          expressionLanguage: null,
        },
        inputValues: null,
        inputNumber: 1,
      },
    ]);
    expect(table.outputs[0]).toMatchObject({
      name: 'carrier',
      typeRef: 'string',
      outputValues: { text: '"post","courier"', textValues: ['post', 'courier'] },
      outputNumber: 1,
    });
    expect(table.rules.map((r: { id: string; ruleNumber: number }) => [r.id, r.ruleNumber])).toEqual([
      ['light', 1],
      ['any', 2],
    ]);
    expect(table.rules[0]).toMatchObject({
      description: 'light parcels go by post',
      inputEntries: [{ inputClause: { id: 'weightInput' }, inputEntry: { id: 'lightWeight', text: '< 2' } }],
      outputEntries: [
        { outputClause: { id: 'carrierOutput' }, outputEntry: { id: 'lightCarrier', text: '"post"' } },
      ],
    });
    expect(model.locationMap.carrier).toEqual({ x: 150, y: 80, width: 180, height: 80 });
    expect(model.flowLocationMap.needsZone).toEqual([
      { x: 390, y: 250 },
      { x: 240, y: 160 },
    ]);
    expect(model.decisionServiceDividerLocationMap).toEqual({
      shipping: [
        { x: 100, y: 200 },
        { x: 520, y: 200 },
      ],
    });
  });

  it('answers the same under the deprecated decision-tables name, and 404 for an unknown id', async () => {
    const carrier = await decisionOf('carrier', drawn);
    const [decisions, tables] = await Promise.all(
      ['decisions', 'decision-tables'].map((family) =>
        h.request('GET', `${R}/${family}/${carrier.id}/model`),
      ),
    );
    expect(tables.statusCode).toBe(200);
    expect(tables.json()).toEqual(decisions.json());
    const missing = await h.request('GET', `${R}/decisions/nope/model`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      message: 'Not found',
      exception: "Could not find a decision with id 'nope'.",
    });
    expect((await h.request('GET', `${R}/decisions/${carrier.id}/model`, { as: null })).statusCode).toBe(401);
  });
});

describe('GET decisions/{id}/image', () => {
  it('draws a decision service of a file with a diagram as SVG, with its decisions and requirements', async () => {
    const service = await decisionOf('shipping', drawn);
    const response = await h.request('GET', `${R}/decisions/${service.id}/image`, { as: 'kermit' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = response.body;
    for (const id of ['shipping', 'carrier', 'zone', 'parcel'])
      expect(svg).toContain(`data-element-id="${id}"`);
    expect(svg).toContain('>Carrier<');
    expect(svg).toContain('>Parcel weight<');
    // two information requirements drawn as arrows
    expect(svg.match(/class="edge informationRequirement"/g)).toHaveLength(2);
    // the service's divider, a plain line across it
    expect(svg).toContain('<g class="edge decisionServiceDivider"><path d="M100 200L520 200" fill="none"/>');
  });

  it("answers Flowable's 404 for a decision table, and for a service whose file has no diagram", async () => {
    const table = await decisionOf('carrier', drawn);
    const tableImage = await h.request('GET', `${R}/decisions/${table.id}/image`);
    expect(tableImage.statusCode).toBe(404);
    expect(tableImage.json().exception).toBe(`Decision with id '${table.id}' has no image.`);
    const undrawn = await decisionOf('shipping', plain);
    const serviceImage = await h.request('GET', `${R}/decisions/${undrawn.id}/image`);
    expect(serviceImage.statusCode).toBe(404);
    expect(serviceImage.json().exception).toBe(`Decision with id '${undrawn.id}' has no image.`);
    expect((await h.request('GET', `${R}/decisions/nope/image`)).statusCode).toBe(404);
  });
});

describe('GET /dmn-api/dmn-management/engine', () => {
  it("answers the engine's name and version to a REST user, and 401 without credentials", async () => {
    const response = await h.request('GET', '/dmn-api/dmn-management/engine', { as: 'kermit' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'default',
      version: expect.stringMatching(/^\d+\.\d+/),
      resourceUrl: null,
      exception: null,
    });
    expect((await h.request('GET', '/dmn-api/dmn-management/engine', { as: null })).statusCode).toBe(401);
  });
});

describe('GET process-definitions/{id}/decisions', () => {
  it('lists every decision deployed with the definition, past one page of the query', async () => {
    const ids = Array.from({ length: 520 }, (_, i) => `d${String(i).padStart(3, '0')}`);
    const process = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://weir.test">
  <process id="manyDecisions" isExecutable="true"><startEvent id="start"/></process>
</definitions>`;
    await upload('/process-api/repository/deployments', [
      { name: 'many.bpmn20.xml', content: process },
      { name: 'many.dmn', content: definitions(...ids.map((id) => literalDecision(id, '1'))) },
    ]);
    const definition = (
      await h.request('GET', '/process-api/repository/process-definitions?key=manyDecisions')
    ).json().data[0];
    const listed = (
      await h.request('GET', `/process-api/repository/process-definitions/${definition.id}/decisions`)
    ).json();
    expect(listed.map((d: { key: string }) => d.key)).toEqual(ids);
    const tables = (
      await h.request('GET', `/process-api/repository/process-definitions/${definition.id}/decision-tables`)
    ).json();
    // Flowable's deprecated name of the same list
    expect(tables).toEqual(listed);
  });
});
