import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, startInstance, type HttpHarness, type TestUser } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  // room in the body for a file just over the variable limit (1 MiB by default)
  h = await createHttpHarness({ maxBodySize: 4 * 1024 * 1024 });
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

/** A multipart variable upload: one file part and the given text fields. */
const upload = (content: Buffer, fields: Record<string, string>, fileField = 'file') => {
  const boundary = `----weirvar${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (fileField) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="blob.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
};

const send = (
  method: 'POST' | 'PUT',
  url: string,
  content: Buffer,
  fields: Record<string, string>,
  as: TestUser | null = 'admin',
) => {
  const { payload, contentType } = upload(content, fields);
  return h.app.inject({
    method,
    url,
    payload,
    headers: { 'content-type': contentType, ...(as ? { authorization: basic(as) } : {}) },
  });
};

const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 255, 10, 13]);

let instanceId: string;
let taskId: string;
let executionId: string;
let pi: string;
beforeEach(async () => {
  instanceId = (await startInstance(h, { processDefinitionKey: 'httpOneTask' })).id;
  const task = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`)).json()
    .data[0];
  taskId = task.id;
  executionId = task.executionId;
  pi = `/process-api/runtime/process-instances/${instanceId}/variables`;
});

describe('binary variables of a process instance', () => {
  it('are created by an upload, answered without value but with a valueUrl, and read back byte for byte', async () => {
    const created = await send('POST', pi, bytes, { name: 'scan', type: 'binary' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      name: 'scan',
      type: 'binary',
      value: null,
      valueUrl: expect.stringMatching(
        new RegExp(`/process-api/runtime/process-instances/${instanceId}/variables/scan/data$`),
      ),
      scope: 'local',
    });
    const data = await h.request('GET', `${pi}/scan/data`);
    expect(data.statusCode).toBe(200);
    expect(data.headers['content-type']).toBe('application/octet-stream');
    expect(data.rawPayload.equals(bytes)).toBe(true);
    const list = (await h.request('GET', pi)).json();
    expect(list).toEqual([body]);
    expect((await h.request('GET', `${pi}/scan`)).json()).toEqual(body);
  });

  it('the instance document keeps a reference, not the bytes', async () => {
    await send('POST', pi, Buffer.alloc(50_000, 7), { name: 'big' });
    const { rows } = await h.db.query<{ size: number }>(
      `SELECT length(state::text) AS size FROM weir_process_instance WHERE id = $1`,
      [instanceId],
    );
    expect(rows[0].size).toBeLessThan(5_000);
  });

  it('POST refuses an existing name (409); PUT by name replaces the bytes; type defaults to binary', async () => {
    await send('POST', pi, bytes, { name: 'scan' });
    expect((await send('POST', pi, bytes, { name: 'scan' })).statusCode).toBe(409);
    const replaced = await send('PUT', `${pi}/scan`, Buffer.from('second'), { name: 'scan' });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ name: 'scan', type: 'binary', value: null });
    expect((await h.request('GET', `${pi}/scan/data`)).body).toBe('second');
    const other = await send('PUT', `${pi}/scan`, bytes, { name: 'other' });
    expect(other.statusCode).toBe(400);
    expect(other.json().exception).toContain('name used in the requested URL');
    expect((await send('PUT', `${pi}/missing`, bytes, { name: 'missing' })).statusCode).toBe(404);
  });

  it('serializable bytes are kept as given and answered as a Java serialised object', async () => {
    const javaish = Buffer.from([0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x02, 0x68, 0x69]);
    const created = await send('PUT', pi, javaish, { name: 'obj', type: 'serializable' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'obj', type: 'serializable', value: null });
    const data = await h.request('GET', `${pi}/obj/data`);
    expect(data.headers['content-type']).toBe('application/x-java-serialized-object');
    expect(data.rawPayload.equals(javaish)).toBe(true);
  });

  it('refuses bad uploads with a 400 naming the problem, and JSON of type binary', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ type: 'binary' }, 'No variable name'],
      [{ name: 'x', type: 'string' }, "Field 'type'"],
      [{ name: 'x', scope: 'everywhere' }, "Field 'scope'"],
      [{ name: 'x', colour: 'red' }, "Unknown form field 'colour'"],
    ];
    for (const [fields, message] of cases) {
      const response = await send('POST', pi, bytes, fields);
      expect(response.statusCode, JSON.stringify(fields)).toBe(400);
      expect(response.json().exception).toContain(message);
    }
    const { payload, contentType } = upload(bytes, { name: 'x' }, '');
    const noFile = await h.app.inject({
      method: 'POST',
      url: pi,
      payload,
      headers: { 'content-type': contentType, authorization: basic('admin') },
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().exception).toBe('No file content was found in request body.');
    const json = await h.request('POST', pi, { body: [{ name: 'x', type: 'binary', value: 'AAEC' }] });
    expect(json.statusCode).toBe(400);
    expect(json.json().exception).toContain('multipart/form-data');
    expect((await h.request('GET', pi)).json()).toEqual([]);
  });

  it('refuses bytes over the variable size limit and stores nothing', async () => {
    const response = await send('POST', pi, Buffer.alloc(1024 * 1024 + 1), { name: 'huge' });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain('weir.variables.max-size');
    const { rows } = await h.db.query(`SELECT id FROM weir_variable_bytes WHERE process_instance_id = $1`, [
      instanceId,
    ]);
    expect(rows).toEqual([]);
  });

  it('data of a plain variable is a 404; an unknown variable or a user without a part too', async () => {
    await h.request('POST', pi, { body: [{ name: 'plain', value: 'text' }] });
    expect((await h.request('GET', `${pi}/plain/data`)).statusCode).toBe(404);
    expect((await h.request('GET', `${pi}/nothing/data`)).statusCode).toBe(404);
    await send('POST', pi, bytes, { name: 'scan' });
    expect((await h.request('GET', `${pi}/scan/data`, { as: 'kermit' })).statusCode).toBe(404);
    expect((await h.request('GET', `${pi}/scan/data`, { as: null })).statusCode).toBe(401);
    expect((await send('POST', pi, bytes, { name: 'other' }, 'kermit')).statusCode).toBe(404);
    expect((await send('POST', pi, bytes, { name: 'other' }, null)).statusCode).toBe(401);
  });
});

