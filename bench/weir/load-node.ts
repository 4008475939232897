/**
 * A Weir node with the load inside it, for the async scenarios (2 and 6): the node that
 * `weir start` runs, composed by the same `startNode` with the same configuration sources,
 * plus one `NodeService` that starts instances on this node's own engine when the bench asks.
 * Starting instances in the node is what lets its jobs go the local-first way (inserted
 * locked to this node and started after commit); a request-only node
 * (acquisition off) starting them hands every job across to the others.
 *
 * It stamps two moments per instance: the start's commit (when the engine call returned) and
 * the job's start (when the `noop` delegate is entered, inside the job's transaction after
 * it has locked the instance and the job). Forked by `node-processes.ts`; talks over IPC.
 */
import { loadConfig } from '../../src/config/index.ts';
import type { DelegateExecution } from '../../src/engine/index.ts';
import { startNode } from '../../src/node.ts';
import type { NodeService, RunningNode } from '../../src/node.ts';
import { wallNow } from '../harness/clock.ts';
import type { LoadCommand, LoadReply, Stamp } from './load-protocol.ts';

const send = (reply: LoadReply) => process.send?.(reply);

let commits: Stamp[] = [];
let runs: Stamp[] = [];

const recorder: NodeService = {
  name: 'bench recorder',
  async start(node) {
    node.engine.delegates.register('noop', (execution: DelegateExecution) => {
      runs.push([execution.getProcessInstanceId(), wallNow()]);
    });
  },
  async stop() {},
};

const load = async (running: RunningNode, key: string, starters: number, until: number) => {
  const engine = running.node.engine;
  let started = 0;
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: starters }, async () => {
      while (wallNow() < until) {
        try {
          const instance = await engine.startProcessInstanceByKey(key);
          commits.push([instance.id, wallNow()]);
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
        void load(running, command.key, command.starters, command.until);
        break;
      case 'events':
        send({ type: 'events', commits, runs });
        commits = [];
        runs = [];
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
