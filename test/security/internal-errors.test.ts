/**
 * An unexpected failure answers `{"message": "Internal error", "exception": "<error id>"}`;
 * the details (a pg error's table and column names, a stack overflow) go to the log only,
 * under that same id.
 */
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRestError } from '../../src/http/errors.ts';
import { toWeirError } from '../../src/errors.ts';
import { basic, createHttpHarness, fixtureUrl, multipart, type HttpHarness } from '../http/harness.ts';

const logLines: Record<string, unknown>[] = [];
let h: HttpHarness;

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  h = await createHttpHarness({ logger });
});
afterAll(() => h.close());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('internal errors', () => {
  it('answer a database failure with an error id only, and log the details under that id', async () => {
    // a schema the code does not expect: every query on deployments fails inside PostgreSQL
    await h.db.query('ALTER TABLE weir_deployment RENAME COLUMN name TO name_moved');
    try {
      const response = await h.request('GET', '/process-api/repository/deployments?name=x');
      expect(response.statusCode).toBe(500);
      const body = response.json() as { message: string; exception: string };
      expect(body.message).toBe('Internal error');
      expect(body.exception).toMatch(uuid);
      expect(Object.keys(body).sort()).toEqual(['exception', 'message']);
      expect(response.body).not.toMatch(/weir_|column|relation|name_moved|at \w+ \(/);

      const logged = logLines.find((line) => line.errorId === body.exception);
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toMatch(/column .*name.* does not exist/);
    } finally {
      await h.db.query('ALTER TABLE weir_deployment RENAME COLUMN name_moved TO name');
    }
  });

  it('answer a failure inside an engine command (WEIR_INTERNAL wrapping a pg error) the same way', async () => {
    await h.db.query('ALTER TABLE weir_deployment RENAME TO weir_deployment_moved');
    try {
      const xml = await readFile(fixtureUrl('http-one-task.bpmn20.xml'));
      const { payload, contentType } = multipart([{ name: 'one-task.bpmn20.xml', content: xml }]);
      const response = await h.app.inject({
        method: 'POST',
        url: '/process-api/repository/deployments',
        headers: { authorization: basic('admin'), 'content-type': contentType },
        payload,
      });
      const answer = response as { statusCode: number; body: string };
      expect(answer.statusCode).toBe(500);
      expect(answer.body).not.toMatch(/weir_deployment|relation/);
      expect(JSON.parse(answer.body).exception).toMatch(uuid);
    } finally {
      await h.db.query('ALTER TABLE weir_deployment_moved RENAME TO weir_deployment');
    }
  });

  it('never echo a stack overflow or a wrapped message', () => {
    for (const error of [
      new RangeError('Maximum call stack size exceeded'),
      toWeirError(new Error('duplicate key value violates unique constraint "weir_task_pkey"')),
    ]) {
      const rest = toRestError(error);
      expect(rest.status).toBe(500);
      expect(rest.exception).toMatch(uuid);
    }
  });
});
