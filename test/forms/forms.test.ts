import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

let h: HttpHarness;
let processDeploymentId: string;
let definitionId: string;

const upload = async (url: string, files: { name: string; content: Buffer | string }[], as = 'admin') => {
  const { payload, contentType } = multipart(files);
  return h.app.inject({
    method: 'POST',
    url,
    headers: { authorization: basic(as), 'content-type': contentType },
    payload,
  });
};

const start = (startFormVariables: { name: string; value: unknown }[], as: 'kermit' | 'admin' = 'kermit') =>
  h.request('POST', '/process-api/runtime/process-instances', {
    as,
    body: { processDefinitionKey: 'expenseClaim', startFormVariables },
  });

const goodClaim = [
  { name: 'employee', value: 'Kermit' },
  { name: 'amount', value: '12.5' },
  { name: 'days', value: 2 },
  { name: 'spentOn', value: '2026-03-01' },
  { name: 'category', value: { id: 'travel', name: 'Travel' } },
  { name: 'urgent', value: true },
];

const taskOf = async (instanceId: string) =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`)).json().data[0] as {
    id: string;
  };

const count = async (url: string) => (await h.request('GET', url)).json().total as number;

/** fozzie completes the instance's task through its form; the task and the answer. */
const completeThroughForm = async (
  instanceId: string,
  outcome: string,
  variables: { name: string; value: unknown }[],
) => {
  const task = await taskOf(instanceId);
  const form = (await h.request('GET', `/process-api/runtime/tasks/${task.id}/form`)).json();
  const response = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
    as: 'fozzie',
    body: { action: 'complete', formDefinitionId: form.id, outcome, variables },
  });
  return { task, response };
};

beforeAll(async () => {
  h = await createHttpHarness();
  const deployed = await upload('/process-api/repository/deployments', [
    { name: 'expense-claim.bpmn20.xml', content: await fixture('expense-claim.bpmn20.xml') },
    { name: 'claim-start.form', content: await fixture('claim-start.form') },
    { name: 'claim-review.form', content: await fixture('claim-review.form') },
  ]);
  expect(deployed.statusCode, deployed.body).toBe(201);
  processDeploymentId = deployed.json().id;
  const definitions = await h.request(
    'GET',
    `/process-api/repository/process-definitions?deploymentId=${processDeploymentId}`,
  );
  definitionId = definitions.json().data[0].id;
});
afterAll(() => h.close());

describe('form definitions', () => {
  it('deploys .form resources of a process deployment as a child form deployment, version 1 each', async () => {
    const deployments = await h.request(
      'GET',
      `/form-api/form-repository/deployments?parentDeploymentId=${processDeploymentId}`,
    );
    expect(deployments.json().total).toBe(1);
    const formDeploymentId = deployments.json().data[0].id;
    const forms = await h.request(
      'GET',
      `/form-api/form-repository/form-definitions?deploymentId=${formDeploymentId}&sort=key`,
    );
    expect(forms.json().data.map((f: { key: string; version: number }) => [f.key, f.version])).toEqual([
      ['claimReview', 1],
      ['claimStart', 1],
    ]);
    const resource = await h.request(
      'GET',
      `/form-api/form-repository/deployments/${formDeploymentId}/resourcedata/claim-start.form`,
    );
    expect(resource.statusCode).toBe(200);
    expect(JSON.parse(resource.body).key).toBe('claimStart');
  });

  it('lists the forms a process definition names', async () => {
    const response = await h.request(
      'GET',
      `/process-api/repository/process-definitions/${definitionId}/form-definitions`,
      { as: 'kermit' },
    );
    expect(response.json().map((f: { key: string }) => f.key)).toEqual(['claimStart', 'claimReview']);
  });

  it("answers the start form in Flowable's FormModelResponse shape", async () => {
    const response = await h.request(
      'GET',
      `/process-api/repository/process-definitions/${definitionId}/start-form`,
      { as: 'kermit' },
    );
    expect(response.statusCode).toBe(200);
    const form = response.json();
    expect(form).toMatchObject({ key: 'claimStart', name: 'Expense claim', version: 1, outcomes: [] });
    expect(form.fields[0]).toEqual({
      fieldType: 'FormField',
      id: 'employee',
      name: 'Employee',
      type: 'text',
      value: null,
      required: true,
      readOnly: false,
      overrideId: false,
      placeholder: 'Your name',
      layout: null,
    });
    expect(form.fields[2].value).toBe(1);
    expect(form.fields[4]).toMatchObject({ fieldType: 'OptionFormField', hasEmptyValue: true });
    expect(form.fields[4].options).toHaveLength(3);
  });

  it('refuses a new version whose JSON is bad, whose field type is unknown or that has a container, naming each', async () => {
    const before = await count('/form-api/form-repository/deployments');
    const bad = await upload('/form-api/form-repository/deployments', [
      { name: 'broken.form', content: '{"key": "broken", "fields": [' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().exception).toContain('broken.form: is not valid JSON');
    const unknown = await upload('/form-api/form-repository/deployments', [
      {
        name: 'odd.form',
        content: JSON.stringify({
          key: 'odd',
          fields: [
            { id: 'colour', type: 'colour-picker' },
            { id: 'box', type: 'container' },
          ],
        }),
      },
    ]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().exception).toContain("odd.form: field 'colour': unknown type 'colour-picker'");
    expect(unknown.json().exception).toContain("odd.form: field 'box': type 'container' is not supported");
    const inProcess = await upload('/process-api/repository/deployments', [
      { name: 'expense-claim.bpmn20.xml', content: await fixture('expense-claim.bpmn20.xml') },
      {
        name: 'odd.form',
        content: JSON.stringify({ key: 'odd', fields: [{ id: 'scan', type: 'scanner' }] }),
      },
    ]);
    expect(inProcess.statusCode).toBe(400);
    expect(inProcess.json().exception).toContain("odd.form: field 'scan'");
    expect(await count('/form-api/form-repository/deployments')).toBe(before);
    expect(await count('/form-api/form-repository/form-definitions?key=odd')).toBe(0);
  });

  it('versions a key per tenant; latest lists the newest', async () => {
    const again = await upload('/form-api/form-repository/deployments', [
      { name: 'claim-review.form', content: await fixture('claim-review.form') },
    ]);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().parentDeploymentId).toBeNull();
    const latest = await h.request(
      'GET',
      '/form-api/form-repository/form-definitions?key=claimReview&latest=true',
    );
    expect(latest.json().data.map((f: { version: number }) => f.version)).toEqual([2]);
    const model = await h.request(
      'GET',
      `/form-api/form-repository/form-definitions/${latest.json().data[0].id}/model`,
    );
    expect(model.json()).toMatchObject({ key: 'claimReview', version: 2 });
  });

  it('refuses a deployment by a user who may not deploy', async () => {
    const refused = await upload(
      '/form-api/form-repository/deployments',
      [{ name: 'claim-review.form', content: await fixture('claim-review.form') }],
      'kermit',
    );
    expect(refused.statusCode).toBe(403);
  });
});

describe('submitting forms', () => {
  let instanceId: string;

  it('refuses a start form with a missing required field and a wrong type, naming each, and starts nothing', async () => {
    const response = await start([
      { name: 'amount', value: 'a lot' },
      { name: 'category', value: 'jewels' },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      { id: 'employee', message: 'is required' },
      { id: 'amount', message: "'a lot' is not a number" },
      { id: 'category', message: "'jewels' is not one of the options (Choose one, travel, meals)" },
    ]);
    expect(await count('/process-api/runtime/process-instances?processDefinitionKey=expenseClaim')).toBe(0);
    expect(await count('/form-api/form/form-instances')).toBe(0);
  });

  it('starts through the start form: typed variables and a form instance by the starter', async () => {
    const response = await start(goodClaim);
    expect(response.statusCode, response.body).toBe(201);
    instanceId = response.json().id;
    const variables = await h.request(
      'GET',
      `/process-api/runtime/process-instances/${instanceId}/variables`,
    );
    const byName = Object.fromEntries(
      variables
        .json()
        .map((v: { name: string; type: string; value: unknown }) => [v.name, [v.type, v.value]]),
    );
    expect(byName).toMatchObject({
      employee: ['string', 'Kermit'],
      amount: ['double', 12.5],
      days: ['long', 2],
      category: ['string', 'travel'],
      urgent: ['boolean', true],
    });
    expect(byName.spentOn[0]).toBe('date');
    expect(String(byName.spentOn[1])).toMatch(/^2026-03-01T00:00:00/);
    const instances = await h.request(
      'GET',
      `/form-api/form/form-instances?processInstanceId=${instanceId}`,
      {
        as: 'kermit',
      },
    );
    expect(instances.json().data).toHaveLength(1);
    expect(instances.json().data[0]).toMatchObject({ submittedBy: 'kermit', taskId: null });
    expect(Date.parse(instances.json().data[0].submittedDate)).not.toBeNaN();
  });

  it('shows the task form with current values to the task people, and not to others', async () => {
    const task = await taskOf(instanceId);
    const response = await h.request('GET', `/process-api/runtime/tasks/${task.id}/form`, { as: 'fozzie' });
    expect(response.statusCode).toBe(200);
    const form = response.json();
    expect(form.key).toBe('claimReview');
    // the version deployed with the process, not the newer one deployed on its own
    expect(form.version).toBe(1);
    const values = Object.fromEntries(
      form.fields.map((f: { id: string; value: unknown }) => [f.id, f.value]),
    );
    expect(values).toEqual({
      employee: 'Kermit',
      summary: 'Kermit asks for 12.5',
      comment: null,
      approver: null,
    });
    expect(form.outcomes).toEqual([
      { id: 'approve', name: 'Approve' },
      { id: 'reject', name: 'Reject' },
    ]);
    const outsider = await h.request('GET', `/process-api/runtime/tasks/${task.id}/form`, { as: 'kermit' });
    expect(outsider.statusCode).toBe(404);
  });

  it('refuses a completion missing a required field and keeps the task', async () => {
    const { task, response } = await completeThroughForm(instanceId, 'approve', []);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ id: 'comment', message: 'is required' }]);
    expect((await taskOf(instanceId))?.id).toBe(task.id);
    expect(await count(`/form-api/form/form-instances?taskId=${task.id}`)).toBe(0);
  });

  it('refuses a completion with a wrong type and an unknown outcome, naming each, and keeps the task', async () => {
    const { task, response } = await completeThroughForm(instanceId, 'escalate', [
      { name: 'comment', value: 'Fine' },
      { name: 'approver', value: ['fozzie', 'kermit'] },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      { id: 'approver', message: '["fozzie","kermit"] is not a user id' },
      { id: 'outcome', message: "'escalate' is not one of the outcomes (approve, Approve, reject, Reject)" },
    ]);
    expect((await taskOf(instanceId))?.id).toBe(task.id);
    expect(await count(`/form-api/form/form-instances?taskId=${task.id}`)).toBe(0);
  });

  it('refuses a form instance stored on its own with a missing required field and a wrong type, storing nothing', async () => {
    const before = await count('/form-api/form/form-instances');
    const response = await h.request('POST', '/form-api/form/form-instances', {
      as: 'kermit',
      body: { formDefinitionKey: 'claimStart', variables: { amount: 'twelve', days: '2.5' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      { id: 'employee', message: 'is required' },
      { id: 'amount', message: "'twelve' is not a number" },
      { id: 'days', message: "'2.5' is not an integer" },
    ]);
    expect(await count('/form-api/form/form-instances')).toBe(before);
  });

  it('completes with an outcome: the outcome variable, the values and a form instance by the completer', async () => {
    const { task, response } = await completeThroughForm(instanceId, 'approve', [
      { name: 'comment', value: 'Fine' },
      { name: 'approver', value: { id: 'fozzie' } },
      { name: 'employee', value: 'Somebody else' },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${instanceId}&size=50`,
    );
    const byName = Object.fromEntries(
      history
        .json()
        .data.map((v: { variable: { name: string; value: unknown } }) => [v.variable.name, v.variable.value]),
    );
    // a read-only field is not written from a submission
    expect(byName).toMatchObject({
      form_claimReview_outcome: 'approve',
      comment: 'Fine',
      approver: 'fozzie',
      employee: 'Kermit',
    });
    const submitted = await h.request('GET', `/form-api/form/form-instances?taskId=${task.id}`, {
      as: 'fozzie',
    });
    expect(submitted.json().data[0]).toMatchObject({ submittedBy: 'fozzie', processInstanceId: instanceId });
    const model = await h.request('POST', '/form-api/form/form-instance-model', {
      as: 'fozzie',
      body: { formInstanceId: submitted.json().data[0].id },
    });
    expect(model.json()).toMatchObject({
      selectedOutcome: 'approve',
      submittedBy: 'fozzie',
      taskId: task.id,
    });
    // the completer, a candidate who never claimed the task, still finds it and its form in history
    const own = await h.request('GET', `/process-api/history/historic-task-instances/${task.id}/form`, {
      as: 'fozzie',
    });
    expect(own.statusCode, own.body).toBe(200);
    const listed = await h.request('GET', `/process-api/history/historic-task-instances?taskId=${task.id}`, {
      as: 'fozzie',
    });
    expect(listed.json().total).toBe(1);
    const historic = await h.request('GET', `/process-api/history/historic-task-instances/${task.id}/form`);
    expect(historic.statusCode).toBe(200);
    const comment = historic.json().fields.find((f: { id: string }) => f.id === 'comment');
    expect(comment.value).toBe('Fine');
    // someone else's submission is not theirs to read
    const other = await h.request('GET', `/form-api/form/form-instance/${submitted.json().data[0].id}`, {
      as: 'kermit',
    });
    expect(other.statusCode).toBe(404);
  });

  it('deletes form instances with their historic process instance', async () => {
    expect(await count(`/form-api/form/form-instances?processInstanceId=${instanceId}`)).toBe(2);
    const deleted = await h.request(
      'DELETE',
      `/process-api/history/historic-process-instances/${instanceId}`,
    );
    expect(deleted.statusCode).toBe(204);
    expect(await count(`/form-api/form/form-instances?processInstanceId=${instanceId}`)).toBe(0);
  });

  it('fills a form model from given variables (POST /form-api/form/model)', async () => {
    const response = await h.request('POST', '/form-api/form/model', {
      as: 'kermit',
      body: { formDefinitionKey: 'claimReview', variables: { employee: 'Piggy', amount: 3 } },
    });
    expect(response.statusCode).toBe(200);
    const summary = response.json().fields.find((f: { id: string }) => f.id === 'summary');
    expect(summary.value).toBe('Piggy asks for 3');
  });
});

