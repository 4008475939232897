import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

const P = '/process-api';
/** A fresh definition of its own (each test changes its state). */
const definition = async (): Promise<string> => {
  const deployment = await h.deploy(['http-one-task.bpmn20.xml']);
  const defs = await h.request('GET', `${P}/repository/process-definitions?deploymentId=${deployment.id}`);
  return defs.json().data[0].id;
};
const timerOf = async (definitionId: string) =>
  (await h.request('GET', `${P}/management/timer-jobs?processDefinitionId=${definitionId}`)).json().data;
/** Fire a timer now, as the executor would when it comes due. */
const fire = async (jobId: string) => {
  await h.request('POST', `${P}/management/timer-jobs/${jobId}`, { body: { action: 'move' } });
  const executed = await h.request('POST', `${P}/management/jobs/${jobId}`, { body: { action: 'execute' } });
  expect(executed.statusCode).toBe(204);
};
const put = (id: string, body: unknown, as: 'admin' | 'kermit' = 'admin') =>
  h.request('PUT', `${P}/repository/process-definitions/${id}`, { body, as });
const isSuspended = async (id: string) =>
  (await h.request('GET', `${P}/repository/process-definitions/${id}`)).json().suspended as boolean;

describe('suspending a process definition at a date', () => {
  it('leaves the definition active until the timer fires, then suspends it and its instances', async () => {
    const id = await definition();
    const instance = (await startInstance(h, { processDefinitionId: id })).id;
    const at = '2031-05-01T08:00:00.000Z';
    const scheduled = await put(id, { action: 'suspend', includeProcessInstances: true, date: at });
    expect(scheduled.statusCode).toBe(200);
    expect(scheduled.json()).toMatchObject({ id, suspended: true });
    expect(await isSuspended(id)).toBe(false);
    const [timer] = await timerOf(id);
    expect(timer).toMatchObject({ processDefinitionId: id, processInstanceId: null, dueDate: at });

    await fire(timer.id);
    expect(await isSuspended(id)).toBe(true);
    const inst = (await h.request('GET', `${P}/runtime/process-instances/${instance}`)).json();
    expect(inst.suspended).toBe(true);
    const started = await h.request('POST', `${P}/runtime/process-instances`, {
      body: { processDefinitionId: id },
    });
    expect(started.statusCode).toBe(409);
  });

  it('activates later, leaving the instances alone without includeProcessInstances', async () => {
    const id = await definition();
    const instance = (await startInstance(h, { processDefinitionId: id })).id;
    await put(id, { action: 'suspend', includeProcessInstances: true });
    const scheduled = await put(id, { action: 'activate', date: '2031-05-01T08:00:00Z' });
    expect(scheduled.json().suspended).toBe(false);
    expect(await isSuspended(id)).toBe(true);
    await fire((await timerOf(id))[0].id);
    expect(await isSuspended(id)).toBe(false);
    expect((await h.request('GET', `${P}/runtime/process-instances/${instance}`)).json().suspended).toBe(
      true,
    );
  });

  it('refuses a bad date by name, an action that is already in effect, and a user who may not deploy', async () => {
    const id = await definition();
    const bad = await put(id, { action: 'suspend', date: 'next tuesday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().exception).toContain("'date'");
    expect((await put(id, { action: 'activate', date: '2031-01-01T00:00:00Z' })).statusCode).toBe(409);
    expect((await put(id, { action: 'suspend', date: '2031-01-01T00:00:00Z' }, 'kermit')).statusCode).toBe(
      403,
    );
    expect(
      (await put('no-such-definition', { action: 'suspend', date: '2031-01-01T00:00:00Z' })).statusCode,
    ).toBe(404);
    expect(await timerOf(id)).toEqual([]);
  });
});