describe('binary variables of executions and tasks', () => {
  it('an execution takes an upload locally or in scope global', async () => {
    const url = `/process-api/runtime/executions/${executionId}/variables`;
    const local = await send('POST', url, bytes, { name: 'local' });
    expect(local.statusCode).toBe(201);
    expect(local.json()).toMatchObject({
      scope: 'local',
      valueUrl: expect.stringContaining(`/executions/${executionId}/variables/local/data`),
    });
    expect((await h.request('GET', `${url}/local/data`)).rawPayload.equals(bytes)).toBe(true);
    const global = await send('POST', url, Buffer.from('up'), { name: 'global', scope: 'global' });
    expect(global.json()).toMatchObject({ scope: 'global' });
    expect((await h.request('GET', `${pi}/global/data`)).body).toBe('up');
    const replaced = await send('PUT', `${url}/local`, Buffer.from('new'), { name: 'local' });
    expect(replaced.statusCode).toBe(200);
    expect((await h.request('GET', `${url}/local/data?scope=local`)).body).toBe('new');
  });

  it('a task takes an upload locally or on its process, and answers the data of either', async () => {
    const url = `/process-api/runtime/tasks/${taskId}/variables`;
    const local = await send('POST', url, bytes, { name: 'att' });
    expect(local.statusCode).toBe(201);
    expect(local.json()).toEqual({
      name: 'att',
      type: 'binary',
      value: null,
      valueUrl: expect.stringMatching(new RegExp(`/process-api/runtime/tasks/${taskId}/variables/att/data$`)),
      scope: 'local',
    });
    expect((await send('POST', url, bytes, { name: 'att' })).statusCode).toBe(409);
    const global = await send('POST', url, Buffer.from('proc'), { name: 'doc', scope: 'global' });
    expect(global.json()).toMatchObject({ name: 'doc', scope: 'global', value: null });
    expect((await h.request('GET', `${url}/att/data`)).rawPayload.equals(bytes)).toBe(true);
    expect((await h.request('GET', `${url}/doc/data`)).body).toBe('proc');
    expect((await h.request('GET', `${url}/doc/data?scope=local`)).statusCode).toBe(404);
    const listed = (await h.request('GET', url)).json();
    expect(
      listed.map((v: { name: string; valueUrl: string | null }) => [v.name, v.valueUrl !== null]),
    ).toEqual([
      ['att', true],
      ['doc', true],
    ]);
    const withLocal = await h.request(
      'GET',
      `/process-api/runtime/tasks?processInstanceId=${instanceId}&includeTaskLocalVariables=true`,
    );
    expect(withLocal.json().data[0].variables).toEqual([
      expect.objectContaining({
        name: 'att',
        value: null,
        valueUrl: expect.stringContaining(`/tasks/${taskId}/variables/att/data`),
      }),
    ]);
    const instances = await h.request('POST', '/process-api/query/process-instances', {
      body: { id: instanceId, includeProcessVariables: true },
    });
    expect(instances.json().data[0].variables).toEqual([
      expect.objectContaining({
        name: 'doc',
        value: null,
        valueUrl: expect.stringContaining(`/process-instances/${instanceId}/variables/doc/data`),
      }),
    ]);
    const put = await send('PUT', `${url}/att`, Buffer.from('again'), { name: 'att' });
    expect(put.statusCode).toBe(200);
    expect((await h.request('GET', `${url}/att/data`)).body).toBe('again');
    expect((await h.request('GET', `${url}/att/data`, { as: 'kermit' })).statusCode).toBe(404);
  });
});

