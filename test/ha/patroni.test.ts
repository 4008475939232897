/**
 * Primary failover under two real nodes (issue 12): Weir's `database.url` leads to HAProxy in
 * front of two Patroni members with synchronous replication (deploy/ha, docs/database-ha.md).
 * Under a load of instances with two async steps each, a planned switchover and then a crash of
 * the primary (SIGKILL of its postmaster) move the primary from one server to the other. No
 * acknowledged start may be lost, each step must count exactly once, and no node may exit.
 *
 * Needs patroni, etcd and haproxy (Debian: patroni, etcd-server, haproxy; `.ci/run` installs
 * them). `HA_TEST_REPORT=1` prints the timings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT } from '../helpers/node-process.ts';
import {
  deployTwoAsyncTasks,
  expectEveryStepOnce,
  prepareDelegates,
  startInstancesThroughNodes,
  startTwoNodes,
} from './harness.ts';
import type { FaultSetup, LoadReport } from './harness.ts';
import { firstStepCompletedAfter, haToolsInstalled, startPatroniCluster } from './patroni-harness.ts';
import type { PatroniCluster } from './patroni-harness.ts';

/** Per phase: one before the switchover and across it, one across the crash. */
const INSTANCES = Number(process.env.HA_TEST_INSTANCES ?? 400);
/** Where in each phase the fault strikes: enough work started before it, and enough after. */
const STRIKE_AT = Math.floor(INSTANCES * 0.3);

let cluster: PatroniCluster | undefined;
let setup: FaultSetup | undefined;

afterEach(async () => {
  await cleanUpNodeProcesses();
  await cluster?.stop();
  await setup?.folder.remove();
  cluster = undefined;
  setup = undefined;
});

const report = (line: string) => {
  if (process.env.HA_TEST_REPORT) console.info(line);
};

/** A node's log lines about the outage (heartbeat, fence, jobs cut off), in ms from the kill. */
const outageLog = (nodeId: string, stdout: string, since: number): string[] =>
  stdout
    .split('\n')
    .filter((line) => /heartbeat|fence|went away|acquisition/i.test(line))
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { time: number; msg: string };
        return entry.time >= since ? [`${nodeId} +${entry.time - since} ms: ${entry.msg}`] : [];
      } catch {
        return [];
      }
    });

/** Nothing but 201, 503 with Retry-After, and refused connections while a node's pool reconnects. */
const expectOnlyRetryableFailures = (load: LoadReport) => {
  expect(
    [...load.statuses.keys()].filter(
      (status) => status !== '201' && status !== '503' && status !== 'network error',
    ),
  ).toEqual([]);
  expect(load.unavailableWithoutRetryAfter).toBe(0);
  expect(load.acknowledged.size).toBe(INSTANCES);
};

describe.skipIf(!haToolsInstalled())('Patroni switchover and failover behind HAProxy', () => {
  it(
    `loses none of 2 x ${INSTANCES} instances of two async steps on two nodes, runs each step once, and no node exits`,
    async () => {
      cluster = await startPatroniCluster();
      setup = await prepareDelegates();
      const ha = cluster;
      // Commits wait for the standby: without it a failover could lose acknowledged work.
      const { standby } = await ha.waitUntilHealthy();
      expect(await ha.synchronousStandbys()).toEqual([standby.name]);
      const { nodes, exits } = await startTwoNodes(setup, ha.url);
      await deployTwoAsyncTasks(nodes[0].url);
      const urls = nodes.map((node) => node.url);

      // Phase 1: a planned switchover in the middle of the load.
      let switchover: Promise<{ from: string; to: string; ms: number }> | undefined;
      const beforeLoad = await startInstancesThroughNodes(
        urls,
        INSTANCES,
        8,
        (acknowledged) => {
          if (acknowledged === STRIKE_AT && !switchover) {
            const requestedAt = Date.now();
            switchover = ha.switchover().then((moved) => ({ ...moved, ms: Date.now() - requestedAt }));
          }
        },
        'twoAsyncTasks',
        'switchover',
      );
      const moved = await switchover!;
      expect(moved.to).not.toBe(moved.from);
      report(
        `switchover ${moved.from} -> ${moved.to} took ${moved.ms} ms; statuses: ${JSON.stringify([...beforeLoad.statuses])}`,
      );

      // Phase 2: the new primary's postmaster is killed in the middle of the load.
      let kill: Promise<{ member: string; killedAt: number }> | undefined;
      const afterLoad = await startInstancesThroughNodes(
        urls,
        INSTANCES,
        8,
        (acknowledged) => {
          if (acknowledged === STRIKE_AT && !kill) kill = ha.killPrimaryPostmaster();
        },
        'twoAsyncTasks',
        'failover',
      );
      const killed = await kill!;
      expect(killed.member).toBe(moved.to);
      const healed = await ha.waitUntilHealthy();
      expect(healed.primary.name).toBe(moved.from);
      expect(await ha.synchronousStandbys()).toEqual([killed.member]);
      report(`failover away from ${killed.member}; statuses: ${JSON.stringify([...afterLoad.statuses])}`);

      expectOnlyRetryableFailures(beforeLoad);
      expectOnlyRetryableFailures(afterLoad);
      const acknowledged = new Set([...beforeLoad.acknowledged, ...afterLoad.acknowledged]);
      const { instances, repeatedRuns } = await expectEveryStepOnce(
        (sql, params) => ha.query(sql, params),
        acknowledged,
        setup.runsFile,
      );

      // The load went on after the kill, so some step completed after it: on the new primary.
      const firstAfterKill = await firstStepCompletedAfter(ha, killed.killedAt);
      expect(firstAfterKill).toBeGreaterThan(0);
      report(
        `${instances} instances; runs repeated: ${repeatedRuns}; ` +
          `first step completed ${firstAfterKill} ms after the kill`,
      );

      for (const node of nodes) report(outageLog(node.nodeId, node.stdout(), killed.killedAt).join('\n'));

      expect(exits).toEqual([]);
      for (const node of nodes) expect((await fetch(`${node.url}/actuator/health`)).status).toBe(200);
    },
    PROCESS_TEST_TIMEOUT * 6,
  );
});
