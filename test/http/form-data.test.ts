import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { addUser, basic, createHttpHarness, fixtureUrl, multipart, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let definitionId: string;
const formData = '/process-api/form/form-data';

beforeAll(async () => {
  h = await createHttpHarness();
  const deployment = await h.deploy(['links-form-properties.bpmn20.xml']);
  const list = await h.request(
    'GET',
    `/process-api/repository/process-definitions?deploymentId=${deployment.id as string}`,
  );
  definitionId = list.json().data[0].id;
});
afterAll(() => h.close());

const submitStart = (
  properties: { id: string; value: string | null }[],
  as: 'kermit' | 'fozzie' = 'kermit',
) =>
  h.request('POST', formData, {
    as,
    body: { processDefinitionId: definitionId, businessKey: 'vacation-1', properties },
  });

const variablesOf = async (instanceId: string) => {
  const response = await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`);
  return Object.fromEntries(
    response.json().map((v: { name: string; type: string; value: unknown }) => [v.name, [v.type, v.value]]),
  );
};

describe('legacy form data', () => {
  it("answers a start form's properties in Flowable's FormDataResponse", async () => {
    const response = await h.request('GET', `${formData}?processDefinitionId=${definitionId}`, {
      as: 'kermit',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      formKey: 'vacation-request',
      processDefinitionId: definitionId,
      processDefinitionUrl: `http://localhost:80/process-api/repository/process-definitions/${encodeURIComponent(definitionId)}`,
      taskId: null,
      taskUrl: null,
    });
    expect(typeof body.deploymentId).toBe('string');
    expect(body.formProperties.map((p: { id: string }) => p.id)).toEqual([
      'employee',
      'days',
      'from',
      'kind',
      'urgent',
      'motivation',
    ]);
    expect(body.formProperties[0]).toEqual({
      id: 'employee',
      name: 'Employee',
      type: 'string',
      value: 'nobody', // the default, evaluated
      readable: true,
      writable: true,
      required: true,
      datePattern: null,
      enumValues: [],
    });
    expect(body.formProperties[2]).toMatchObject({
      type: 'date',
      datePattern: 'dd-MM-yyyy HH:mm',
      value: null,
    });
    expect(body.formProperties[3]).toMatchObject({
      type: 'enum',
      value: 'paid',
      enumValues: [
        { id: 'paid', name: 'Paid leave' },
        { id: 'unpaid', name: 'Unpaid leave' },
      ],
    });
    expect(body.formProperties[5]).toMatchObject({ id: 'motivation', type: null, required: false });
  });

  it('refuses a submission naming every bad field, and starts nothing', async () => {
    const response = await submitStart([
      { id: 'days', value: 'three' },
      { id: 'from', value: '2026-12-24' },
      { id: 'kind', value: 'sabbatical' },
      { id: 'urgent', value: 'maybe' },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toBe(
      "form property 'days': 'three' is not a long; " +
        "form property 'from': '2026-12-24' is not a date in the pattern 'dd-MM-yyyy HH:mm'; " +
        "form property 'kind': 'sabbatical' is not one of paid, unpaid; " +
        "form property 'urgent': 'maybe' is not a boolean (true or false)",
    );
    const missing = await submitStart([{ id: 'employee', value: 'kermit' }]);
    expect(missing.json().exception).toBe(
      "form property 'days' is required; form property 'from' is required",
    );
    const instances = await h.request(
      'GET',
      `/process-api/runtime/process-instances?processDefinitionId=${definitionId}`,
    );
    expect(instances.json().total).toBe(0);
  });

  it('a start form submission starts the process with typed variables', async () => {
    const response = await submitStart([
      { id: 'days', value: '3' },
      { id: 'from', value: '24-12-2026 09:30' },
      { id: 'urgent', value: 'TRUE' },
      { id: 'motivation', value: 'Holidays' },
      { id: 'extra', value: 'kept as a string' },
    ]);
    expect(response.statusCode).toBe(200);
    const instance = response.json();
    expect(instance).toMatchObject({
      businessKey: 'vacation-1',
      processDefinitionId: definitionId,
      ended: false,
    });
    expect(await variablesOf(instance.id)).toEqual({
      employee: ['string', 'nobody'],
      days: ['long', 3],
      from: ['date', '2026-12-24T09:30:00.000Z'],
      kind: ['string', 'paid'],
      isUrgent: ['boolean', true],
      motivation: ['string', 'Holidays'],
      extra: ['string', 'kept as a string'],
    });
    const started = await h.request('GET', `/process-api/runtime/process-instances/${instance.id}`);
    expect(started.json().startUserId).toBe('kermit');
  });

  it("shows a task form's readable properties with the instance's values", async () => {
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processDefinitionId=${definitionId}`);
    const taskId = tasks.json().data[0].id;
    const response = await h.request('GET', `${formData}?taskId=${taskId}`, { as: 'fozzie' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      taskId,
      taskUrl: `http://localhost:80/process-api/runtime/tasks/${taskId}`,
      processDefinitionId: null,
      formKey: null,
    });
    expect(body.formProperties.map((p: { id: string; value: string | null }) => [p.id, p.value])).toEqual([
      ['employee', 'nobody'],
      ['daysShown', '3'],
      ['from', '24-12-2026 09:30'],
      ['approved', null],
      ['comment', null],
    ]);
  });

  it('a task form submission checks the fields, then completes the task', async () => {
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processDefinitionId=${definitionId}`);
    const { id: taskId, processInstanceId } = tasks.json().data[0];
    const refused = await h.request('POST', formData, {
      as: 'fozzie',
      body: { taskId, properties: [{ id: 'employee', value: 'gonzo' }] },
    });
    expect([refused.statusCode, refused.json().exception]).toEqual([
      400,
      "form property 'employee' is not writable; form property 'approved' is required",
    ]);
    const done = await h.request('POST', formData, {
      as: 'fozzie',
      body: {
        taskId,
        properties: [
          { id: 'approved', value: 'true' },
          { id: 'comment', value: 'Enjoy' },
        ],
      },
    });
    expect(done.statusCode).toBe(204);
    expect((await h.request('GET', `/process-api/runtime/tasks/${taskId}`)).statusCode).toBe(404);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${processInstanceId}`,
    );
    const values = Object.fromEntries(
      history
        .json()
        .data.map((v: { variable: { name: string; value: unknown } }) => [v.variable.name, v.variable.value]),
    );
    // `comment` reads `${note}`: it writes the variable note
    expect(values).toMatchObject({ approved: true, note: 'Enjoy' });
  });

  it('refuses bad requests: neither or both ids, unknown ids, an unknown field in the body', async () => {
    const neither = await h.request('GET', formData);
    expect([neither.statusCode, neither.json().exception]).toEqual([
      400,
      'The taskId or processDefinitionId parameter has to be provided',
    ]);
    const both = await h.request('GET', `${formData}?taskId=a&processDefinitionId=b`);
    expect(both.json().exception).toBe(
      'Not both a taskId and a processDefinitionId parameter can be provided',
    );
    const none = await h.request('POST', formData, { body: { properties: [] } });
    expect([none.statusCode, none.json().exception]).toEqual([
      400,
      'The taskId or processDefinitionId property has to be provided',
    ]);
    const extra = await h.request('POST', formData, { body: { taskId: 'x', action: 'complete' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().exception).toContain('action');
    expect((await h.request('GET', `${formData}?taskId=nope`)).statusCode).toBe(404);
    expect((await h.request('GET', `${formData}?processDefinitionId=nope`)).statusCode).toBe(404);
    expect((await h.request('POST', formData, { body: { taskId: 'nope' } })).statusCode).toBe(404);
  });

  it('401 without credentials; a task the caller may not see is not found', async () => {
    expect(
      (await h.request('GET', `${formData}?processDefinitionId=${definitionId}`, { as: null })).statusCode,
    ).toBe(401);
    const started = await submitStart([
      { id: 'days', value: '1' },
      { id: 'from', value: '01-01-2027 08:00' },
    ]);
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${started.json().id}`);
    const taskId = tasks.json().data[0].id;
    // kermit started it but has no part in the sales task
    expect((await h.request('GET', `${formData}?taskId=${taskId}`, { as: 'kermit' })).statusCode).toBe(404);
    const submit = await h.request('POST', formData, {
      as: 'kermit',
      body: { taskId, properties: [{ id: 'approved', value: 'true' }] },
    });
    expect(submit.statusCode).toBe(404);
  });

  it('a start form is submitted only by the candidate starters of its definition', async () => {
    const deployment = await h.deploy(['links-starters.bpmn20.xml']);
    const list = await h.request(
      'GET',
      `/process-api/repository/process-definitions?deploymentId=${deployment.id as string}`,
    );
    const restricted = list.json().data[0].id as string;
    await addUser(h.db, 'piggy', ['access-rest-api']);
    const refused = await h.app.inject({
      method: 'POST',
      url: formData,
      headers: { authorization: basic('piggy') },
      payload: { processDefinitionId: restricted },
    });
    expect([refused.statusCode, refused.json().exception]).toEqual([
      403,
      `User 'piggy' may not start process definition '${restricted}'`,
    ]);
    const allowed = await h.request('POST', formData, {
      as: 'kermit',
      body: { processDefinitionId: restricted },
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('refuses a deployment whose form property has an unknown type or no id', async () => {
    const xml = (await readFile(fixtureUrl('links-form-properties.bpmn20.xml'), 'utf8'))
      .replace('id="linksVacation"', 'id="linksBroken"')
      .replace('type="long" required="true"/>', 'type="money" required="true"/>')
      .replace('<flowable:formProperty id="motivation"', '<flowable:formProperty');
    const { payload, contentType } = multipart([{ name: 'broken.bpmn20.xml', content: xml }]);
    const response = await h.request('POST', '/process-api/repository/deployments', {
      body: payload,
      headers: { 'content-type': contentType },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain("flowable:formProperty 'days' has unknown type 'money'");
    expect(response.json().exception).toContain('flowable:formProperty #6 needs an id');
  });
});
