/**
 * `weir cluster --nodes N [--https] [--nginx PATH] [config flags]`: a cluster on one machine,
 * for trying things out. N `weir start` processes on 127.0.0.1, ports server.port+1 ... +N,
 * all on the PostgreSQL of `DATABASE_URL` (or --database.url); nginx in front on server.port,
 * configured from deploy/nginx/weir-http.conf (or weir-https.conf with a fresh self-signed
 * certificate, HTTPS on server.port and the redirecting plain-HTTP port on server.port+N+1).
 * Ctrl-C or SIGTERM stops nginx, then the nodes (gracefully), then removes the temp folder.
 *
 * The children run in their own process groups, so the terminal's Ctrl-C reaches this process
 * only and the shutdown keeps its order; a node that got SIGINT straight from the terminal and
 * then our SIGTERM would take the second signal as "exit now".
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config/index.ts';
import { openDatabase } from '../persistence/open-database.ts';
import { findNginx, startNginx } from '../cluster/nginx-process.ts';
import type { NginxProcess } from '../cluster/nginx-process.ts';
import { renderNginxConfig } from '../cluster/nginx-config.ts';
import type { CliIo } from './main.ts';
import { portsInUse, waitForHealthThrough } from './cluster-checks.ts';

const weirBin = fileURLToPath(new URL('../../bin/weir.ts', import.meta.url));
const makeCertificate = fileURLToPath(new URL('../../deploy/tls/make-self-signed.sh', import.meta.url));

/** Enough for any one machine; a typo such as `--nodes 300` should not fork 300 processes. */
const MAX_NODES = 16;
/** A node boots in a few seconds; on a loaded laptop with migrations to run, give it a minute. */
const NODE_BOOT_TIMEOUT_MS = 60_000;

interface ClusterArgs {
  readonly nodes: number;
  readonly https: boolean;
  readonly nginx?: string;
  /** Everything else: configuration flags, passed to every node. */
  readonly rest: string[];
}

/** Exit code 2 with a message: the command line or the machine is not set up for this. */
class UsageProblem extends Error {}

const parseClusterArgs = (argv: readonly string[]): ClusterArgs => {
  let nodes = 2;
  let https = false;
  let nginx: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new UsageProblem(`${flag} needs a value`);
      return next;
    };
    if (flag === '--nodes') {
      const text = value();
      nodes = Number(text);
      if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) {
        throw new UsageProblem(`--nodes must be a whole number from 1 to ${MAX_NODES}, not '${text}'`);
      }
    } else if (flag === '--https') {
      https = true;
    } else if (flag === '--nginx') {
      nginx = value();
    } else {
      rest.push(argv[i]);
    }
  }
  return { nodes, https, nginx, rest };
};

const waitForHealth = async (port: number, child: ChildProcess, name: string): Promise<void> => {
  const deadline = Date.now() + NODE_BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited while starting`);
    const health = await fetch(`http://127.0.0.1:${port}/actuator/health`).catch(() => undefined);
    if (health?.status === 200) return;
    await sleep(200);
  }
  throw new Error(`${name} did not answer on port ${port} within ${NODE_BOOT_TIMEOUT_MS / 1000} s`);
};

/** Each line of a child's output, prefixed with its name, so N interleaved logs stay readable. */
const relay = (stream: NodeJS.ReadableStream, prefix: string, write: (text: string) => void) => {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) write(`${prefix} ${line}`);
  });
};

const stopChild = (child: ChildProcess, timeoutMs = 25_000) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

