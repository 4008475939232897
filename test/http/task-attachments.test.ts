import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness({ maxBodySize: 64 * 1024 });
});
afterAll(() => h.close());

const tasks = '/process-api/runtime/tasks';

const newTask = async (body: Record<string, unknown> = { name: 'With files', assignee: 'kermit' }) =>
  (await h.request('POST', tasks, { body })).json().id as string;

/** A multipart body with form fields and, optionally, one file. */
const form = (fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) => {
  const boundary = `----att${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

const upload = (taskId: string, body: ReturnType<typeof form>, as = 'kermit') =>
  h.app.inject({
    method: 'POST',
    url: `${tasks}/${taskId}/attachments`,
    headers: { ...body.headers, authorization: basic(as) },
    payload: body.payload,
  });

describe('link attachments (JSON)', () => {
  it('creates, lists, reads and deletes a link with Flowable JSON', async () => {
    const taskId = await newTask();
    const created = await h.request('POST', `${tasks}/${taskId}/attachments`, {
      as: 'kermit',
      body: {
        name: 'Spec',
        description: 'The spec',
        type: 'simpleType',
        externalUrl: 'https://example.org/spec',
      },
    });
    expect(created.statusCode).toBe(201);
    const attachment = created.json();
    expect(attachment).toMatchObject({
      id: expect.any(String),
      url: expect.stringContaining(`/process-api/runtime/tasks/${taskId}/attachments/`),
      name: 'Spec',
      userId: 'kermit',
      description: 'The spec',
      type: 'simpleType',
      taskUrl: expect.stringContaining(`/process-api/runtime/tasks/${taskId}`),
      processInstanceUrl: null,
      externalUrl: 'https://example.org/spec',
      contentUrl: null,
      time: expect.any(String),
    });
    const list = await h.request('GET', `${tasks}/${taskId}/attachments`, { as: 'kermit' });
    expect(list.json()).toEqual([attachment]);
    const one = await h.request('GET', `${tasks}/${taskId}/attachments/${attachment.id}`, { as: 'kermit' });
    expect(one.json()).toEqual(attachment);
    const noContent = await h.request('GET', `${tasks}/${taskId}/attachments/${attachment.id}/content`);
    expect(noContent.statusCode).toBe(404);
    const deleted = await h.request('DELETE', `${tasks}/${taskId}/attachments/${attachment.id}`, {
      as: 'kermit',
    });
    expect(deleted.statusCode).toBe(204);
    expect((await h.request('GET', `${tasks}/${taskId}/attachments`)).json()).toEqual([]);
    expect((await h.request('GET', `${tasks}/${taskId}/attachments/${attachment.id}`)).statusCode).toBe(404);
  });

  it('refuses a missing name, an unknown field and a wrong type', async () => {
    const taskId = await newTask();
    const noName = await h.request('POST', `${tasks}/${taskId}/attachments`, { body: { type: 'x' } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().exception).toBe('Attachment name is required.');
    const unknown = await h.request('POST', `${tasks}/${taskId}/attachments`, {
      body: { name: 'a', size: 3 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().exception).toContain('size');
    const wrong = await h.request('POST', `${tasks}/${taskId}/attachments`, { body: { name: 5 } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().exception).toContain('body.name');
  });
});

describe('file attachments (multipart)', () => {
  it('stores the file and streams it back with its media type', async () => {
    const taskId = await newTask();
    const content = Buffer.from('%PDF-1.4 not really a pdf \u0000\u00ff', 'latin1');
    const created = await upload(
      taskId,
      form(
        { name: 'Invoice', description: 'March', type: 'application/pdf' },
        { name: 'inv.pdf', type: 'application/pdf', content },
      ),
    );
    expect(created.statusCode).toBe(201);
    const attachment = created.json();
    expect(attachment).toMatchObject({
      name: 'Invoice',
      type: 'application/pdf',
      externalUrl: null,
      contentUrl: expect.stringContaining(`/attachments/${attachment.id}/content`),
    });
    const data = await h.request('GET', `${tasks}/${taskId}/attachments/${attachment.id}/content`, {
      as: 'kermit',
    });
    expect(data.statusCode).toBe(200);
    expect(data.headers['content-type']).toBe('application/pdf');
    expect(data.rawPayload.equals(content)).toBe(true);
  });

  it('serves an HTML upload as a sandboxed download, and a non-media type as octet-stream', async () => {
    const taskId = await newTask();
    const html = await upload(
      taskId,
      form(
        { name: 'page', type: 'text/html' },
        { name: 'x.html', type: 'text/html', content: Buffer.from('<script>1</script>') },
      ),
    );
    const page = await h.request('GET', `${tasks}/${taskId}/attachments/${html.json().id}/content`);
    expect(page.headers['content-disposition']).toBe('attachment');
    expect(page.headers['content-security-policy']).toContain('sandbox');
    const odd = await upload(
      taskId,
      form({ name: 'odd', type: 'not a type' }, { name: 'o', type: 'text/plain', content: Buffer.from('x') }),
    );
    const oddData = await h.request('GET', `${tasks}/${taskId}/attachments/${odd.json().id}/content`);
    expect(oddData.headers['content-type']).toBe('application/octet-stream');
  });

  it('refuses an upload without a name or a file, and one over the body limit', async () => {
    const taskId = await newTask();
    const noName = await upload(
      taskId,
      form({}, { name: 'a', type: 'text/plain', content: Buffer.from('a') }),
    );
    expect(noName.statusCode).toBe(400);
    expect(noName.json().exception).toBe('Attachment name is required.');
    const noFile = await upload(taskId, form({ name: 'empty' }));
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().exception).toBe('Attachment content is required.');
    const big = await upload(
      taskId,
      form(
        { name: 'big' },
        { name: 'big.bin', type: 'application/octet-stream', content: Buffer.alloc(100 * 1024, 1) },
      ),
    );
    expect(big.statusCode).toBe(413);
    expect((await h.request('GET', `${tasks}/${taskId}/attachments`)).json()).toEqual([]);
  });
});

describe('who may', () => {
  it("hides the attachments of a task from strangers and refuses deleting another's attachment", async () => {
    const taskId = await newTask({ name: 'Shared', assignee: 'kermit' });
    await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      body: { user: 'fozzie', type: 'candidate' },
    });
    const mine = await h.request('POST', `${tasks}/${taskId}/attachments`, {
      as: 'kermit',
      body: { name: "Kermit's", externalUrl: 'https://example.org' },
    });
    expect((await h.request('GET', `${tasks}/${taskId}/attachments`, { as: 'gonzo' })).statusCode).toBe(403);
    const candidate = await h.request('GET', `${tasks}/${taskId}/attachments`, { as: 'fozzie' });
    expect(candidate.statusCode).toBe(200);
    const notFozzies = await newTask({ name: 'Kermit only', assignee: 'kermit' });
    expect((await h.request('GET', `${tasks}/${notFozzies}/attachments`, { as: 'fozzie' })).statusCode).toBe(
      404,
    );
    const post = await h.request('POST', `${tasks}/${notFozzies}/attachments`, {
      as: 'fozzie',
      body: { name: 'sneaky', externalUrl: 'https://example.org' },
    });
    expect(post.statusCode).toBe(404);
    const refused = await h.request('DELETE', `${tasks}/${taskId}/attachments/${mine.json().id}`, {
      as: 'fozzie',
    });
    expect(refused.statusCode).toBe(403);
    const unknownTask = await h.request('GET', `${tasks}/nope/attachments`);
    expect(unknownTask.statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/${taskId}/attachments`, { as: null })).statusCode).toBe(401);
  });

  it('keeps attachments readable after the task ends, until its history is deleted', async () => {
    const taskId = await newTask({ name: 'Ends', assignee: 'kermit' });
    const created = await h.request('POST', `${tasks}/${taskId}/attachments`, {
      as: 'kermit',
      body: { name: 'kept', externalUrl: 'https://example.org/k' },
    });
    await h.request('POST', `${tasks}/${taskId}`, { as: 'kermit', body: { action: 'complete' } });
    const after = await h.request('GET', `${tasks}/${taskId}/attachments/${created.json().id}`, {
      as: 'kermit',
    });
    expect(after.statusCode).toBe(200);
    expect(
      (await h.request('DELETE', `/process-api/history/historic-task-instances/${taskId}`)).statusCode,
    ).toBe(204);
    expect((await h.request('GET', `${tasks}/${taskId}/attachments`)).statusCode).toBe(404);
    const { rows } = await h.db.query(`SELECT count(*)::int AS n FROM weir_attachment WHERE task_id = $1`, [
      taskId,
    ]);
    expect(rows[0].n).toBe(0);
  });
});
