import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, expect, test } from 'vitest';
import { clonePostgresDatabase, createEmptyPostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import {
  cleanUpNodeProcesses,
  spawnNodeProcess,
  startNodeProcess,
  PROCESS_TEST_TIMEOUT,
} from '../helpers/node-process.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { loadMigrations } from '../../src/persistence/migrate.ts';
import type { Database } from '../../src/persistence/database.ts';

const scratch: ScratchDatabase[] = [];
const connections: Database[] = [];
afterEach(cleanUpNodeProcesses);
afterAll(async () => {
  await Promise.all(connections.map((db) => db.close()));
  await Promise.all(scratch.map((database) => database.drop()));
});

const connect = (database: ScratchDatabase) => {
  const db = openPostgresDatabase({ url: database.url, poolSize: 2 });
  connections.push(db);
  return db;
};

interface NodeRowView {
  id: string;
  port: number;
  beatAgeMs: number;
}

const nodeRows = async (db: Database) =>
  (
    await db.query<NodeRowView>(
      `SELECT id, port, (extract(epoch FROM clock_timestamp() - last_beat_at) * 1000)::float8 AS "beatAgeMs"
       FROM weir_node ORDER BY id`,
    )
  ).rows;

test(
  'three nodes started together on one empty database migrate it once and all come up',
  async () => {
    const database = await createEmptyPostgresDatabase();
    scratch.push(database);
    const env = { DATABASE_URL: database.url };
    const spawned = await Promise.all([1, 2, 3].map(() => spawnNodeProcess({ env })));
    const nodes = await Promise.all(spawned.map((node) => node.waitUntilUp()));

    const db = connect(database);
    const migrations = await loadMigrations();
    const applied = await db.query<{ id: number; times: number }>(
      'SELECT id, count(*)::int AS times FROM weir_migration GROUP BY id ORDER BY id',
    );
    expect(applied.rows).toEqual(migrations.map((m) => ({ id: m.id, times: 1 })));

    for (const node of nodes) {
      const health = await fetch(`${node.url}/actuator/health`);
      expect(health.status).toBe(200);
    }

    // Registered, each with its real port, and beating: every 0.2 s, while the first beats were
    // written at boot, seconds ago.
    await sleep(500);
    const rows = await nodeRows(db);
    expect(rows.map((row) => [row.id, row.port])).toEqual(
      nodes.map((node) => [node.nodeId, node.port]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    for (const row of rows) expect(row.beatAgeMs).toBeLessThan(1_500);

    const exits = await Promise.all(spawned.map((node) => node.stop('SIGTERM')));
    expect(exits.map((exit) => exit.code)).toEqual([0, 0, 0]);
    expect(await nodeRows(db)).toEqual([]);
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'SIGTERM lets a node deregister and exit 0',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const node = await startNodeProcess({
      args: [`--database.url=${database.url}`, '--weir.node-id=leaving-node'],
    });
    const db = connect(database);
    expect((await nodeRows(db)).map((row) => row.id)).toEqual(['leaving-node']);

    const exit = await node.stop('SIGTERM');
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.stdout).toContain('"msg":"Weir node stopped"');
    expect(await nodeRows(db)).toEqual([]);
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'a node killed with SIGKILL leaves its row behind, and its heartbeat goes stale',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const node = await startNodeProcess({
      args: [`--database.url=${database.url}`, '--weir.node-id=crashing-node'],
    });
    const db = connect(database);
    await node.stop('SIGKILL');
    await sleep(600);
    const [row] = await nodeRows(db);
    expect(row.id).toBe('crashing-node');
    expect(row.beatAgeMs).toBeGreaterThan(500);
  },
  PROCESS_TEST_TIMEOUT,
);