describe('binary variables in history', () => {
  it('historic variable instances, historic instance and task variables and historic details answer the bytes', async () => {
    await send('POST', pi, bytes, { name: 'scan' });
    await send('POST', `/process-api/runtime/tasks/${taskId}/variables`, Buffer.from('task bytes'), {
      name: 'att',
    });
    await h.request('POST', `/process-api/runtime/tasks/${taskId}`, { body: { action: 'complete' } });

    const historic = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${instanceId}&variableName=scan`,
    );
    const row = historic.json().data[0];
    expect(row.variable).toMatchObject({ name: 'scan', type: 'binary', value: null });
    expect(row.variable.valueUrl).toMatch(new RegExp(`/history/historic-variable-instances/${row.id}/data$`));
    const data = await h.request('GET', `/process-api/history/historic-variable-instances/${row.id}/data`);
    expect(data.headers['content-type']).toBe('application/octet-stream');
    expect(data.rawPayload.equals(bytes)).toBe(true);
    expect(
      (
        await h.request('GET', `/process-api/history/historic-variable-instances/${row.id}/data`, {
          as: 'kermit',
        })
      ).statusCode,
    ).toBe(404);

    const instanceData = await h.request(
      'GET',
      `/process-api/history/historic-process-instances/${instanceId}/variables/scan/data`,
    );
    expect(instanceData.rawPayload.equals(bytes)).toBe(true);
    const instance = (
      await h.request('GET', `/process-api/history/historic-process-instances/${instanceId}`)
    ).json();
    expect(instance.variables[0].valueUrl).toMatch(
      /\/historic-process-instances\/.+\/variables\/scan\/data$/,
    );

    const historicTask = await h.request(
      'GET',
      `/process-api/history/historic-task-instances?taskId=${taskId}&includeTaskLocalVariables=true`,
    );
    expect(historicTask.json().data[0].variables[0].valueUrl).toMatch(
      new RegExp(`/history/historic-task-instances/${taskId}/variables/att/data$`),
    );
    const taskData = await h.request(
      'GET',
      `/process-api/history/historic-task-instances/${taskId}/variables/att/data`,
    );
    expect(taskData.body).toBe('task bytes');
    const viaTask = await h.request(
      'GET',
      `/process-api/history/historic-task-instances/${taskId}/variables/scan/data`,
    );
    expect(viaTask.rawPayload.equals(bytes)).toBe(true);

    const details = (
      await h.request('GET', `/process-api/history/historic-detail?processInstanceId=${instanceId}`)
    ).json();
    const detail = details.data.find((d: { variable: { name: string } }) => d.variable.name === 'scan');
    expect(detail.variable.valueUrl).toMatch(new RegExp(`/history/historic-detail/${detail.id}/data$`));
    const detailData = await h.request('GET', `/process-api/history/historic-detail/${detail.id}/data`);
    expect(detailData.rawPayload.equals(bytes)).toBe(true);
    expect((await h.request('GET', '/process-api/history/historic-detail/999999/data')).statusCode).toBe(404);
  });
});
