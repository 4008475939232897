import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { createTempFolder } from '../helpers/database.ts';
import type { ScratchFolder } from '../helpers/database.ts';
import { cleanUpNodeProcesses, startNodeProcess, PROCESS_TEST_TIMEOUT } from '../helpers/node-process.ts';
import { openEmbeddedDatabase } from '../../src/persistence/embedded.ts';
import type { Database } from '../../src/persistence/database.ts';

const folders: ScratchFolder[] = [];
afterEach(cleanUpNodeProcesses);
afterAll(() => Promise.all(folders.map((folder) => folder.remove())));

/** Open the stopped node's data folder in this process, as a later boot would. */
const withDataFolder = async <T>(path: string, work: (db: Database) => Promise<T>) => {
  const db = await openEmbeddedDatabase({ path });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
};

test(
  'on a fresh folder the node creates its database in ./data, and a restart keeps the data',
  async () => {
    // The path of `npm ci && npm start` on a fresh clone: no data folder yet, default settings.
    const folder = await createTempFolder();
    folders.push(folder);
    const dataPath = join(folder.path, 'data');
    const first = await startNodeProcess({ cwd: folder.path });
    expect(existsSync(join(dataPath, 'weir.lock'))).toBe(true);
    expect((await first.stop('SIGTERM')).code).toBe(0);
    expect(existsSync(join(dataPath, 'weir.lock'))).toBe(false);

    const before = await withDataFolder(dataPath, async (db) => {
      await db.exec(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written before the restart');`);
      return (await db.query('SELECT id, applied_at FROM weir_migration ORDER BY id')).rows;
    });

    const second = await startNodeProcess({ cwd: folder.path });
    expect((await second.stop('SIGTERM')).code).toBe(0);

    await withDataFolder(dataPath, async (db) => {
      expect((await db.query('SELECT note FROM kept')).rows).toEqual([
        { note: 'written before the restart' },
      ]);
      // Not migrated a second time.
      expect((await db.query('SELECT id, applied_at FROM weir_migration ORDER BY id')).rows).toEqual(before);
    });
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'the first boot with nothing configured creates admin, prints its password once, and that password opens the API',
  async () => {
    const folder = await createTempFolder();
    folders.push(folder);
    const first = await startNodeProcess({ cwd: folder.path });
    const printed = /created the user 'admin' with the password (\S+)/.exec(first.stdout());
    expect(printed, first.stdout()).not.toBeNull();
    const password = printed![1];
    const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
    const ok = await fetch(`${first.url}/process-api/repository/deployments`, {
      headers: { authorization: auth },
    });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${first.url}/process-api/repository/deployments`, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect((await first.stop('SIGTERM')).code).toBe(0);
    const second = await startNodeProcess({ cwd: folder.path });
    expect(second.stdout()).not.toMatch(/created the user 'admin'/);
    expect((await second.stop('SIGTERM')).code).toBe(0);
  },
  PROCESS_TEST_TIMEOUT,
);
