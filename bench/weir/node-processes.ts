/**
 * Weir node processes for the cluster scenarios, each on its own port with its own node id,
 * all on the scenario's database:
 *
 * - `startWeirNode`: `node bin/weir.ts start`, exactly what an operator runs, with the bench
 *   delegates folder; used where the load comes from outside (timers, recovery).
 * - `startLoadNode`: `load-node.ts`, the same node plus a load generator inside, forked with
 *   an IPC channel; used where jobs must be created on the node that runs them (scenario 2).
 *
 * Both take the product's defaults for everything but the port, the node id, the database and
 * the log level (warn: a log line per request or job would cost the measured process).
 * Every process started here is killed by `killAllNodes` if the bench ends early.
 */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '../harness/clock.ts';
import type { LoadCommand, LoadReply } from './load-protocol.ts';
import { delegatesFolder } from './models.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const weirBin = path.join(repoRoot, 'bin/weir.ts');
const loadNodeEntry = fileURLToPath(new URL('./load-node.ts', import.meta.url));

/** Configuration variables of ours that the bench's own environment must not leak into a node. */
const CONFIG_ENV = /^(WEIR|FLOWABLE|SERVER|DATABASE|SPRING|LOGGING)_/;

/**
 * Node flags for every node process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile
 * them (Node refuses `--cpu-prof` in NODE_OPTIONS). A profile is written when a node stops.
 */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * Configuration flags for every node process, after the bench's own, to measure a setting
 * against the defaults, e.g. `--weir.jobs.group-commit-size=8
 * --flowable.process.async.executor.queue-size=32`.
 */
const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

/** A node boots in about a second; one that is not up in this long will not come up. */
const BOOT_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

const children = new Set<ChildProcess>();
const folders = new Set<string>();

// A bench that crashes must not leave nodes running against dropped databases.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface NodeOptions {
  readonly databaseUrl: string;
  readonly nodeId: string;
  /** More `--key=value` flags, after the bench's own. */
  readonly flags?: readonly string[];
}

export interface NodeProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly pid: number;
  /** `kill -9`: no shutdown, no lock release, the heartbeat just stops. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
  /** The last of its output, for error messages. */
  output(): string;
}

export interface LoadNodeProcess extends NodeProcess {
  load(
    key: string,
    starters: number,
    until: number,
    rate?: number,
  ): Promise<Extract<LoadReply, { type: 'loaded' }>>;
  events(): Promise<Omit<Extract<LoadReply, { type: 'events' }>, 'type'>>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Node's on-disk compile cache, shared by every node the bench starts: a node boots in about
 * half a second instead of two, which keeps boots out of the way of the measured rounds (no
 * figure includes a boot). Kept between runs; Node rebuilds entries whose source changed.
 */
const compileCache = path.join(os.tmpdir(), 'weir-bench-compile-cache');

const nodeEnv = (options: NodeOptions): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !CONFIG_ENV.test(name)) env[name] = value;
  }
  return {
    ...env,
    NODE_COMPILE_CACHE: compileCache,
    DATABASE_URL: options.databaseUrl,
    WEIR_NODE_ID: options.nodeId,
  };
};

const nodeFlags = (port: number, options: NodeOptions): string[] => [
  `--server.port=${port}`,
  '--server.address=127.0.0.1',
  '--logging.level=warn',
  `--weir.delegates-path=${delegatesFolder}`,
  ...extraFlags,
  ...(options.flags ?? []),
];

/** Keeps the last 20 kB of a child's output. */
const capture = (child: ChildProcess) => {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
};

const track = (child: ChildProcess) => {
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  return exited;
};

const handle = (
  child: ChildProcess,
  exited: Promise<void>,
  nodeId: string,
  port: number,
  output: () => string,
) => {
  const signal = async (sig: NodeJS.Signals, timeoutMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    nodeId,
    port,
    pid: child.pid ?? 0,
    kill: () => signal('SIGKILL', 0),
    stop: () => signal('SIGTERM', STOP_TIMEOUT_MS),
    output,
  };
};

const workFolder = async (): Promise<string> => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'weir-bench-'));
  folders.add(folder);
  return folder;
};

/** `weir start`, up once `/actuator/health` answers 200. */
export const startWeirNode = async (options: NodeOptions): Promise<NodeProcess> => {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, weirBin, 'start', ...nodeFlags(port, options)], {
    cwd: await workFolder(),
    env: nodeEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = track(child);
  const output = capture(child);
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Node ${options.nodeId} exited at boot:\n${output()}`);
    const health = await fetch(`http://127.0.0.1:${port}/actuator/health`).catch(() => undefined);
    if (health?.status === 200) return handle(child, exited, options.nodeId, port, output);
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`Node ${options.nodeId} did not come up within ${BOOT_TIMEOUT_MS} ms:\n${output()}`);
};

/** `load-node.ts`, up once it says so over IPC. */
export const startLoadNode = async (options: NodeOptions): Promise<LoadNodeProcess> => {
  const port = await freePort();
  const child = fork(loadNodeEntry, nodeFlags(port, options), {
    execArgv: nodeArgs,
    cwd: await workFolder(),
    env: nodeEnv(options),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = track(child);
  const output = capture(child);
  const next = <T extends LoadReply['type']>(type: T): Promise<Extract<LoadReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: LoadReply) => {
        if (reply.type === 'boot-failed')
          finish(() => reject(new Error(`Node ${options.nodeId}: ${reply.error}`)));
        else if (reply.type === type) finish(() => resolve(reply as Extract<LoadReply, { type: T }>));
      };
      const onExit = () => finish(() => reject(new Error(`Node ${options.nodeId} exited:\n${output()}`)));
      const finish = (settle: () => void) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        settle();
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = (command: LoadCommand) => child.send(command);
  const boot = next('ready');
  const timer = setTimeout(() => child.kill('SIGKILL'), BOOT_TIMEOUT_MS);
  try {
    await boot;
  } finally {
    clearTimeout(timer);
  }
  const base = handle(child, exited, options.nodeId, port, output);
  return {
    ...base,
    async stop() {
      // The load node stops its node itself (SIGTERM would end it without a shutdown).
      if (!child.connected) return base.kill();
      ask({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    load(key, starters, until, rate) {
      const reply = next('loaded');
      ask({ type: 'load', key, starters, until, rate });
      return reply;
    },
    async events() {
      const reply = next('events');
      ask({ type: 'events' });
      const { type: _type, ...events } = await reply;
      return events;
    },
  };
};

/** Kill every node still running and remove their work folders. */
export const killAllNodes = async (): Promise<void> => {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          if (!child.kill('SIGKILL')) resolve();
        }),
    ),
  );
  await Promise.all([...folders].map((folder) => rm(folder, { recursive: true, force: true })));
  folders.clear();
};