export const runCluster = async (argv: readonly string[], io: CliIo): Promise<number> => {
  let args: ClusterArgs;
  try {
    args = parseClusterArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    io.stderr(`weir cluster: ${error.message}`);
    return 2;
  }
  const config = loadConfig({ argv: args.rest, env: io.env, cwd: io.cwd });
  const url = config.database.url;
  if (!url) {
    io.stderr(
      'weir cluster: the nodes of a cluster share one PostgreSQL; set DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/postgres). The embedded database serves one process only.',
    );
    return 2;
  }
  try {
    await (await openDatabase(config, { applicationName: 'weir cluster' })).close();
  } catch (error) {
    io.stderr(
      `weir cluster: ${error instanceof Error ? error.message : String(error)}; start PostgreSQL or fix DATABASE_URL`,
    );
    return 2;
  }
  const nginxBinary = findNginx(args.nginx);
  if (!nginxBinary) {
    io.stderr(
      args.nginx
        ? `weir cluster: no nginx at ${args.nginx}`
        : 'weir cluster: nginx is not installed (looked on PATH and in /usr/sbin, /usr/local/sbin); install it (apt-get install nginx, brew install nginx) or give its path with --nginx',
    );
    return 2;
  }

  const base = config.server.port;
  const nodePorts = Array.from({ length: args.nodes }, (_, i) => base + 1 + i);
  const redirectPort = base + args.nodes + 1;
  const busy = await portsInUse('127.0.0.1', [base, ...nodePorts, ...(args.https ? [redirectPort] : [])]);
  if (busy.length > 0) {
    io.stderr(
      `weir cluster: port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} on 127.0.0.1 ${busy.length > 1 ? 'are' : 'is'} in use; the cluster needs ${base} to ${args.https ? redirectPort : base + args.nodes}: stop what uses ${busy.length > 1 ? 'them' : 'it'} or choose another --server.port`,
    );
    return 2;
  }
  const prefix = await mkdtemp(join(tmpdir(), 'weir-cluster-'));
  const nodes: ChildProcess[] = [];
  let nginx: NginxProcess | undefined;
  let stopping = false;
  const front = args.https ? `https://localhost:${base}` : `http://localhost:${base}`;

  const stopAll = async () => {
    stopping = true;
    await nginx?.stop();
    await Promise.all(nodes.map((child) => stopChild(child)));
    await rm(prefix, { recursive: true, force: true });
  };

  try {
    let tls: { certificate: string; certificateKey: string } | undefined;
    if (args.https) {
      const made = spawn('sh', [makeCertificate, join(prefix, 'tls')], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let error = '';
      made.stderr.setEncoding('utf8').on('data', (chunk: string) => (error += chunk));
      const code = await new Promise<number | null>((resolve) => made.once('close', resolve));
      if (code !== 0)
        throw new UsageProblem(`could not make a certificate: ${error.trim() || `exit ${code}`}`);
      tls = { certificate: join(prefix, 'tls', 'weir.crt'), certificateKey: join(prefix, 'tls', 'weir.key') };
    }

    // The nodes write to our pipes, so `auto` would make them log JSON; the person at this
    // terminal reads their relayed lines.
    const logFormat =
      config.logging.format === 'auto' && process.stdout.isTTY ? ['--logging.format=pretty'] : [];
    for (const [i, port] of nodePorts.entries()) {
      const child = spawn(
        process.execPath,
        [weirBin, 'start', ...args.rest, ...logFormat, `--server.port=${port}`, '--server.address=127.0.0.1'],
        { cwd: io.cwd, env: { ...io.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      );
      relay(child.stdout!, `[node-${i + 1}]`, io.stdout);
      relay(child.stderr!, `[node-${i + 1}]`, io.stderr);
      child.once('exit', (code, signal) => {
        if (!stopping)
          io.stderr(
            `weir cluster: node-${i + 1} exited (${signal ?? `code ${code}`}); the others keep serving`,
          );
      });
      nodes.push(child);
    }
    await Promise.all(nodePorts.map((port, i) => waitForHealth(port, nodes[i], `node-${i + 1}`)));

    const nginxConfig = renderNginxConfig({
      template: args.https ? 'https' : 'http',
      prefix,
      address: '127.0.0.1',
      httpPort: args.https ? redirectPort : base,
      httpsPort: args.https ? base : undefined,
      ...tls,
      upstreams: nodePorts.map((port) => `127.0.0.1:${port}`),
    });
    nginx = await startNginx({
      binary: nginxBinary,
      prefix,
      config: nginxConfig,
      ports: args.https ? [base, redirectPort] : [base],
      detached: true,
    });
    await waitForHealthThrough(`${args.https ? 'https' : 'http'}://127.0.0.1:${base}`, tls?.certificate);
  } catch (error) {
    await stopAll();
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`weir cluster: ${message}`);
    return error instanceof UsageProblem ? 2 : 1;
  }

  io.stdout(
    `Weir cluster is up: ${args.nodes} node(s) on ports ${nodePorts.join(', ')}, nginx at ${front}` +
      (args.https
        ? ` (http://localhost:${redirectPort} redirects; trust ${join(prefix, 'tls', 'weir.crt')})`
        : '') +
      '. Ctrl-C stops them all.',
  );

  const running = nginx;
  return new Promise<number>((resolve) => {
    const finish = (code: number) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void stopAll().then(() => {
        io.stdout('Weir cluster stopped');
        resolve(code);
      });
    };
    const onSignal = () => {
      if (!stopping) finish(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void running.exited.then((code) => {
      if (stopping) return;
      io.stderr(`weir cluster: nginx exited (code ${code}):\n${running.output().trim()}`);
      finish(1);
    });
  });
};
