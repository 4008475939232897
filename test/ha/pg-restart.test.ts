/**
 * PostgreSQL going away under two real nodes: a fast restart in the middle of a load, and a
 * stop long enough to watch what clients see. The server is the test's own (initdb into a
 * temporary folder), never the machine's shared one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT, startNodeProcess } from '../helpers/node-process.ts';
import { startOwnPostgres } from '../helpers/own-postgres.ts';
import type { OwnPostgres } from '../helpers/own-postgres.ts';
import {
  ADMIN,
  deployTwoAsyncTasks,
  expectEveryStepOnce,
  prepareDelegates,
  startInstancesThroughNodes,
  startTwoNodes,
  waitUntil,
} from './harness.ts';
import type { FaultSetup } from './harness.ts';

const INSTANCES = Number(process.env.HA_TEST_INSTANCES ?? 1_000);

let server: OwnPostgres | undefined;
let setup: FaultSetup | undefined;

afterEach(async () => {
  await cleanUpNodeProcesses();
  await server?.remove();
  await setup?.folder.remove();
  server = undefined;
  setup = undefined;
});

const count = async (pg: OwnPostgres, sql: string): Promise<number> =>
  Number(Object.values((await pg.query<Record<string, unknown>>(sql))[0])[0]);

const report = (line: string) => {
  if (process.env.HA_TEST_REPORT) console.info(line);
};

describe('a PostgreSQL restart under load', () => {
  it(
    `loses none of ${INSTANCES} instances of two async steps on two nodes, runs each step once, and no node exits`,
    async () => {
      server = await startOwnPostgres();
      setup = await prepareDelegates();
      const pg = server;
      const { nodes, exits } = await startTwoNodes(setup, pg.url);
      await deployTwoAsyncTasks(nodes[0].url);

      let restart: Promise<void> | undefined;
      let restartedAt = 0;
      const load = await startInstancesThroughNodes(
        nodes.map((node) => node.url),
        INSTANCES,
        8,
        (acknowledged) => {
          if (acknowledged === Math.floor(INSTANCES * 0.3) && !restart) {
            restartedAt = acknowledged;
            restart = pg.restart();
          }
        },
      );
      await restart;
      report(`restart after ${restartedAt} starts; statuses seen: ${JSON.stringify([...load.statuses])}`);

      expect(load.acknowledged.size).toBe(INSTANCES);
      // A start cut off by the restart is a 503 that says when to retry, never a 500.
      expect(
        [...load.statuses.keys()].filter(
          (status) => status !== '201' && status !== '503' && status !== 'network error',
        ),
      ).toEqual([]);
      expect(load.unavailableWithoutRetryAfter).toBe(0);

      const { repeatedRuns } = await expectEveryStepOnce(
        (sql, params) => pg.query(sql, params),
        load.acknowledged,
        setup.runsFile,
      );
      report(`runs repeated after the restart: ${repeatedRuns}`);

      expect(exits).toEqual([]);
      for (const node of nodes) expect((await fetch(`${node.url}/actuator/health`)).status).toBe(200);
    },
    PROCESS_TEST_TIMEOUT * 3,
  );
});

describe('a database that is away', () => {
  it(
    'gives REST callers 503 with Retry-After, turns health DOWN, and everything works again once it is back',
    async () => {
      server = await startOwnPostgres();
      setup = await prepareDelegates();
      const pg = server;
      const node = await startNodeProcess({ args: setup.nodeArgs('node-a', pg.url) });
      let exited = false;
      void node.exited.then(() => (exited = true));
      await deployTwoAsyncTasks(node.url);
      const auth = {
        authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`,
      };

      await pg.stop('fast');
      const health = await fetch(`${node.url}/actuator/health`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { status: string }).status).toBe('DOWN');

      const start = await fetch(`${node.url}/process-api/runtime/process-instances`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ processDefinitionKey: 'twoAsyncTasks' }),
      });
      expect(start.status).toBe(503);
      expect(start.headers.get('retry-after')).toMatch(/^\d+$/);
      const body = (await start.json()) as { message: string; exception: string };
      expect(body.message).toBe('Service unavailable');
      expect(body.exception).toMatch(/database/i);
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.ts|stack/);

      await pg.start();
      await waitUntil(
        async () => (await fetch(`${node.url}/actuator/health`)).status === 200,
        20_000,
        'health UP',
      );
      const again = await fetch(`${node.url}/process-api/runtime/process-instances`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ processDefinitionKey: 'twoAsyncTasks', businessKey: 'after' }),
      });
      expect(again.status).toBe(201);
      // The executor picked up again: the new instance runs both async steps to the end.
      await waitUntil(
        async () =>
          (await count(
            pg,
            `SELECT count(*) FROM weir_hi_process_instance WHERE business_key = 'after' AND ended_at IS NOT NULL`,
          )) === 1,
        20_000,
        'the instance started after the outage to end',
      );
      expect(exited).toBe(false);
    },
    PROCESS_TEST_TIMEOUT * 2,
  );
});
