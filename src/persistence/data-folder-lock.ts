/**
 * PGlite is PostgreSQL inside one process: two processes opening the same data folder would
 * each believe they own the files and corrupt them. The lock file `<folder>/weir.lock`
 * holds the pid of the process that has the folder open.
 *
 * - Created with `wx` (fails when it exists), so of two processes starting together one wins.
 * - A lock whose pid is no longer running was left by a crash (or `kill -9`): it is taken
 *   over. Taking over is done while holding a second, short-lived file `weir.lock.takeover`,
 *   and only if the lock still names the dead pid, so two processes that both found the same
 *   stale lock cannot both end up holding the folder.
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WeirError } from '../errors.ts';

export interface DataFolderLock {
  release(): Promise<void>;
}

/** A lock file without a pid may be one whose owner is between creating and writing it. */
const UNWRITTEN_GRACE_MS = 2_000;
/** A takeover takes microseconds; a token this old was left by a crash in the middle of one. */
const STALE_TOKEN_MS = 10_000;
const ATTEMPTS = 50;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

const createExclusive = async (path: string, content: string): Promise<boolean> => {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
};

const readIfPresent = (path: string) => readFile(path, 'utf8').catch(() => undefined);

const takeOverStale = async (lockPath: string, staleContent: string): Promise<void> => {
  const token = `${lockPath}.takeover`;
  if (!(await createExclusive(token, String(process.pid)))) {
    const age = await stat(token).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_TOKEN_MS) await unlink(token).catch(() => {});
    else await sleep(20);
    return;
  }
  try {
    // Only token holders delete a lock they do not own, so the content read here cannot
    // change before the unlink below.
    if ((await readIfPresent(lockPath)) === staleContent) await unlink(lockPath);
  } finally {
    await unlink(token).catch(() => {});
  }
};

export const lockDataFolder = async (folder: string, shownAs: string): Promise<DataFolderLock> => {
  const lockPath = join(folder, 'weir.lock');
  const ours = `${process.pid}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusive(lockPath, ours)) {
      return {
        async release() {
          if ((await readIfPresent(lockPath)) === ours) await unlink(lockPath).catch(() => {});
        },
      };
    }
    const content = await readIfPresent(lockPath);
    if (content === undefined) continue;
    const pid = Number.parseInt(content, 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new WeirError(
        'WEIR_DATA_FOLDER_LOCKED',
        `Data folder ${shownAs} is in use by another Weir process (pid ${pid}); a second node needs PostgreSQL (set database.url)`,
      );
    }
    if (Number.isNaN(pid)) {
      const age = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < UNWRITTEN_GRACE_MS) {
        await sleep(50);
        continue;
      }
    }
    await takeOverStale(lockPath, content);
  }
  throw new WeirError(
    'WEIR_DATA_FOLDER_LOCKED',
    `Data folder ${shownAs}: could not take its lock file ${lockPath}`,
  );
};
