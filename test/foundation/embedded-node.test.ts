import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { copyEmbeddedDataFolder } from '../helpers/database.ts';
import type { ScratchFolder } from '../helpers/database.ts';
import {
  cleanUpNodeProcesses,
  runWeir,
  startNodeProcess,
  PROCESS_TEST_TIMEOUT,
} from '../helpers/node-process.ts';

const folders: ScratchFolder[] = [];
afterEach(cleanUpNodeProcesses);
afterAll(() => Promise.all(folders.map((folder) => folder.remove())));

test(
  'a second node on the same data folder fails at once with a clear message, and the first keeps working',
  async () => {
    const folder = await copyEmbeddedDataFolder();
    folders.push(folder);
    const first = await startNodeProcess({ cwd: folder.path });

    const started = Date.now();
    const second = await runWeir('start', { cwd: folder.path, args: ['--server.port=0'] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `weir: Data folder ./data is in use by another Weir process (pid ${first.pid}); a second node needs PostgreSQL (set database.url)\n`,
    );

    expect((await fetch(`${first.url}/actuator/health`)).status).toBe(200);
    expect((await first.stop('SIGTERM')).code).toBe(0);
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'the lock file of a killed node is taken over by the next one',
  async () => {
    const folder = await copyEmbeddedDataFolder();
    folders.push(folder);
    const killed = await startNodeProcess({ cwd: folder.path });
    await killed.stop('SIGKILL');
    expect(existsSync(join(folder.dataPath, 'weir.lock'))).toBe(true);

    const next = await startNodeProcess({ cwd: folder.path });
    expect((await fetch(`${next.url}/actuator/health`)).status).toBe(200);
    expect((await next.stop('SIGTERM')).code).toBe(0);
  },
  PROCESS_TEST_TIMEOUT,
);
