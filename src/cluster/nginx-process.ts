/**
 * nginx as a child process in the foreground (`-g 'daemon off;'`), with everything under a
 * prefix folder, for `weir cluster` and the cluster tests. Stopping sends SIGQUIT (finish the
 * open requests, then exit), then SIGKILL if it lingers.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Distributions install nginx in an sbin folder, which is often not on a normal user's PATH. */
const SBIN_FOLDERS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', '/opt/homebrew/bin'];

/** The nginx binary: `explicit` if given, else from PATH or the usual sbin folders; undefined if none. */
export const findNginx = (explicit?: string, path: string = process.env.PATH ?? ''): string | undefined => {
  const candidates = explicit
    ? [explicit]
    : [...path.split(delimiter).filter(Boolean), ...SBIN_FOLDERS].map((dir) => join(dir, 'nginx'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
};

export interface NginxProcess {
  readonly pid: number;
  /** Resolves with the exit code when nginx exits, for whatever reason. */
  readonly exited: Promise<number | null>;
  /** nginx's own messages so far (stderr and the error log are where it explains a failure). */
  output(): string;
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartNginxOptions {
  readonly binary: string;
  readonly prefix: string;
  /** The whole configuration (see `renderNginxConfig`). */
  readonly config: string;
  /** Ports on 127.0.0.1 that must accept connections before nginx counts as up. */
  readonly ports: readonly number[];
  readonly address?: string;
  readonly timeoutMs?: number;
  /** Its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it in order. */
  readonly detached?: boolean;
}

const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export const startNginx = async (options: StartNginxOptions): Promise<NginxProcess> => {
  const { prefix } = options;
  await mkdir(join(prefix, 'logs'), { recursive: true });
  await mkdir(join(prefix, 'temp'), { recursive: true });
  // Workers run as an unprivileged user when nginx starts as root; they must reach the temp
  // folders under the prefix (made 0700 by mkdtemp).
  await chmod(prefix, 0o755);
  const configFile = join(prefix, 'nginx.conf');
  await writeFile(configFile, options.config);
  const child = spawn(
    options.binary,
    ['-p', prefix, '-e', join(prefix, 'logs', 'error.log'), '-c', configFile, '-g', 'daemon off;'],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      output += `${error.message}\n`;
      exitCode = null;
      resolve(null);
    });
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });

  const nginx: NginxProcess = {
    pid: child.pid ?? 0,
    exited,
    output: () => output,
    async stop(timeoutMs = 10_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const host = options.address ?? '127.0.0.1';
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`nginx exited (code ${exitCode}) at start:\n${output.trim()}`);
    const up = await Promise.all(options.ports.map((port) => accepts(host, port)));
    if (up.every(Boolean)) return nginx;
    if (Date.now() > deadline) {
      await nginx.stop(1_000);
      throw new Error(`nginx did not listen on ${options.ports.join(', ')} in time:\n${output.trim()}`);
    }
    await sleep(50);
  }
};
