import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-external-worker.bpmn20.xml']);
});
afterAll(() => h.close());

const ext = '/external-job-api';
const bulk = '/process-api/management/deadletter-jobs';

/** A dead letter made the way a worker makes one: acquire the job and fail it with no retries left. */
const deadLetter = async (): Promise<string> => {
  const instance = await startInstance(h, { processDefinitionKey: 'httpExternalWorker' });
  const [job] = (
    await h.request('POST', `${ext}/acquire/jobs`, {
      as: 'kermit',
      body: { topic: 'credit-check', lockDuration: 'PT1M', numberOfTasks: 1, workerId: 'w1' },
    })
  ).json();
  expect(job.processInstanceId).toBe(instance.id);
  const failed = await h.request('POST', `${ext}/acquire/jobs/${job.id}/fail`, {
    as: 'kermit',
    body: { workerId: 'w1', errorMessage: 'gave up', retries: 0 },
  });
  expect(failed.statusCode).toBe(204);
  return job.id as string;
};

const isDeadLetter = async (id: string) => (await h.request('GET', `${bulk}/${id}`)).statusCode === 200;

describe('POST management/deadletter-jobs (bulk move)', () => {
  it('moves every named dead letter back to the workers, with fresh retries', async () => {
    const a = await deadLetter();
    const b = await deadLetter();
    const moved = await h.request('POST', bulk, { body: { action: 'move', jobIds: [a, b] } });
    expect(moved.statusCode).toBe(204);
    expect(moved.body).toBe('');
    expect(await isDeadLetter(a)).toBe(false);
    expect(await isDeadLetter(b)).toBe(false);
    const back = await h.request('POST', `${ext}/acquire/jobs`, {
      as: 'kermit',
      body: { topic: 'credit-check', lockDuration: 'PT1M', numberOfTasks: 10, workerId: 'w2' },
    });
    const ids = back.json().map((j: { id: string; retries: number }) => [j.id, j.retries]);
    expect(ids).toEqual(
      expect.arrayContaining([
        [a, 3],
        [b, 3],
      ]),
    );
  });

  it('moves none when one id is not a dead letter, and names the missing ids', async () => {
    const a = await deadLetter();
    const answer = await h.request('POST', bulk, { body: { action: 'move', jobIds: [a, 'no-such-job'] } });
    expect(answer.statusCode).toBe(404);
    expect(answer.json().exception).toContain('{no-such-job}');
    expect(await isDeadLetter(a)).toBe(true);
  });

  it('refuses other actions and malformed bodies with 400', async () => {
    const a = await deadLetter();
    const history = await h.request('POST', bulk, { body: { action: 'moveToHistoryJob', jobIds: [a] } });
    expect(history.statusCode).toBe(400);
    expect(history.json().exception).toMatch(/history jobs/);
    const other = await h.request('POST', bulk, { body: { action: 'delete', jobIds: [a] } });
    expect(other.statusCode).toBe(400);
    expect(other.json().exception).toContain("only 'move'");
    const noIds = await h.request('POST', bulk, { body: { action: 'move' } });
    expect(noIds.statusCode).toBe(400);
    expect(noIds.json().exception).toContain('jobIds');
    const extra = await h.request('POST', bulk, { body: { action: 'move', jobIds: [a], retries: 5 } });
    expect(extra.statusCode).toBe(400);
    expect(await isDeadLetter(a)).toBe(true);
  });

  it('is for admins and deployers only', async () => {
    const a = await deadLetter();
    expect(
      (await h.request('POST', bulk, { as: null, body: { action: 'move', jobIds: [a] } })).statusCode,
    ).toBe(401);
    expect(
      (await h.request('POST', bulk, { as: 'kermit', body: { action: 'move', jobIds: [a] } })).statusCode,
    ).toBe(403);
    expect(await isDeadLetter(a)).toBe(true);
  });
});

describe('management/history-jobs: Weir has none (history is written synchronously)', () => {
  it('lists none, with the list envelope and Flowable sorts', async () => {
    const list = await h.request('GET', '/process-api/management/history-jobs?sort=retries&order=desc');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ data: [], total: 0, start: 0, sort: 'retries', order: 'desc', size: 0 });
    const bad = await h.request('GET', '/process-api/management/history-jobs?sort=dueDate');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().exception).toContain('dueDate');
  });

  it('answers 404 for any id, and 400 for an action other than execute', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const answer = await h.request(method, '/process-api/management/history-jobs/42');
      expect(answer.statusCode).toBe(404);
      expect(answer.json().exception).toContain("history job with id '42'");
    }
    const run = await h.request('POST', '/process-api/management/history-jobs/42', {
      body: { action: 'execute' },
    });
    expect(run.statusCode).toBe(404);
    const bad = await h.request('POST', '/process-api/management/history-jobs/42', {
      body: { action: 'move' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await h.request('GET', '/process-api/management/history-jobs', { as: 'kermit' })).statusCode,
    ).toBe(403);
  });
});
