/**
 * Outside services for the HA harness (etcd, Patroni, HAProxy): each started from a config
 * file rendered from `deploy/ha/`, in a process group of its own so that one SIGKILL of the
 * group ends it and everything it started, with its output in a log file for failure messages.
 *
 * PostgreSQL refuses to run as root, so as root Patroni (and etcd, which shares its folders)
 * runs as the `postgres` user through `runuser`; the folders they write are chowned to it.
 * Every group still running when this process exits is killed then, so a crashed test run
 * leaves no server behind on the machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chown, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const deployFolder = fileURLToPath(new URL('../../deploy/ha/', import.meta.url));

const asRoot = process.getuid?.() === 0;

/** Fill `{{NAME}}` placeholders; a placeholder left without a value is a harness bug. */
export const renderTemplate = async (
  template: string,
  values: Readonly<Record<string, string | number>>,
): Promise<string> => {
  const text = await readFile(`${deployFolder}${template}`, 'utf8');
  const rendered = text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
  const missing = rendered.match(/\{\{[A-Z0-9_]+\}\}/g);
  if (missing) throw new Error(`deploy/ha/${template}: no value for ${[...new Set(missing)].join(', ')}`);
  return rendered;
};

/** The user the database services run as, and its ids for chown. */
const serviceUser = (() => {
  let ids: { uid: number; gid: number } | undefined;
  return () => {
    ids ??= asRoot
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
          gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
        }
      : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    return ids;
  };
})();

/** Write a file the services may read (and a folder they may write to). */
export const writeServiceFile = async (path: string, text: string, mode = 0o600): Promise<void> => {
  await writeFile(path, text, { mode });
  if (asRoot) await chown(path, serviceUser().uid, serviceUser().gid);
};

export const handFolderToServices = async (path: string): Promise<void> => {
  if (asRoot) await chown(path, serviceUser().uid, serviceUser().gid);
};

/** The newest PostgreSQL server binaries installed (Debian: /usr/lib/postgresql/<major>/bin). */
export const postgresBinFolder = (): string => {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries in /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
};

export interface Service {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Whether the process is still running. */
  running(): boolean;
  /** The last `chars` of its log. */
  log(chars?: number): string;
}

const groups = new Set<number>();

/** SIGKILL a process group; gone already is fine. */
export const killGroup = (pgid: number): void => {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // The group has no process left.
  }
  groups.delete(pgid);
};

const exitCleanups = new Set<() => void>();

/** Run `cleanup` (synchronous) if this process exits first; the returned function forgets it. */
export const cleanUpAtExit = (cleanup: () => void): (() => void) => {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
};

process.once('exit', () => {
  for (const cleanup of exitCleanups) cleanup();
  for (const pgid of groups) killGroup(pgid);
});

const tail = (file: string, chars: number) => {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
};

/**
 * Start `command` in a new process group, as the service user when `asServiceUser` (and this
 * process is root), with stdout and stderr appended to `logFile`.
 */
export const startService = (
  name: string,
  command: string,
  args: readonly string[],
  logFile: string,
  asServiceUser: boolean,
): Service => {
  const [file, argv] =
    asServiceUser && asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
  const out = openSync(logFile, 'a');
  const child = spawn(file, argv, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${name} (${command})`);
  groups.add(pid);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  child.unref();
  return { name, pid, logFile, running: () => !exited, log: (chars = 4000) => tail(logFile, chars) };
};

/** The process group of a process (field 5 of /proc/<pid>/stat), or undefined once it is gone. */
export const processGroupOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
};

/**
 * SIGKILL the PostgreSQL server of a data folder, by its postmaster.pid: the postmaster's
 * process group with its backends (Patroni starts it in a session of its own, out of reach of
 * Patroni's group). A pid file left by a server that is gone is ignored, so a reused pid is safe.
 */
export const killPostmaster = (dataDir: string): void => {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!(pid > 0) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return;
  } catch {
    return;
  }
  const group = processGroupOf(pid);
  if (group !== undefined && group > 1 && group !== processGroupOf(process.pid)) killGroup(group);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone with its group.
  }
};
