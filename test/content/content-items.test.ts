import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, contentForm, createContentHarness, type ContentHarness } from './content-world.ts';

let h: ContentHarness;
beforeAll(async () => {
  h = await createContentHarness({ maxSize: 64 * 1024 });
});
afterAll(() => h.close());

const upload = (fields: Record<string, string>, text: string, as: 'admin' | 'kermit' | 'fozzie' = 'admin') =>
  h.send('POST', C, contentForm(fields, { name: 'file.txt', type: 'text/plain', content: text }), as);

describe('content items', () => {
  it('creates an item without data from JSON, then stores and reads its data, in Flowable JSON', async () => {
    const created = await h.request('POST', C, {
      body: { name: 'contract.pdf', mimeType: 'application/pdf', tenantId: 'acme', field: 'contract' },
    });
    expect(created.statusCode).toBe(201);
    const item = created.json();
    expect(Object.keys(item).sort()).toEqual(
      [
        'id',
        'name',
        'mimeType',
        'taskId',
        'processInstanceId',
        'contentStoreId',
        'contentStoreName',
        'contentAvailable',
        'tenantId',
        'created',
        'createdBy',
        'lastModified',
        'lastModifiedBy',
        'url',
      ].sort(),
    );
    expect(item).toMatchObject({
      name: 'contract.pdf',
      mimeType: 'application/pdf',
      contentAvailable: false,
      tenantId: 'acme',
      createdBy: 'admin',
      url: expect.stringMatching(new RegExp(`/content-api/content-service/content-items/${item.id}$`)),
    });
    expect((await h.request('GET', `${C}/${item.id}/data`)).statusCode).toBe(404);

    const data = contentForm({}, { name: 'contract.pdf', content: '%PDF-1.7 signed' });
    const saved = await h.send('POST', `${C}/${item.id}/data`, data);
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ id: item.id, contentAvailable: true });
    const read = await h.request('GET', `${C}/${item.id}/data`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(read.body).toBe('%PDF-1.7 signed');
  });

  it('lists and queries items by process instance, task, name and scope, with paging and sorting', async () => {
    const { instanceId, taskId } = await h.reviewInstance();
    const first = await upload({ name: 'a.txt', processInstanceId: instanceId }, 'first');
    const second = await upload({ name: 'b.txt', taskId }, 'second');
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    // an item of a task belongs to the task's instance as well
    expect(second.json()).toMatchObject({ taskId, processInstanceId: instanceId });

    const byInstance = await h.request('GET', `${C}?processInstanceId=${instanceId}&sort=created&order=desc`);
    expect(byInstance.json()).toMatchObject({ total: 2, start: 0, sort: 'created', order: 'desc', size: 2 });
    expect(byInstance.json().data.map((i: { name: string }) => i.name)).toEqual(['b.txt', 'a.txt']);
    const byTask = await h.request('GET', `${C}?taskId=${taskId}`);
    expect(byTask.json().data.map((i: { name: string }) => i.name)).toEqual(['b.txt']);
    const paged = await h.request('GET', `${C}?processInstanceId=${instanceId}&start=1&size=1`);
    expect(paged.json()).toMatchObject({ total: 2, start: 1, size: 1 });

    const queried = await h.request('POST', '/content-api/query/content-items', {
      body: { ids: [first.json().id], nameLike: 'a%' },
    });
    expect(queried.json().data.map((i: { id: string }) => i.id)).toEqual([first.json().id]);
    const badSort = await h.request('GET', `${C}?sort=name`);
    expect(badSort.statusCode).toBe(400);
  });

  it('updates an item and deletes it with its bytes', async () => {
    const created = (await upload({ name: 'draft.txt' }, 'draft')).json();
    const files = await h.storedFiles();
    const updated = await h.request('PUT', `${C}/${created.id}`, {
      body: { name: 'final.txt', mimeType: 'text/plain' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'final.txt',
      mimeType: 'text/plain',
      contentAvailable: true,
    });
    expect((await h.request('DELETE', `${C}/${created.id}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${C}/${created.id}`)).statusCode).toBe(404);
    await h.content.sweep();
    expect((await h.storedFiles()).length).toBe(files.length - 1);
  });

  it('shows the items of an instance only to its people', async () => {
    const { instanceId, taskId } = await h.reviewInstance();
    const item = (await upload({ name: 'secret.txt', taskId }, 'for the reviewer')).json();
    // kermit is the task's assignee; fozzie has no part in the instance
    expect((await h.request('GET', `${C}/${item.id}/data`, { as: 'kermit' })).body).toBe('for the reviewer');
    expect((await h.request('GET', `${C}/${item.id}`, { as: 'fozzie' })).statusCode).toBe(404);
    const listed = await h.request('GET', `${C}?processInstanceId=${instanceId}`, { as: 'fozzie' });
    expect(listed.json().total).toBe(0);
    expect((await upload({ name: 'x.txt', processInstanceId: instanceId }, 'x', 'fozzie')).statusCode).toBe(
      404,
    );
    expect((await h.request('DELETE', `${C}/${item.id}`, { as: 'fozzie' })).statusCode).toBe(404);
  });

  it('refuses an upload over weir.content.max-size and keeps nothing of it', async () => {
    const before = await h.storedFiles();
    const total = (await h.request('GET', C)).json().total;
    const response = await upload({ name: 'big.bin' }, 'x'.repeat(64 * 1024 + 1));
    expect(response.statusCode).toBe(413);
    expect(response.json().exception).toContain('weir.content.max-size');
    expect((await h.request('GET', C)).json().total).toBe(total);
    expect(await h.storedFiles()).toEqual(before);
  });

  it('detects a stored file altered on disk instead of serving it', async () => {
    const item = (await upload({ name: 'ledger.csv' }, 'amount\n100\n')).json();
    const before = new Set(await h.storedFiles());
    expect(before.size).toBeGreaterThan(0);
    const path = h.storage.pathOf(`${''}${await keyOf(item.id)}`);
    await writeFile(path, 'amount\n900\n');
    const read = await h.request('GET', `${C}/${item.id}/data`);
    expect(read.statusCode).toBe(500);
    expect(read.json().exception).toContain(`content item '${item.id}' was altered`);
    await writeFile(path, 'amount\n100\n');
    expect((await h.request('GET', `${C}/${item.id}/data`)).body).toBe('amount\n100\n');
  });

  it('answers the content engine info', async () => {
    const info = await h.request('GET', '/content-api/content-management/engine');
    expect(info.json()).toEqual({
      name: 'default',
      version: '0.0.0-test',
      resourceUrl: null,
      exception: null,
    });
  });
});

