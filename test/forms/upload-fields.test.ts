/**
 * Upload form fields over REST, as Flowable's clients use them: store the file as a content
 * item first, then submit its id as the field's value; the submission links the item to the
 * new instance or the completed task, and refuses ids that are missing or not the caller's.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, contentForm, createContentHarness, type ContentHarness } from '../content/content-world.ts';
import { multipart, type TestUser } from '../http/harness.ts';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

let h: ContentHarness;

/** Store a file as a content item of its creator (or of `fields`' task or instance); its id. */
const uploadFile = async (as: TestUser, name: string, fields: Record<string, string> = {}) => {
  const response = await h.send(
    'POST',
    C,
    contentForm({ name, ...fields }, { name, content: `${name}!` }),
    as,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
};

const item = async (id: string) => (await h.request('GET', `${C}/${id}`)).json();

/** The ids of the items linked to a form field (the item response has no `field`; the list filters by it). */
const itemsOfField = async (field: string) =>
  (await h.request('GET', `${C}?field=${field}&size=100`)).json().data.map((i: { id: string }) => i.id);

const start = (as: TestUser, values: Record<string, unknown>) =>
  h.request('POST', '/process-api/runtime/process-instances', {
    as,
    body: {
      processDefinitionKey: 'receiptClaim',
      startFormVariables: Object.entries(values).map(([name, value]) => ({ name, value })),
    },
  });

const count = async (url: string) => (await h.request('GET', url)).json().total as number;

const taskOf = async (instanceId: string) =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`)).json().data[0] as {
    id: string;
  };

beforeAll(async () => {
  h = await createContentHarness();
  const files = await Promise.all(
    ['receipt-claim.bpmn20.xml', 'receipt-start.form', 'receipt-check.form'].map(async (name) => ({
      name,
      content: await fixture(name),
    })),
  );
  const deployed = await h.send('POST', '/process-api/repository/deployments', multipart(files));
  expect(deployed.statusCode, deployed.body).toBe(201);
});
afterAll(() => h.close());

describe('upload fields', () => {
  it('are refused at deployment when params.multiple is not a flag, naming the field', async () => {
    const form = JSON.stringify({
      key: 'oddUpload',
      fields: [{ id: 'scan', type: 'upload', params: { multiple: 'several' } }],
    });
    const refused = await h.send(
      'POST',
      '/form-api/form-repository/deployments',
      multipart([{ name: 'odd-upload.form', content: form }]),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toContain(
      "odd-upload.form: field 'scan': 'params.multiple' must be true or false",
    );
    expect(await count('/form-api/form-repository/form-definitions?key=oddUpload')).toBe(0);
  });

  it("refuses a start form without the required file, with an unknown id, with someone else's upload or with two files for one; starts nothing", async () => {
    const foreign = await uploadFile('fozzie', 'fozzie.pdf');
    const mine = await uploadFile('kermit', 'a.pdf');
    const other = await uploadFile('kermit', 'b.pdf');
    const cases: [Record<string, unknown>, string][] = [
      [{ purpose: 'Taxi' }, 'is required'],
      [{ purpose: 'Taxi', receipt: [] }, 'is required'],
      [{ purpose: 'Taxi', receipt: 'no-such-item' }, "content item 'no-such-item' does not exist"],
      [{ purpose: 'Taxi', receipt: { id: foreign } }, `content item '${foreign}' does not exist`],
      [{ purpose: 'Taxi', receipt: `${mine},${other}` }, 'takes one file, not 2'],
      [{ purpose: 'Taxi', receipt: 42 }, '42 is not a content item id'],
    ];
    for (const [values, message] of cases) {
      const response = await start('kermit', values);
      expect(response.statusCode, JSON.stringify(values)).toBe(400);
      expect(response.json().fields).toEqual([{ id: 'receipt', message: expect.stringContaining(message) }]);
    }
    expect(await count('/process-api/runtime/process-instances?processDefinitionKey=receiptClaim')).toBe(0);
    expect(await count('/form-api/form/form-instances')).toBe(0);
    expect(await item(mine)).toMatchObject({ processInstanceId: null, taskId: null });
  });

  let instanceId: string;
  let receipt: string;

  it("starts with the starter's upload: the item becomes the instance's, for the field, and the variable holds its id", async () => {
    receipt = await uploadFile('kermit', 'taxi.pdf');
    const response = await start('kermit', { purpose: 'Taxi', receipt });
    expect(response.statusCode, response.body).toBe(201);
    instanceId = response.json().id;
    expect(await item(receipt)).toMatchObject({ processInstanceId: instanceId, taskId: null });
    expect(await itemsOfField('receipt')).toEqual([receipt]);
    const variables = await h.request(
      'GET',
      `/process-api/runtime/process-instances/${instanceId}/variables`,
    );
    expect(variables.json()).toContainEqual(
      expect.objectContaining({ name: 'receipt', type: 'string', value: receipt }),
    );
    const submitted = await h.request('GET', `/form-api/form/form-instances?processInstanceId=${instanceId}`);
    const model = await h.request('POST', '/form-api/form/form-instance-model', {
      body: { formInstanceId: submitted.json().data[0].id },
    });
    const field = model.json().fields.find((f: { id: string }) => f.id === 'receipt');
    expect(field.value).toEqual([receipt]);
    // the instance's people now see the file; its bytes are the ones uploaded
    const data = await h.request('GET', `${C}/${receipt}/data`, { as: 'fozzie' });
    expect(data.statusCode).toBe(200);
    expect(data.body).toBe('taxi.pdf!');
  });

  it("stores a form instance on its own for the instance: the caller's upload is linked to it", async () => {
    const copy = await uploadFile('kermit', 'copy.pdf');
    const refused = await h.request('POST', '/form-api/form/form-instances', {
      as: 'kermit',
      body: {
        formDefinitionKey: 'receiptStart',
        processInstanceId: instanceId,
        variables: { purpose: 'Taxi' },
      },
    });
    expect(refused.json().fields).toEqual([{ id: 'receipt', message: 'is required' }]);
    const stored = await h.request('POST', '/form-api/form/form-instances', {
      as: 'kermit',
      body: {
        formDefinitionKey: 'receiptStart',
        processInstanceId: instanceId,
        variables: { purpose: 'Taxi', receipt: copy },
      },
    });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(await item(copy)).toMatchObject({ processInstanceId: instanceId, taskId: null });
    expect((await itemsOfField('receipt')).sort()).toEqual([receipt, copy].sort());
  });

  it('shows the task form with the uploaded item, not just its id', async () => {
    const task = await taskOf(instanceId);
    const form = await h.request('GET', `/process-api/runtime/tasks/${task.id}/form`, { as: 'fozzie' });
    expect(form.statusCode).toBe(200);
    const field = form.json().fields.find((f: { id: string }) => f.id === 'receipt');
    expect(field.value).toEqual([
      expect.objectContaining({ id: receipt, name: 'taxi.pdf', field: 'receipt', contentAvailable: true }),
    ]);
  });

  it("refuses another instance's file in a task form, and completes with several files of the completer's", async () => {
    const task = await taskOf(instanceId);
    const form = (await h.request('GET', `/process-api/runtime/tasks/${task.id}/form`)).json();
    const { instanceId: otherInstance } = await h.reviewInstance();
    const elsewhere = await uploadFile('admin', 'elsewhere.pdf', { processInstanceId: otherInstance });
    const complete = (evidence: unknown) =>
      h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
        as: 'fozzie',
        body: {
          action: 'complete',
          formDefinitionId: form.id,
          outcome: 'pay',
          variables: [{ name: 'evidence', value: evidence }],
        },
      });
    const refused = await complete([elsewhere]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields).toEqual([
      { id: 'evidence', message: `content item '${elsewhere}' belongs to another task or process instance` },
    ]);
    expect((await taskOf(instanceId)).id).toBe(task.id);
    expect(await item(elsewhere)).toMatchObject({ processInstanceId: otherInstance });
    expect(await itemsOfField('evidence')).toEqual([]);

    const loose = await uploadFile('fozzie', 'photo.jpg');
    const onTask = await uploadFile('fozzie', 'scan.png', { taskId: task.id });
    const done = await complete([{ id: loose }, { id: onTask }]);
    expect(done.statusCode, done.body).toBe(200);
    for (const id of [loose, onTask])
      expect(await item(id)).toMatchObject({ taskId: task.id, processInstanceId: instanceId });
    expect((await itemsOfField('evidence')).sort()).toEqual([loose, onTask].sort());
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${instanceId}&variableName=evidence`,
    );
    expect(history.json().data[0].variable.value).toBe(`${loose},${onTask}`);
    const historic = await h.request('GET', `/process-api/history/historic-task-instances/${task.id}/form`);
    expect(historic.statusCode, historic.body).toBe(200);
    const evidence = historic.json().fields.find((f: { id: string }) => f.id === 'evidence');
    expect(evidence.value.map((v: { name: string }) => v.name)).toEqual(['photo.jpg', 'scan.png']);
  });
});
