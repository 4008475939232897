import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import { AUTO_DEPLOYMENT_NAME, autoDeploy } from '../../src/cluster/auto-deploy.ts';
import type { AutoDeploySettings } from '../../src/cluster/auto-deploy.ts';
import { INDEX_MAPPING_LOCK, createIndexMappings } from '../../src/cluster/index-mappings.ts';
import { createTempFolder, openTestDatabase } from '../helpers/database.ts';
import type { ScratchFolder, TestDatabase } from '../helpers/database.ts';
import { fixture } from './harness.ts';

const invalid = (name: string) => fixture(`invalid/${name}`);

let database: TestDatabase;
let engine: Engine;
const folders: ScratchFolder[] = [];
const owner = { id: 'test-node', host: 'test-host' };

interface LogLine {
  level: 'info' | 'warn';
  message: string;
}
const logs: LogLine[] = [];
const log = {
  info: (_obj: object, message?: string) => logs.push({ level: 'info', message: message ?? '' }),
  warn: (_obj: object, message?: string) => logs.push({ level: 'warn', message: message ?? '' }),
};

beforeAll(async () => {
  database = await openTestDatabase('postgres');
  engine = new Engine({ db: database.db });
});
afterAll(async () => {
  await database?.close();
  await Promise.all(folders.map((folder) => folder.remove()));
});

/** A processes folder holding copies of the given files (`[source, name]`). */
const processesFolder = async (files: [string, string][]) => {
  const folder = await createTempFolder('weir-processes-');
  folders.push(folder);
  for (const [source, name] of files) {
    await mkdir(join(folder.path, name, '..'), { recursive: true });
    await copyFile(source, join(folder.path, name));
  }
  return folder.path;
};

const settings = (
  path: string,
  bpmn: Partial<AutoDeploySettings['engines']['bpmn']> = {},
): AutoDeploySettings => ({
  enabled: true,
  path,
  engines: {
    bpmn: {
      useLock: true,
      lockWaitTime: 5_000,
      throwExceptionOnDeploymentFailure: true,
      lockName: 'flowableAutoDeploymentLock',
      ...bpmn,
    },
  },
});

const deployWith = (path: string, bpmn: Partial<AutoDeploySettings['engines']['bpmn']> = {}) =>
  autoDeploy({ engine, db: database.db, owner, settings: settings(path, bpmn), log });

const versionsOf = async (key: string) =>
  (
    await database.db.query<{ version: number }>(
      'SELECT version FROM weir_process_definition WHERE key = $1 ORDER BY version',
      [key],
    )
  ).rows.map((row) => row.version);

