/**
 * A real RabbitMQ cluster for the conversation relay tests: two `rabbitmq-server` nodes of the
 * test's own (Debian's package, not its service), `weir1@localhost` and `weir2@localhost`, each
 * with the `rabbitmq_stomp` plugin on ports of its own, then node 2 joined to node 1
 * (`stop_app`, `join_cluster`, `start_app`). Exchanges are cluster-wide, so a STOMP message
 * published to a topic on one node reaches subscribers connected to the other; a node that
 * goes away takes only its own connections with it.
 *
 * Both nodes and `rabbitmqctl` share one Erlang cookie (`.erlang.cookie` in a HOME of their
 * own, mode 400) and one epmd, Erlang's port mapper. The epmd runs on a free port of its own
 * (`ERL_EPMD_PORT`) rather than 4369: the system's RabbitMQ (`rabbit@<host>`, 5672, 61613,
 * 25672) keeps its epmd and never meets these nodes; and every port here is a free one picked
 * at start, never one derived from another (RabbitMQ's default distribution port is AMQP's +
 * 20000, which is how two nodes on one host collide).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempFolder } from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';
import { run, sleep, waitForStomp, type TestBroker } from './brokers.ts';

/** The user the cluster gets (users are cluster-wide), with rights on the default virtual host. */
export const RABBITMQ_USER = { login: 'weir-relay', passcode: 'weir-relay-secret' };

const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

/** The rabbitmq.conf of a test node (also shown in docs/cluster.md). */
export const rabbitMqConfig = (ports: { amqp: number; stomp: number }) =>
  [
    `listeners.tcp.1 = 127.0.0.1:${ports.amqp}`,
    `stomp.listeners.tcp.1 = 127.0.0.1:${ports.stomp}`,
    // a node that loses the other keeps serving its own clients (the test stops one on purpose)
    'cluster_partition_handling = ignore',
    '',
  ].join('\n');

export interface TestRabbitMqCluster {
  readonly brokers: readonly TestBroker[];
  /** Kill every node, end the cluster's epmd and remove the folder; safe to call twice. */
  stop(): Promise<void>;
}

/** A two-node RabbitMQ cluster with STOMP on both nodes. */
export const startRabbitMqCluster = async (): Promise<TestRabbitMqCluster> => {
  const folder = await createTempFolder('weir-rabbitmq-');
  const epmdPort = await freePort();
  const shared = {
    PATH: process.env.PATH,
    HOME: folder.path,
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(folder.path, 'enabled_plugins'),
  };
  await writeFile(join(folder.path, 'enabled_plugins'), '[rabbitmq_stomp].\n');
  // Erlang refuses a cookie that others may read
  await writeFile(join(folder.path, '.erlang.cookie'), `weir-test-${epmdPort}-${Date.now()}`);
  await chmod(join(folder.path, '.erlang.cookie'), 0o400);
  const ctl = (node: string, ...args: string[]) =>
    promisify(execFile)(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-n', node, ...args], { env: shared });

  const nodes: { name: string; stomp: number; server: ReturnType<typeof run> }[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(nodes.map(({ server }) => server.kill()));
    // Erlang started an epmd on our port: ask it to end (it refuses while it still counts a
    // killed node as registered, which it stops doing a moment later)
    for (let attempt = 0; attempt < 20; attempt++) {
      const said = await promisify(execFile)('epmd', ['-kill'], { env: shared }).then(
        ({ stdout }) => stdout,
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
      if (said.includes('Killed') || said.includes('Cannot connect')) break;
      await sleep(250);
    }
    await folder.remove();
  };

  try {
    for (const n of [1, 2]) {
      const [amqp, stomp, dist] = [await freePort(), await freePort(), await freePort()];
      const base = join(folder.path, `weir${n}`);
      await mkdir(base, { recursive: true });
      await writeFile(join(base, 'rabbitmq.conf'), rabbitMqConfig({ amqp, stomp }));
      const name = `weir${n}@localhost`;
      const server = run(
        join(RABBITMQ_BIN, 'rabbitmq-server'),
        [],
        {
          ...shared,
          RABBITMQ_NODENAME: name,
          RABBITMQ_BASE: base,
          RABBITMQ_MNESIA_BASE: join(base, 'mnesia'),
          RABBITMQ_LOG_BASE: join(base, 'log'),
          RABBITMQ_CONFIG_FILE: join(base, 'rabbitmq'),
          RABBITMQ_PID_FILE: join(base, 'rabbitmq.pid'),
          RABBITMQ_DIST_PORT: String(dist),
        },
        base,
      );
      nodes.push({ name, stomp, server });
    }
    await Promise.all(
      nodes.map(({ name, stomp, server }) => waitForStomp(server.child, stomp, name, server.output)),
    );
    const [first, second] = nodes;
    await Promise.all([
      (async () => {
        await ctl(second.name, 'stop_app');
        await ctl(second.name, 'join_cluster', first.name);
        await ctl(second.name, 'start_app');
      })(),
      (async () => {
        await ctl(first.name, 'add_user', RABBITMQ_USER.login, RABBITMQ_USER.passcode);
        await ctl(first.name, 'set_permissions', '-p', '/', RABBITMQ_USER.login, '.*', '.*', '.*');
      })(),
    ]);
    await waitForStomp(second.server.child, second.stomp, second.name, second.server.output);
    const { stdout } = await ctl(first.name, 'cluster_status', '--formatter', 'json');
    const running = (JSON.parse(stdout) as { running_nodes: string[] }).running_nodes;
    if (!nodes.every(({ name }) => running.includes(name)))
      throw new Error(`the RabbitMQ nodes did not form a cluster: ${stdout}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    brokers: nodes.map(({ name, stomp, server }) => ({
      name,
      stompAddress: `127.0.0.1:${stomp}`,
      output: server.output,
      stop: server.kill,
    })),
    stop,
  };
};
