/**
 * A Weir node with the load inside it, for the async scenarios (2 and 6): the node that
 * `weir start` runs, composed by the same `startNode` with the same configuration sources,
 * plus one `NodeService` that starts instances on this node's own engine when the bench asks.
 * Starting instances in the node is what lets its jobs go the local-first way (inserted
 * locked to this node and started after commit); a request-only node
 * (acquisition off) starting them hands every job across to the others.
 *
 * It stamps three moments per instance, through thin wrappers the recorder puts around the
 * node's own objects (AsyncLocalStorage carries the context):
 * - the start's commit, twice: when its COMMIT is sent (the transaction's work is done) and
 *   when it is seen done (the first after-commit callback, which runs before the engine's
 *   own; those hand the new job to the executor);
 * - the job's start: when the executor calls `engine.executeJob`;
 * - the entry into the `noop` delegate, inside the job's transaction after it has read the
 *   job and locked the instance and the job.
 * It also counts the round trips the node sends to PostgreSQL (`harness/round-trips.ts`).
 * Forked by `node-processes.ts`; talks over IPC.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { loadConfig } from '../../src/config/index.ts';
import type { DelegateExecution } from '../../src/engine/index.ts';
import type { Transaction } from '../../src/persistence/database.ts';
import { startNode } from '../../src/node.ts';
import type { NodeService, RunningNode } from '../../src/node.ts';
import { sleep, wallNow } from '../harness/clock.ts';
import { countRoundTrips, roundTripsSoFar, takeStatementCounts } from '../harness/round-trips.ts';
import type { CommitStamp, LoadCommand, LoadReply, RunStamp } from './load-protocol.ts';

const send = (reply: LoadReply) => process.send?.(reply);

let commits: CommitStamp[] = [];
let runs: RunStamp[] = [];
let handedOver = { roundTrips: 0, statements: 0 };

/** When the job now running in this async context was started by the executor. */
const jobStart = new AsyncLocalStorage<number>();
/** Where the start running in this async context notes its commit. */
const startCommit = new AsyncLocalStorage<{ sent: number; done: number }>();

const recorder: NodeService = {
  name: 'bench recorder',
  async start(node) {
    const db = node.db;
    const transaction = db.transaction.bind(db);
    db.transaction = <T>(work: (tx: Transaction) => Promise<T>) =>
      transaction((tx) => {
        const commit = startCommit.getStore();
        if (!commit) return work(tx);
        tx.afterCommit(() => (commit.done = wallNow()));
        return work(tx).then((value) => {
          commit.sent = wallNow();
          return value;
        });
      });
    const engine = node.engine;
    const execute = engine.executeJob.bind(engine);
    // The executor's hint (the job's root, the row it holds) must go through: without it the
    // engine reads and locks the job again, two round trips the product does not make.
    engine.executeJob = (jobId, hint) => jobStart.run(wallNow(), () => execute(jobId, hint));
    engine.delegates.register('noop', (execution: DelegateExecution) => {
      runs.push([execution.getProcessInstanceId(), jobStart.getStore() ?? Number.NaN, wallNow()]);
    });
  },
  async stop() {},
};

const load = async (running: RunningNode, key: string, starters: number, until: number, rate?: number) => {
  const engine = running.node.engine;
  let started = 0;
  let failed = 0;
  let firstError: string | undefined;
  // Paced: each starter has its own slots, spaced so that all together start `rate` per second.
  const spacing = rate ? (starters * 1000) / rate : 0;
  const begin = wallNow();
  await Promise.all(
    Array.from({ length: starters }, async (_, i) => {
      let slot = begin + (i * spacing) / starters;
      while (wallNow() < until) {
        if (spacing > 0) {
          const wait = slot - wallNow();
          slot += spacing;
          if (wait > 0) await sleep(wait);
          if (wallNow() >= until) break;
        }
        try {
          const commit = { sent: Number.NaN, done: Number.NaN };
          const instance = await startCommit.run(commit, () => engine.startProcessInstanceByKey(key));
          commits.push([instance.id, commit.sent, commit.done]);
          started += 1;
        } catch (error) {
          failed += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  send({ type: 'loaded', started, failed, firstError });
};

const main = async () => {
  countRoundTrips();
  let running: RunningNode;
  try {
    const config = loadConfig({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });
    running = await startNode(config, { services: [recorder] });
  } catch (error) {
    send({ type: 'boot-failed', error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  process.on('message', (command: LoadCommand) => {
    switch (command.type) {
      case 'load':
        void load(running, command.key, command.starters, command.until, command.rate);
        break;
      case 'events':
        {
          const sent = roundTripsSoFar();
          send({
            type: 'events',
            commits,
            runs,
            roundTrips: sent.roundTrips - handedOver.roundTrips,
            statements: sent.statements - handedOver.statements,
            byStatement: takeStatementCounts(),
          });
          commits = [];
          runs = [];
          handedOver = sent;
        }
        break;
      case 'stop':
        void running.stop().finally(() => process.exit(0));
        break;
    }
  });
  // The bench gone (crashed, interrupted) means nobody will stop this node: stop with it.
  process.on('disconnect', () => void running.stop().finally(() => process.exit(0)));
  send({ type: 'ready', nodeId: running.node.id, port: running.port });
};

await main();
