import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const P = '/process-api';
const start = async (as: 'admin' | 'kermit' = 'admin') =>
  (await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'before' }, as)).id;
const exists = async (id: string) =>
  (await h.request('GET', `${P}/runtime/process-instances/${id}`)).statusCode === 200;
const bulkDelete = (body: unknown, as: 'admin' | 'kermit' | null = 'admin') =>
  h.request('POST', `${P}/runtime/process-instances/delete`, { body, as });

describe('PUT runtime/process-instances/{id} without an action', () => {
  it('changes the name and business key, at runtime and in history', async () => {
    const id = await start();
    const updated = await h.request('PUT', `${P}/runtime/process-instances/${id}`, {
      body: { name: 'Renamed', businessKey: 'after' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id, name: 'Renamed', businessKey: 'after', suspended: false });
    const historic = (await h.request('GET', `${P}/history/historic-process-instances/${id}`)).json();
    expect(historic).toMatchObject({ name: 'Renamed', businessKey: 'after' });
    const byKey = await h.request('GET', `${P}/runtime/process-instances?businessKey=after`);
    expect(byKey.json().data.map((i: { id: string }) => i.id)).toEqual([id]);
    // a field left out stays as it was
    await h.request('PUT', `${P}/runtime/process-instances/${id}`, { body: { name: 'Again' } });
    expect((await h.request('GET', `${P}/runtime/process-instances/${id}`)).json()).toMatchObject({
      name: 'Again',
      businessKey: 'after',
    });
  });

  it('still suspends and activates with an action', async () => {
    const id = await start();
    const suspended = await h.request('PUT', `${P}/runtime/process-instances/${id}`, {
      body: { action: 'suspend' },
    });
    expect(suspended.json().suspended).toBe(true);
  });

  it('refuses by name the fields Weir does not keep, and answers 404 for an unknown or invisible instance', async () => {
    const id = await start();
    for (const [body, field] of [
      [{ businessStatus: 'open' }, 'businessStatus'],
      [{ dueDate: '2030-01-01T00:00:00Z' }, 'dueDate'],
      [{ action: 'claim', assignee: 'kermit' }, 'action'],
      [{ color: 'red' }, 'color'],
    ] as const) {
      const response = await h.request('PUT', `${P}/runtime/process-instances/${id}`, { body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().exception).toContain(field);
    }
    const missing = await h.request('PUT', `${P}/runtime/process-instances/nope`, { body: { name: 'x' } });
    expect(missing.statusCode).toBe(404);
    const invisible = await h.request('PUT', `${P}/runtime/process-instances/${id}`, {
      body: { name: 'x' },
      as: 'kermit',
    });
    expect(invisible.statusCode).toBe(404);
    expect((await h.request('GET', `${P}/runtime/process-instances/${id}`)).json().name).not.toBe('x');
  });
});

describe('POST runtime/process-instances/delete', () => {
  it('deletes every instance named, with the reason in history', async () => {
    const a = await start();
    const b = await start();
    const kept = await start();
    const deleted = await bulkDelete({ action: 'delete', instanceIds: [a, b], deleteReason: 'cleanup' });
    expect(deleted.statusCode).toBe(204);
    expect(await exists(a)).toBe(false);
    expect(await exists(b)).toBe(false);
    expect(await exists(kept)).toBe(true);
    const historic = (await h.request('GET', `${P}/history/historic-process-instances/${a}`)).json();
    expect(historic.deleteReason).toBe('cleanup');
  });

  it('deletes none when one id is unknown or not visible to the caller', async () => {
    const a = await start();
    const unknown = await bulkDelete({ action: 'delete', instanceIds: [a, 'no-such-instance'] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().exception).toContain('no-such-instance');
    expect(await exists(a)).toBe(true);
    const own = await start('kermit');
    const invisible = await bulkDelete({ action: 'delete', instanceIds: [own, a] }, 'kermit');
    expect(invisible.statusCode).toBe(404);
    expect(await exists(own)).toBe(true);
    expect((await bulkDelete({ action: 'delete', instanceIds: [own] }, 'kermit')).statusCode).toBe(204);
  });

  it('refuses another action and a malformed body; 401 without credentials', async () => {
    const a = await start();
    const terminate = await bulkDelete({ action: 'terminate', instanceIds: [a] });
    expect(terminate.statusCode).toBe(400);
    expect(terminate.json().exception).toContain("Illegal action: 'terminate'");
    expect((await bulkDelete({ action: 'delete' })).statusCode).toBe(400);
    expect((await bulkDelete({ action: 'delete', instanceIds: [a] }, null)).statusCode).toBe(401);
    expect(await exists(a)).toBe(true);
  });
});
