/**
 * Real STOMP brokers for the conversation relay tests, each a process of the test's own with
 * its own configuration, data folder and ports:
 *
 * - ActiveMQ (Debian's `activemq`, run as `java -jar activemq.jar`, not through the service
 *   script, which would load the system instance's options): a network of brokers, each with a
 *   STOMP connector for Weir and an OpenWire connector, and a static `networkConnector` to
 *   every other broker, so a message published on any reaches subscribers on all.
 * - RabbitMQ: a cluster of two nodes with the STOMP plugin (`rabbitmq-cluster.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createTempFolder, type ScratchFolder } from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';

export interface TestBroker {
  readonly name: string;
  /** host:port of its STOMP connector */
  readonly stompAddress: string;
  /** Stop the broker (SIGKILL: a crash, as a broker host going away) and wait for its exit. */
  stop(): Promise<void>;
  /** What it printed, for a failure message. */
  output(): string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a STOMP CONNECT on the port is answered with CONNECTED. */
const answersStomp = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('CONNECT\naccept-version:1.2\n\n\0'));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('CONNECTED'));
      socket.end();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });

/** Wait (bounded) until the broker answers STOMP; a broker that exits or takes too long fails. */
export const waitForStomp = async (child: ChildProcess, port: number, name: string, output: () => string) => {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited before answering STOMP:\n${output()}`);
    if (await answersStomp(port)) return;
    await sleep(500);
  }
  throw new Error(`${name} did not answer STOMP on ${port} within 90 s:\n${output()}`);
};

/** Process groups of brokers still running, killed if the test process exits without stopping them. */
const running = new Set<number>();
process.once('exit', () => {
  for (const group of running) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * A broker in a process group of its own (detached), so that stopping it reaches what it
 * started too (RabbitMQ's script starts Erlang's VM, which starts port programs).
 */
export const run = (command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) => {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid) running.add(child.pid);
  let output = '';
  const keep = (data: Buffer) => {
    output = (output + data.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      if (child.pid) running.delete(child.pid);
      resolve();
    }),
  );
  /** SIGKILL to the whole group (a crash, as a broker host going away), then wait for the exit. */
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
    await exited;
  };
  return { child, output: () => output, exited, kill };
};

/** The activemq.xml a test broker runs with (also shown in docs/cluster.md). */
export const activeMqConfig = (broker: {
  name: string;
  dataDir: string;
  openwirePort: number;
  stompPort: number;
  peers: readonly number[];
}) => `<beans xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd
    http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="${broker.name}" useJmx="false"
          persistent="false" dataDirectory="${broker.dataDir}">
    <networkConnectors>
${broker.peers
  .map(
    (port) =>
      `      <networkConnector name="${broker.name}-to-${port}" uri="static:(tcp://127.0.0.1:${port})"
                        duplex="false" decreaseNetworkConsumerPriority="true"/>`,
  )
  .join('\n')}
    </networkConnectors>
    <transportConnectors>
      <transportConnector name="openwire" uri="tcp://127.0.0.1:${broker.openwirePort}"/>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:${broker.stompPort}"/>
    </transportConnectors>
  </broker>
</beans>
`;

/** `count` ActiveMQ brokers in a full mesh of static network connectors. */
export const startActiveMqNetwork = async (
  count: number,
): Promise<{ brokers: TestBroker[]; stop(): Promise<void> }> => {
  const folder: ScratchFolder = await createTempFolder('weir-activemq-');
  const ports = await Promise.all(
    Array.from({ length: count }, async () => ({ openwire: await freePort(), stomp: await freePort() })),
  );
  const started: { broker: TestBroker; exited: Promise<void>; child: ChildProcess }[] = [];
  const stopAll = async () => {
    await Promise.all(started.map(({ broker }) => broker.stop()));
    await folder.remove();
  };
  try {
    for (let n = 0; n < count; n++) {
      const name = `weir-mq${n + 1}`;
      const base = join(folder.path, name);
      await mkdir(join(base, 'conf'), { recursive: true });
      await mkdir(join(base, 'data'), { recursive: true });
      await mkdir(join(base, 'tmp'), { recursive: true });
      await writeFile(
        join(base, 'conf', 'activemq.xml'),
        activeMqConfig({
          name,
          dataDir: join(base, 'data'),
          openwirePort: ports[n].openwire,
          stompPort: ports[n].stomp,
          peers: ports.filter((_, m) => m !== n).map((p) => p.openwire),
        }),
      );
      const proc = run(
        'java',
        [
          // three brokers and two nodes share two cores and the test's memory: keep each small
          '-Xms32m',
          '-Xmx192m',
          '-Djava.awt.headless=true',
          `-Djava.io.tmpdir=${join(base, 'tmp')}`,
          '-Dactivemq.home=/usr/share/activemq',
          `-Dactivemq.base=${base}`,
          `-Dactivemq.conf=${join(base, 'conf')}`,
          `-Dactivemq.data=${join(base, 'data')}`,
          `-Dactivemq.classpath=${join(base, 'conf')}`,
          '-jar',
          '/usr/share/activemq/bin/activemq.jar',
          'start',
          `xbean:file:${join(base, 'conf', 'activemq.xml')}`,
        ],
        { PATH: process.env.PATH, HOME: base },
        base,
      );
      const broker: TestBroker = {
        name,
        stompAddress: `127.0.0.1:${ports[n].stomp}`,
        output: proc.output,
        stop: proc.kill,
      };
      started.push({ broker, exited: proc.exited, child: proc.child });
    }
    for (const [n, { child, broker }] of started.entries())
      await waitForStomp(child, ports[n].stomp, broker.name, broker.output);
    return { brokers: started.map((s) => s.broker), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
