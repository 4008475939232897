/**
 * The dead-node sweep's two rules, on a real PostgreSQL: a node whose heartbeat is older than
 * the staleness limit is dead whatever it holds; a node whose heartbeat is older than the
 * fence point is dead sooner, but only once none of its database sessions is left (a killed
 * process's connections end with it). A node that is late but still connected keeps its jobs
 * until the staleness limit: it may be in the middle of running one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/persistence/database.ts';
import { releaseLocksOfDeadNodes } from '../../src/persistence/jobs-sql.ts';
import { nodeApplicationName } from '../../src/persistence/nodes-sql.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

const STALE = 10_000;
const FENCED = 3_000;

let t: TestDatabase;
let db: Database;
beforeAll(async () => {
  t = await openTestDatabase('postgres');
  db = t.db;
});
afterAll(() => t.close());

/** A node row whose last heartbeat was `ageMs` ago, holding one locked job. */
const nodeHolding = async (nodeId: string, ageMs: number): Promise<string> => {
  await db.query(
    `INSERT INTO weir_node (id, host, port, version, started_at, last_beat_at, stats)
     VALUES ($1, 'host', 8080, 'test', now(), clock_timestamp() - $2::double precision * interval '1 millisecond', '{}')`,
    [nodeId, ageMs],
  );
  const jobId = `job-of-${nodeId}`;
  await db.query(
    `INSERT INTO weir_job (id, state, handler, due_at, lock_owner, lock_expires_at, created_at)
     VALUES ($1, 'executable', 'async-continuation', now(), $2, now() + interval '1 hour', now())`,
    [jobId, nodeId],
  );
  return jobId;
};

const sweep = async () =>
  (await releaseLocksOfDeadNodes(db, 'sweeper', STALE, FENCED, 100)).map((lock) => lock.owner).sort();

describe('the dead-node sweep', () => {
  it('releases a node past the fence point with no session left, and keeps a connected one until it is stale', async () => {
    await nodeHolding('killed', 4_000);
    await nodeHolding('connected', 4_000);
    await nodeHolding('beating', 500);
    await nodeHolding('stale-connected', 12_000);
    // the connected nodes' own connections, named as a node names them
    const sessions = ['connected', 'stale-connected'].map((id) =>
      openPostgresDatabase({ url: t.url!, poolSize: 1, applicationName: nodeApplicationName(id) }),
    );
    try {
      for (const session of sessions) await session.query('SELECT 1');
      expect(await sweep()).toEqual(['killed', 'stale-connected']);
      const { rows } = await db.query<{ id: string; owner: string | null }>(
        `SELECT id, lock_owner AS owner FROM weir_job`,
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, row.owner]))).toEqual({
        'job-of-killed': null,
        'job-of-connected': 'connected',
        'job-of-beating': 'beating',
        'job-of-stale-connected': null,
      });
    } finally {
      for (const session of sessions) await session.close();
    }
  });

  it('releases the late node once its last session ends', async () => {
    // 'connected' from the case before: its session is closed now
    const ended = async () =>
      (
        await db.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [
          nodeApplicationName('connected'),
        ])
      ).rows.length === 0;
    for (let i = 0; i < 50 && !(await ended()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await sweep()).toEqual(['connected']);
  });
});
