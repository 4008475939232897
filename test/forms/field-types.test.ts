/**
 * The field types forms.test.ts does not submit: radio buttons, functional group, hyperlink and
 * boolean, checked by the server like the others (each bad field named, nothing stored), and
 * kept as Flowable keeps them (an option's id, a group's id, the link's text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
let formDefinitionId: string;

const form = {
  key: 'deliveryChoice',
  name: 'Delivery choice',
  fields: [
    {
      fieldType: 'OptionFormField',
      id: 'speed',
      name: 'Speed',
      type: 'radio-buttons',
      required: true,
      options: [
        { id: 'standard', name: 'Standard' },
        { id: 'express', name: 'Express' },
      ],
    },
    { id: 'team', name: 'Team', type: 'functional-group', required: true },
    { id: 'tracking', name: 'Tracking page', type: 'hyperlink' },
    { id: 'fragile', name: 'Fragile', type: 'boolean' },
  ],
};

const submit = (variables: Record<string, unknown>) =>
  h.request('POST', '/form-api/form/form-instances', {
    as: 'kermit',
    body: { formDefinitionId, variables },
  });

const stored = async () =>
  (await h.request('GET', `/form-api/form/form-instances?formDefinitionId=${formDefinitionId}`)).json()
    .data as { id: string }[];

beforeAll(async () => {
  h = await createHttpHarness();
  const deployed = await h.upload('/form-api/form-repository/deployments', [
    { name: 'delivery.form', content: JSON.stringify(form) },
  ]);
  expect(deployed.statusCode, deployed.body).toBe(201);
  const definitions = await h.request(
    'GET',
    `/form-api/form-repository/form-definitions?deploymentId=${deployed.json().id}`,
  );
  formDefinitionId = definitions.json().data[0].id;
});
afterAll(() => h.close());

describe('radio buttons, functional group, hyperlink and boolean fields', () => {
  it('refuses an unknown option, a list for one group, a missing required field and a non-boolean, naming each', async () => {
    const refused = await submit({ speed: 'overnight', team: ['sales', 'support'], fragile: 'maybe' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields).toEqual([
      { id: 'speed', message: "'overnight' is not one of the options (standard, express)" },
      { id: 'team', message: '["sales","support"] is not a group id' },
      { id: 'fragile', message: "'maybe' is not a boolean (true or false)" },
    ]);
    const missing = await submit({ speed: 'express' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().fields).toEqual([{ id: 'team', message: 'is required' }]);
    expect(await stored()).toEqual([]);
  });

  it("keeps the option's id, the group's id, the link and the flag", async () => {
    const accepted = await submit({
      speed: { id: 'express', name: 'Express' },
      team: { id: 'sales', name: 'Sales' },
      tracking: 'https://track.example/17',
      fragile: 'true',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const [instance] = await stored();
    const model = await h.request('POST', '/form-api/form/form-instance-model', {
      as: 'kermit',
      body: { formInstanceId: instance.id },
    });
    expect(model.statusCode, model.body).toBe(200);
    const values = Object.fromEntries(
      (model.json().fields as { id: string; value: unknown }[]).map((field) => [field.id, field.value]),
    );
    expect(values).toEqual({
      speed: 'express',
      team: 'sales',
      tracking: 'https://track.example/17',
      fragile: true,
    });
  });
});
