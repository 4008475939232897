/**
 * Real `weir` processes for cluster and CLI tests: `node bin/weir.ts start ...` in its own
 * working directory, on a free port (`--server.port=0`; the port is read from the startup
 * log line), with a short heartbeat so heartbeat assertions do not wait long. Output is
 * captured for assertions and for the failure message when a node does not come up.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTempFolder } from './database.ts';
import type { ScratchFolder } from './database.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const weirBin = `${repoRoot}bin/weir.ts`;
/** The repository's Node 24 (the `node` dev dependency), whatever `node` is on the PATH. */
const nodeBin = existsSync(`${repoRoot}node_modules/.bin/node`)
  ? `${repoRoot}node_modules/.bin/node`
  : process.execPath;

/** Ours (and other software's) configuration variables: a test states the ones it wants. */
const CONFIG_ENV = /^(WEIR|FLOWABLE|SERVER|DATABASE|SPRING|LOGGING)_/;

/** Before the test's own flags, so a test can override any of them. */
const DEFAULT_FLAGS = [
  '--server.port=0',
  '--server.address=127.0.0.1',
  '--logging.level=info',
  '--weir.heartbeat-interval=PT0.2S',
  '--weir.node-stale-after=PT2S',
  // The test PostgreSQL is shared by every test file running at once: keep each node small.
  '--database.pool-size=4',
];

/**
 * For tests that start node processes: a boot costs a couple of CPU-seconds (loading the code,
 * PGlite's WebAssembly, crash recovery after a SIGKILL), and on a busy two-core machine a test
 * starting several can take far longer than the default 30 s without anything being wrong.
 */
export const PROCESS_TEST_TIMEOUT = 90_000;

export interface ExitResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NodeProcessOptions {
  /** Flags after the subcommand, e.g. `--database.url=...`. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory; a fresh temporary folder by default. */
  readonly cwd?: string;
}

export interface NodeProcess {
  readonly pid: number;
  readonly cwd: string;
  readonly exited: Promise<ExitResult>;
  stdout(): string;
  stderr(): string;
  /** Resolves once the node logged its startup line and answers health with 200. */
  waitUntilUp(timeoutMs?: number): Promise<{ url: string; port: number; nodeId: string }>;
  /** Send a signal and wait for the exit; SIGKILL if it has not exited within `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitResult>;
}

const running = new Set<ChildProcess>();
const folders: ScratchFolder[] = [];

const childEnv = (extra: Readonly<Record<string, string>> = {}) => {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !CONFIG_ENV.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
};

const spawnWeir = async (command: string, options: NodeProcessOptions, flags: readonly string[]) => {
  let cwd = options.cwd;
  if (!cwd) {
    const folder = await createTempFolder('weir-node-');
    folders.push(folder);
    cwd = folder.path;
  }
  const child = spawn(nodeBin, [weirBin, command, ...flags, ...(options.args ?? [])], {
    cwd,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.on('exit', () => running.delete(child));
  // 'close' comes after 'exit', once the output streams are drained.
  const exited = new Promise<ExitResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, cwd, exited, stdout: () => stdout, stderr: () => stderr };
};

/** Run a `weir` command to completion (`version`, `migrate`, a `start` that must fail). */
export const runWeir = async (
  command: string,
  options: NodeProcessOptions & { readonly timeoutMs?: number } = {},
): Promise<ExitResult> => {
  const started = await spawnWeir(command, options, []);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  try {
    return await started.exited;
  } finally {
    clearTimeout(timer);
  }
};

const startupLine = (stdout: string): { url: string; nodeId: string } | undefined => {
  for (const line of stdout.split('\n')) {
    if (!line.includes('"nodeId"') || !line.includes('"url"')) continue;
    try {
      const entry = JSON.parse(line) as { url?: string; nodeId?: string };
      if (entry.url && entry.nodeId) return { url: entry.url, nodeId: entry.nodeId };
    } catch {
      // Not a log line of ours.
    }
  }
  return undefined;
};

/** Start `weir start` without waiting for it to come up. */
export const spawnNodeProcess = async (options: NodeProcessOptions = {}): Promise<NodeProcess> => {
  const started = await spawnWeir('start', options, DEFAULT_FLAGS);
  let exit: ExitResult | undefined;
  void started.exited.then((result) => (exit = result));
  const describe = () => `stdout:\n${started.stdout()}\nstderr:\n${started.stderr()}`;

  return {
    pid: started.child.pid ?? 0,
    cwd: started.cwd,
    exited: started.exited,
    stdout: started.stdout,
    stderr: started.stderr,
    async waitUntilUp(timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exit) throw new Error(`The node exited (code ${exit.code}) before it came up\n${describe()}`);
        const up = startupLine(started.stdout());
        if (up) {
          const health = await fetch(`${up.url}/actuator/health`).catch(() => undefined);
          if (health?.status === 200) return { ...up, port: Number(new URL(up.url).port) };
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`The node did not come up within ${timeoutMs} ms\n${describe()}`);
    },
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (exit) return exit;
      started.child.kill(signal);
      const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
      try {
        return await started.exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
};

/** Start `weir start` and wait until it answers health. */
export const startNodeProcess = async (
  options: NodeProcessOptions = {},
): Promise<NodeProcess & { readonly url: string; readonly port: number; readonly nodeId: string }> => {
  const node = await spawnNodeProcess(options);
  try {
    return Object.assign(node, await node.waitUntilUp());
  } catch (error) {
    await node.stop('SIGKILL');
    throw error;
  }
};

/**
 * SIGKILL every process still running and delete the working folders made for them; for
 * `afterAll`, so a failed test leaks no process.
 */
export const cleanUpNodeProcesses = async (): Promise<void> => {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          if (!child.kill('SIGKILL')) resolve();
        }),
    ),
  );
  await Promise.all(folders.splice(0).map((folder) => folder.remove()));
};