describe('task attachments through the content engine', () => {
  it('stores an uploaded attachment as a content item of the task and reads it back', async () => {
    const { taskId } = await h.reviewInstance();
    const body = contentForm(
      { name: 'photo', type: 'image/png' },
      { name: 'photo.png', content: 'PNG bytes' },
    );
    const created = await h.send('POST', `/process-api/runtime/tasks/${taskId}/attachments`, body, 'kermit');
    expect(created.statusCode).toBe(201);
    const attachment = created.json();
    const content = await h.request(
      'GET',
      `/process-api/runtime/tasks/${taskId}/attachments/${attachment.id}/content`,
      {
        as: 'kermit',
      },
    );
    expect(content.body).toBe('PNG bytes');
    expect(content.headers['content-type']).toBe('image/png');
    const items = (await h.request('GET', `${C}?taskId=${taskId}`)).json();
    expect(items.data).toMatchObject([{ name: 'photo', mimeType: 'image/png', contentAvailable: true }]);

    const deleted = await h.request(
      'DELETE',
      `/process-api/runtime/tasks/${taskId}/attachments/${attachment.id}`,
      {
        as: 'kermit',
      },
    );
    expect(deleted.statusCode).toBe(204);
    expect((await h.request('GET', `${C}?taskId=${taskId}`)).json().total).toBe(0);
  });

  it('deletes the content of an instance with its history, bytes included', async () => {
    const { instanceId, taskId } = await h.reviewInstance();
    await upload({ name: 'evidence.txt', processInstanceId: instanceId }, 'evidence');
    const before = (await h.storedFiles()).length;
    await h.request('POST', `/process-api/runtime/tasks/${taskId}`, { body: { action: 'complete' } });
    const removed = await h.request(
      'DELETE',
      `/process-api/history/historic-process-instances/${instanceId}`,
    );
    expect(removed.statusCode).toBe(204);
    expect((await h.request('GET', `${C}?processInstanceId=${instanceId}`)).json().total).toBe(0);
    await h.content.sweep();
    expect((await h.storedFiles()).length).toBe(before - 1);
  });
});

/** The storage key of an item, as its row records it. */
const keyOf = async (id: string): Promise<string> => {
  const { rows } = await h.db.query<{ storage_key: string }>(
    'SELECT storage_key FROM weir_content_item WHERE id = $1',
    [id],
  );
  return rows[0].storage_key;
};