describe('flowable:formFieldValidation', () => {
  it('set to false on the start event, lets a start form through unchecked', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="http://weir.example/forms">
  <process id="lenientClaim" isExecutable="true">
    <startEvent id="start" flowable:formKey="claimStart" flowable:formFieldValidation="false"/>
    <sequenceFlow id="f" sourceRef="start" targetRef="wait"/>
    <userTask id="wait"/>
  </process>
</definitions>`;
    const deployed = await upload('/process-api/repository/deployments', [
      { name: 'lenient.bpmn20.xml', content: xml },
    ]);
    expect(deployed.statusCode, deployed.body).toBe(201);
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: {
        processDefinitionKey: 'lenientClaim',
        startFormVariables: [{ name: 'amount', value: 'a lot' }],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const variables = await h.request(
      'GET',
      `/process-api/runtime/process-instances/${response.json().id}/variables`,
    );
    expect(variables.json()).toEqual([expect.objectContaining({ name: 'amount', value: 'a lot' })]);
  });

  it('set to false on a user task, lets its form through without the required field', async () => {
    const deployed = await upload('/process-api/repository/deployments', [
      { name: 'lenient-review.bpmn20.xml', content: await fixture('lenient-review.bpmn20.xml') },
    ]);
    expect(deployed.statusCode, deployed.body).toBe(201);
    const started = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'lenientReview' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const instanceId = started.json().id as string;
    const task = await taskOf(instanceId);
    const form = (await h.request('GET', `/process-api/runtime/tasks/${task.id}/form`)).json();
    // the form's required comment is missing: with validation off, the task completes all the same
    const response = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
      body: {
        action: 'complete',
        formDefinitionId: form.id,
        outcome: 'approve',
        variables: [{ name: 'approver', value: { id: 'fozzie' } }],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const next = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
    expect(next.json().data.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['wait']);
    const variables = await h.request(
      'GET',
      `/process-api/runtime/process-instances/${instanceId}/variables`,
    );
    const names = (variables.json() as { name: string }[]).map((v) => v.name).sort();
    expect(names).toEqual(['approver', 'form_claimReview_outcome']);
  });
});
