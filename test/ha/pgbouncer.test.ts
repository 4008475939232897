/**
 * Weir behind pgbouncer in transaction-pooling mode (Debian's pgbouncer 1.18, which has no
 * prepared-statement support): twelve client connections share six server connections, so a
 * named prepared statement or any session state would land on the wrong connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT, startNodeProcess } from '../helpers/node-process.ts';
import { startOwnPgbouncer } from '../helpers/own-pgbouncer.ts';
import type { OwnPgbouncer } from '../helpers/own-pgbouncer.ts';
import { startOwnPostgres } from '../helpers/own-postgres.ts';
import type { OwnPostgres } from '../helpers/own-postgres.ts';
import {
  deployFixture,
  prepareDelegates,
  readRuns,
  startInstancesThroughNodes,
  waitUntil,
} from './harness.ts';
import type { FaultSetup } from './harness.ts';

const INSTANCES = Number(process.env.HA_TEST_INSTANCES ?? 1_000) / 2;

let server: OwnPostgres | undefined;
let pooler: OwnPgbouncer | undefined;
let setup: FaultSetup | undefined;

afterEach(async () => {
  await cleanUpNodeProcesses();
  await pooler?.stop();
  await server?.remove();
  await setup?.folder.remove();
  server = pooler = setup = undefined;
});

const count = async (pg: OwnPostgres, sql: string): Promise<number> =>
  Number(Object.values((await pg.query<Record<string, unknown>>(sql))[0])[0]);

const expectAllRunOnce = async (pg: OwnPostgres, runsFile: string, instances: number) => {
  await waitUntil(
    async () =>
      (await count(pg, `SELECT count(*) FROM weir_hi_process_instance WHERE ended_at IS NOT NULL`)) ===
      instances,
    120_000,
    'every instance to end',
  );
  expect(await count(pg, `SELECT count(*) FROM weir_job`)).toBe(0);
  expect(
    await count(
      pg,
      `SELECT count(*) FROM weir_hi_variable_instance WHERE name = 'count' AND value #>> '{}' = '2'`,
    ),
  ).toBe(instances);
  const runs = await readRuns(runsFile);
  expect(runs.size).toBe(2 * instances);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
};

describe('through pgbouncer in transaction-pooling mode', () => {
  it(
    `two nodes run ${INSTANCES} instances of async steps and a timer to the end, each step once, LISTEN on a direct connection`,
    async () => {
      server = await startOwnPostgres();
      pooler = await startOwnPgbouncer(server, 'transaction');
      setup = await prepareDelegates();
      const pg = server;
      const flags = [
        '--database.pool-size=6',
        '--database.pooler=transaction',
        `--database.listen-url=${pg.url}`,
      ];
      const nodes = await Promise.all(
        ['node-a', 'node-b'].map((id) => startNodeProcess({ args: setup!.nodeArgs(id, pooler!.url, flags) })),
      );
      await deployFixture(nodes[0].url, 'jobs-async-timer-async.bpmn20.xml');
      const load = await startInstancesThroughNodes(
        nodes.map((node) => node.url),
        INSTANCES,
        8,
        () => {},
        'asyncTimerAsync',
      );
      expect([...load.statuses]).toEqual([['201', INSTANCES]]);
      await expectAllRunOnce(pg, setup.runsFile, INSTANCES);
      for (const node of nodes) expect(node.stdout()).not.toMatch(/prepared statement/);
    },
    PROCESS_TEST_TIMEOUT * 2,
  );

  it(
    'without a direct listen URL a node says it polls, and still runs every job',
    async () => {
      server = await startOwnPostgres();
      pooler = await startOwnPgbouncer(server, 'transaction');
      setup = await prepareDelegates();
      const pg = server;
      const flags = ['--database.pool-size=6', '--database.pooler=transaction'];
      const nodes = await Promise.all(
        ['node-a', 'node-b'].map((id) => startNodeProcess({ args: setup!.nodeArgs(id, pooler!.url, flags) })),
      );
      for (const node of nodes) expect(node.stdout()).toMatch(/nothing LISTENs.*polling/);
      await deployFixture(nodes[0].url, 'jobs-async-timer-async.bpmn20.xml');
      const load = await startInstancesThroughNodes(
        nodes.map((node) => node.url),
        50,
        4,
        () => {},
        'asyncTimerAsync',
      );
      expect(load.acknowledged.size).toBe(50);
      await expectAllRunOnce(pg, setup.runsFile, 50);
    },
    PROCESS_TEST_TIMEOUT * 2,
  );
});