describe('auto-deployment', () => {
  test('deploys the folder (subfolders too) as one named deployment; unchanged, it deploys nothing; changed, a new version', async () => {
    const path = await processesFolder([
      [fixture('http-one-task.bpmn20.xml'), 'one-task.bpmn20.xml'],
      [fixture('user-task-approval.bpmn20.xml'), 'sales/approval.bpmn'],
      [fixture('http-one-task.bpmn20.xml'), 'notes.txt'],
    ]);
    const first = await deployWith(path);
    expect(first.found).toEqual(['one-task.bpmn20.xml', 'sales/approval.bpmn']);
    expect(first.result).toMatchObject({ duplicate: false, deployment: { name: AUTO_DEPLOYMENT_NAME } });
    expect(await versionsOf('httpOneTask')).toEqual([1]);

    const again = await deployWith(path);
    expect(again.result).toMatchObject({ duplicate: true, deployment: { id: first.result?.deployment.id } });
    expect(await versionsOf('httpOneTask')).toEqual([1]);
    expect(logs.some((line) => line.message.includes('unchanged'))).toBe(true);

    const changed = (await readFile(join(path, 'one-task.bpmn20.xml'), 'utf8')).replace(
      'Approve order',
      'Approve the order',
    );
    await writeFile(join(path, 'one-task.bpmn20.xml'), changed);
    const third = await deployWith(path);
    expect(third.result?.duplicate).toBe(false);
    expect(await versionsOf('httpOneTask')).toEqual([1, 2]);
    // The lock is released after each run.
    expect((await database.db.query('SELECT * FROM weir_lock')).rows).toEqual([]);
  });

  test('a missing folder is nothing to do, and takes no lock', async () => {
    const outcome = await deployWith('/nonexistent/weir/processes');
    expect(outcome).toEqual({ found: [], skipped: [] });
  });

  test('with throw-exception-on-deployment-failure, a bad resource fails with the reason and deploys nothing', async () => {
    const path = await processesFolder([
      [fixture('multi-instance-parallel.bpmn20.xml'), 'good.bpmn20.xml'],
      [invalid('dangling-sequence-flow.bpmn20.xml'), 'dangling.bpmn20.xml'],
    ]);
    const failure = deployWith(path);
    await expect(failure).rejects.toMatchObject({ code: 'WEIR_DEPLOYMENT_INVALID' });
    await expect(failure).rejects.toThrow(/Auto-deployment from .* failed: .*dangling\.bpmn20\.xml/s);
    const { rows } = await database.db.query(
      `SELECT 1 FROM weir_process_definition WHERE resource_name IN ('good.bpmn20.xml', 'dangling.bpmn20.xml')`,
    );
    expect(rows).toEqual([]);
  });

  test('without it, bad resources are logged and skipped, and the good ones deployed', async () => {
    const path = await processesFolder([
      [fixture('multi-instance-sequential.bpmn20.xml'), 'good.bpmn20.xml'],
      [invalid('dangling-sequence-flow.bpmn20.xml'), 'dangling.bpmn20.xml'],
      [invalid('malformed-xml.bpmn20.xml'), 'broken.bpmn20.xml'],
    ]);
    const outcome = await deployWith(path, {
      throwExceptionOnDeploymentFailure: false,
      lockName: 'otherLock',
    });
    expect(outcome.skipped.sort()).toEqual(['broken.bpmn20.xml', 'dangling.bpmn20.xml']);
    expect(outcome.result?.definitions.map((d) => d.resourceName)).toEqual(['good.bpmn20.xml']);
    const warning = logs.find((line) => line.level === 'warn' && line.message.includes('skips'));
    expect(warning?.message).toContain('dangling.bpmn20.xml');
  });

  test('a node that cannot get the lock in time fails naming the lock and its holder', async () => {
    await database.db.query(
      `INSERT INTO weir_lock (name, owner, owner_host, acquired_at, expires_at)
       VALUES ('slowLock', 'node-elsewhere', 'far-host', now(), now() + interval '1 hour')`,
    );
    const path = await processesFolder([[fixture('http-one-task.bpmn20.xml'), 'one.bpmn20.xml']]);
    const started = Date.now();
    const failure = deployWith(path, { lockName: 'slowLock', lockWaitTime: 500 });
    await expect(failure).rejects.toMatchObject({ code: 'WEIR_LOCK_TIMEOUT' });
    await expect(failure).rejects.toThrow(/slowLock: held by node-elsewhere on far-host/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});

describe('index mappings', () => {
  const missingTables = async () =>
    (
      await database.db.query(
        `SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'weir_search_document'`,
      )
    ).rows.length === 0;

  test('are created at boot once, under the lock, and found in place afterwards', async () => {
    // The tables are made at boot, never by a migration: a freshly migrated database lacks them.
    expect(await missingTables()).toBe(true);
    const settings = { useLockForIndexMappingCreation: true, mappingSchemaLockWaitTime: 5_000 };
    const created = await Promise.all(
      [1, 2, 3].map((n) => createIndexMappings(database.db, { id: `node-${n}` }, settings, log)),
    );
    expect(created.flat()).toEqual(['weir_search_document', 'weir_search_variable']);
    expect(await missingTables()).toBe(false);
    expect(await createIndexMappings(database.db, owner, settings, log)).toEqual([]);

    await database.db.query(
      `INSERT INTO weir_search_document (kind, id, title, body) VALUES ('task', '1', 'Approve', to_tsvector('simple', 'approve the order'))`,
    );
    const { rows } = await database.db.query(
      `SELECT id FROM weir_search_document WHERE body @@ to_tsquery('simple', 'order')`,
    );
    expect(rows).toEqual([{ id: '1' }]);
  });

  test('wait for the index-mapping lock at most mapping-schema-lock-wait-time', async () => {
    await database.db.query('DROP TABLE weir_search_document');
    await database.db.query(
      `INSERT INTO weir_lock (name, owner, acquired_at, expires_at)
       VALUES ($1, 'indexer', now(), now() + interval '1 hour')`,
      [INDEX_MAPPING_LOCK],
    );
    const settings = { useLockForIndexMappingCreation: true, mappingSchemaLockWaitTime: 300 };
    await expect(createIndexMappings(database.db, owner, settings, log)).rejects.toThrow(
      /flowableIndexMappingLock: held by indexer/,
    );
    // Without the lock setting, the tables are created all the same (safely: see search-index-sql.ts).
    const unlocked = { useLockForIndexMappingCreation: false, mappingSchemaLockWaitTime: 300 };
    expect(await createIndexMappings(database.db, owner, unlocked, log)).toEqual(['weir_search_document']);
  });
});
