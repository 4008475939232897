/**
 * A process that ends locks its case after its own root; a case terminated at the same time
 * locks itself, then its process. When the two cross, PostgreSQL rolls one back: that caller
 * gets 409 (a conflict it may repeat), never a 500, and nothing of its command is written.
 *
 * The crossing is made deterministic with a third connection that holds the process row: the
 * task completion queues on it first, the case termination takes the case and queues behind;
 * when the row is released the completion takes the process and waits for the case.
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';
import { deployCase } from '../conformance/cmmn-support.ts';

let h: HttpHarness;
const fixture = (name: string) => readFile(new URL(`../fixtures/cmmn/${name}`, import.meta.url));

/** The process the case calls, deployed as admin. */
const deployChildProcess = async () => {
  const { payload, contentType } = multipart([
    { name: 'case-child.bpmn20.xml', content: await fixture('case-child.bpmn20.xml') },
  ]);
  const response = await h.request('POST', '/process-api/repository/deployments', {
    body: payload,
    headers: { 'content-type': contentType },
  });
  expect(response.statusCode, response.body).toBe(201);
};

beforeAll(async () => {
  h = await createHttpHarness();
  await deployChildProcess();
  const deployed = await deployCase(
    h,
    'blocking-process.cmmn',
    String(await fixture('blocking-process.cmmn')),
  );
  expect(deployed.statusCode, deployed.body).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

/** Backends of this database waiting for a lock. */
const waiting = async (client: pg.Client): Promise<number> => {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].n;
};

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the commands never queued on the lock');
};

describe('a process ending while its case is terminated', () => {
  it('answers 409 to the command PostgreSQL rolled back, and the other one wins', async () => {
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      body: { caseDefinitionKey: 'blockingProcessCase' },
    });
    expect(started.statusCode).toBe(201);
    const caseId = (started.json() as { id: string }).id;
    const tasks = await h.request('GET', '/process-api/runtime/tasks?taskDefinitionKey=childTask');
    const task = (tasks.json() as { data: { id: string; processInstanceId: string }[] }).data[0];

    // the observer is a connection of its own: inside the holder's transaction,
    // pg_stat_activity would answer the snapshot of its first read
    const holder = new pg.Client({ connectionString: h.url });
    const observer = new pg.Client({ connectionString: h.url });
    await Promise.all([holder.connect(), observer.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM weir_process_instance WHERE id = $1 FOR UPDATE', [
        task.processInstanceId,
      ]);
      // light-my-request sends a request when it is awaited: `Promise.resolve` sends it now
      const completing = Promise.resolve(
        h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
          body: { action: 'complete' },
        }),
      );
      await until(async () => (await waiting(observer)) === 1);
      const terminating = Promise.resolve(
        h.request('DELETE', `/cmmn-api/cmmn-runtime/case-instances/${caseId}`),
      );
      await until(async () => (await waiting(observer)) === 2);
      await holder.query('COMMIT');

      const [completed, terminated] = await Promise.all([completing, terminating]);
      const answers = [completed.statusCode, terminated.statusCode];
      // one of the two lost the deadlock: 409, with the message that it may be repeated
      expect(answers.filter((s) => s === 409)).toHaveLength(1);
      expect(answers.filter((s) => s === 200 || s === 204)).toHaveLength(1);
      const lost = completed.statusCode === 409 ? completed : terminated;
      expect((lost.json() as { exception: string }).exception).toMatch(/rolled back; it may be repeated/);
    } finally {
      await Promise.all([holder.end(), observer.end()]);
    }

    // whichever won, the case and its process ended together, each once
    const historic = await h.request('GET', `/cmmn-api/cmmn-history/historic-case-instances/${caseId}`);
    expect((historic.json() as { endTime: string | null }).endTime).not.toBeNull();
    const process = await h.request(
      'GET',
      `/process-api/history/historic-process-instances/${task.processInstanceId}`,
    );
    expect((process.json() as { endTime: string | null }).endTime).not.toBeNull();
  });
});
