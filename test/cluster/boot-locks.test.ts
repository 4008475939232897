import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { clonePostgresDatabase, createEmptyPostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, spawnNodeProcess } from '../helpers/node-process.ts';
import { fixture } from './harness.ts';

const scratch: ScratchDatabase[] = [];
const connections: Database[] = [];
const folders: ScratchFolder[] = [];
afterEach(cleanUpNodeProcesses);
afterAll(async () => {
  await Promise.all(connections.map((db) => db.close()));
  await Promise.all(scratch.map((database) => database.drop()));
  await Promise.all(folders.map((folder) => folder.remove()));
});

const connect = (database: ScratchDatabase) => {
  const db = openPostgresDatabase({ url: database.url, poolSize: 2 });
  connections.push(db);
  return db;
};

const processesFolder = async () => {
  const folder = await createTempFolder('weir-processes-');
  folders.push(folder);
  await mkdir(join(folder.path, 'processes'));
  for (const name of ['http-one-task.bpmn20.xml', 'user-task-approval.bpmn20.xml']) {
    await copyFile(fixture(name), join(folder.path, 'processes', name));
  }
  return join(folder.path, 'processes');
};

test(
  'three nodes booting together on an empty database with use-lock deploy the folder once: one deployment, one version per process',
  async () => {
    const database = await createEmptyPostgresDatabase();
    scratch.push(database);
    const path = await processesFolder();
    const args = [
      `--flowable.auto-deployment.path=${path}`,
      '--flowable.auto-deployment.use-lock=true',
      '--flowable.indexing.use-lock-for-index-mapping-creation=true',
    ];
    const spawned = await Promise.all(
      [1, 2, 3].map(() => spawnNodeProcess({ env: { DATABASE_URL: database.url }, args })),
    );
    const nodes = await Promise.all(spawned.map((node) => node.waitUntilUp()));
    for (const node of nodes) expect((await fetch(`${node.url}/actuator/health`)).status).toBe(200);

    const db = connect(database);
    const deployments = await db.query<{ name: string }>('SELECT name FROM weir_deployment');
    expect(deployments.rows).toEqual([{ name: 'weir-auto-deployment' }]);
    const definitions = await db.query<{ key: string; version: number }>(
      'SELECT key, version FROM weir_process_definition ORDER BY key',
    );
    expect(definitions.rows).toEqual([
      { key: 'approval', version: 1 },
      { key: 'httpOneTask', version: 1 },
    ]);
    // One node deployed; the others waited for the lock and found the deployment in place.
    const outputs = spawned.map((node) => node.stdout());
    expect(outputs.filter((out) => out.includes('Auto-deployment: deployed'))).toHaveLength(1);
    expect(outputs.filter((out) => out.includes('the models are unchanged'))).toHaveLength(2);
    const tables = await db.query(
      `SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'weir_search_document'`,
    );
    expect(tables.rows).toHaveLength(1);
    expect((await db.query('SELECT * FROM weir_lock')).rows).toEqual([]);
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'a node that cannot get the deployment lock within lock-wait-time exits non-zero, naming the lock and its holder',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const db = connect(database);
    await db.query(
      `INSERT INTO weir_lock (name, owner, owner_host, acquired_at, expires_at)
       VALUES ('flowableAutoDeploymentLock', 'deployer-7', 'build-host', now(), now() + interval '1 hour')`,
    );
    const node = await spawnNodeProcess({
      args: [
        `--database.url=${database.url}`,
        `--flowable.auto-deployment.path=${await processesFolder()}`,
        '--flowable.auto-deployment.use-lock=true',
        '--flowable.auto-deployment.lock-wait-time=PT2S',
      ],
    });
    const exit = await node.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toMatch(
      /Timed out after 2\.\d s waiting for cluster lock flowableAutoDeploymentLock: held by deployer-7 on build-host/,
    );
    expect((await db.query('SELECT 1 FROM weir_deployment')).rows).toEqual([]);
  },
  PROCESS_TEST_TIMEOUT,
);
