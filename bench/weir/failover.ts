/**
 * Scenario 7, failover: two `weir start` nodes on the highly available PostgreSQL of
 * docs/database-ha.md (two Patroni members with synchronous replication, HAProxy in front,
 * three etcd members; test/ha/patroni-harness.ts starts it from deploy/ha). The bench's own
 * engine keeps starting instances of one async step; each round SIGKILLs the primary's
 * postmaster. The figures: the time from the kill to the first job completed after it (by the
 * history the nodes wrote), and to a healthy pair again (a primary with a synchronous standby).
 *
 * Nodes run the shipped defaults. Patroni fails over at once on a crash
 * (`primary_start_timeout: 0`); what remains is Patroni's loop (`loop_wait`), the promotion,
 * HAProxy's health check (1 s), the nodes' pools reconnecting and the executor's retry.
 * Skipped, with a line saying so, where patroni, etcd or haproxy is not installed.
 */
import {
  haToolsInstalled,
  firstStepCompletedAfter,
  startPatroniCluster,
} from '../../test/ha/patroni-harness.ts';
import type { PatroniCluster } from '../../test/ha/patroni-harness.ts';
import { isConnectionLoss } from '../../src/persistence/connection-loss.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { sleep } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import { pendingFigure } from '../harness/figures.ts';
import { trace } from '../harness/trace.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { openClientEngine } from './client-engine.ts';
import { ASYNC_NOOP, deployModels } from './models.ts';
import { startWeirNode } from './node-processes.ts';
import type { NodeProcess } from './node-processes.ts';

const SCENARIO = 'Weir 7: failover, SIGKILL of the primary PostgreSQL (Patroni, HAProxy)';
/** Load before each kill, so both nodes are running jobs when it comes. */
const STEADY_MS = 2_000;
const RECOVERY_TIMEOUT_MS = 120_000;
const POLL_MS = 100;
/** A start refused while there is no primary is tried again after this long. */
const RETRY_MS = 200;

/** Starters that keep going through the outage, as clients following Retry-After would. */
const keepStarting = (db: Database, starters: number) => {
  let running = true;
  const done = (async () => {
    const engine = await openClientEngine(db);
    await Promise.all(
      Array.from({ length: starters }, async () => {
        while (running) {
          try {
            await engine.startProcessInstanceByKey(ASYNC_NOOP, {});
          } catch (error) {
            if (!isConnectionLoss(error)) throw error;
            await sleep(RETRY_MS);
          }
        }
      }),
    );
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
};

/** Poll through HAProxy (which refuses while there is no primary) until `check` says done. */
const pollUntil = async (check: () => Promise<number | undefined>): Promise<number> => {
  const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(POLL_MS);
  }
  throw new Error(`No job completed within ${RECOVERY_TIMEOUT_MS} ms of the kill`);
};

const failoverRound = async (cluster: PatroniCluster) => {
  await sleep(STEADY_MS);
  const { killedAt } = await cluster.killPrimaryPostmaster();
  const firstJob = await pollUntil(() => firstStepCompletedAfter(cluster, killedAt, ['work']));
  await cluster.waitUntilHealthy();
  return { firstJob: firstJob / 1000, healthy: (Date.now() - killedAt) / 1000 };
};

export const runFailover = async ({ options }: ScenarioContext): Promise<Figure[]> => {
  if (!haToolsInstalled()) {
    const why =
      'skipped: patroni, etcd or haproxy is not installed (apt-get install patroni etcd-server haproxy)';
    process.stderr.write(`  failover ${why}\n`);
    return [pendingFigure(SCENARIO, 'first job completed after the kill', 's', why)];
  }
  const cluster = await startPatroniCluster();
  const nodes: NodeProcess[] = [];
  let db: Database | undefined;
  try {
    trace('patroni up');
    // One at a time: the first migrates the empty database, the second finds it migrated.
    for (const nodeId of ['bench-f1', 'bench-f2'])
      nodes.push(await startWeirNode({ databaseUrl: cluster.url, nodeId }));
    db = openPostgresDatabase({ url: cluster.url, poolSize: 4, applicationName: 'weir bench failover' });
    await deployModels(db);
    const load = keepStarting(db, Math.max(1, options.concurrency / 4));
    const results: { firstJob: number; healthy: number }[] = [];
    try {
      for (let round = 0; round < options.rounds; round++) results.push(await failoverRound(cluster));
    } finally {
      await load.stop();
    }
    trace('rounds done');
    return [
      {
        scenario: SCENARIO,
        name: 'first job completed after the kill',
        unit: 's',
        kind: 'seconds',
        rounds: results.map((r) => r.firstJob),
        weir: true,
      },
      {
        scenario: SCENARIO,
        name: 'primary and synchronous standby again after',
        unit: 's',
        kind: 'seconds',
        rounds: results.map((r) => r.healthy),
        weir: true,
        note: 'Patroni and PostgreSQL alone, not Weir',
      },
    ];
  } finally {
    await db?.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await cluster.stop();
  }
};
