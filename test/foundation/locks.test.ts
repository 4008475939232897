import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clonePostgresDatabase, forEachDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { acquireLock, extendLock, releaseLock, tryAcquireLock, withLock } from '../../src/cluster/locks.ts';

const nodeA = { id: 'node-a', host: 'host-a' };
const nodeB = { id: 'node-b', host: 'host-b' };
const LONG = 60_000;

const holderOf = async (db: Database, name: string) =>
  (await db.query<{ owner: string }>('SELECT owner FROM weir_lock WHERE name = $1', [name])).rows[0]?.owner;

describe('several connections racing for one lock', () => {
  let database: ScratchDatabase;
  const connections: Database[] = [];

  beforeAll(async () => {
    database = await clonePostgresDatabase();
    // One pool per contender, one connection each: like separate nodes.
    for (let i = 0; i < 6; i++) connections.push(openPostgresDatabase({ url: database.url, poolSize: 1 }));
  });
  afterAll(async () => {
    await Promise.all(connections.map((db) => db.close()));
    await database.drop();
  });

  test('exactly one holds it at any time, and every one gets its turn', async () => {
    let holding = 0;
    let mostAtOnce = 0;
    const turns: string[] = [];
    await Promise.all(
      connections.map(async (db, i) => {
        const owner = { id: `node-${i}`, host: 'racer' };
        for (let round = 0; round < 4; round++) {
          await acquireLock(db, 'race', owner, { lease: LONG, waitUntil: Date.now() + 20_000 });
          holding++;
          mostAtOnce = Math.max(mostAtOnce, holding);
          expect(await holderOf(db, 'race')).toBe(owner.id);
          await sleep(5 + Math.random() * 10);
          holding--;
          turns.push(owner.id);
          expect(await releaseLock(db, 'race', owner)).toBe(true);
        }
      }),
    );
    expect(mostAtOnce).toBe(1);
    expect(turns).toHaveLength(24);
  });

  test('of many simultaneous tries on a free lock, exactly one succeeds', async () => {
    const results = await Promise.all(
      connections.map((db, i) => tryAcquireLock(db, 'simultaneous', { id: `node-${i}` }, { lease: LONG })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

forEachDatabase((db) => {
  test('a lock whose lease ran out is taken over, and its old holder can no longer extend or release it', async () => {
    expect(await tryAcquireLock(db(), 'expiring', nodeA, { lease: 1_000 })).toBe(true);
    expect(await tryAcquireLock(db(), 'expiring', nodeB, { lease: LONG })).toBe(false);
    await sleep(1_100);
    expect(await tryAcquireLock(db(), 'expiring', nodeB, { lease: LONG })).toBe(true);
    expect(await holderOf(db(), 'expiring')).toBe('node-b');
    expect(await extendLock(db(), 'expiring', nodeA, LONG)).toBe(false);
    expect(await releaseLock(db(), 'expiring', nodeA)).toBe(false);
    expect(await holderOf(db(), 'expiring')).toBe('node-b');
  });

  test('a waiter times out with the lock, its holder and how long it waited', async () => {
    await tryAcquireLock(db(), 'busy', nodeA, { lease: LONG });
    const started = Date.now();
    const waiting = acquireLock(db(), 'busy', nodeB, { lease: LONG, waitUntil: Date.now() + 300 });
    await expect(waiting).rejects.toMatchObject({
      code: 'WEIR_LOCK_TIMEOUT',
      message: expect.stringMatching(
        /^Timed out after 0\.\d s waiting for cluster lock busy: held by node-a on host-a for \d+\.\d s, its lease ends in \d+\.\d s$/,
      ),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  test('a waiter gets the lock soon after its holder releases it', async () => {
    await tryAcquireLock(db(), 'handover', nodeA, { lease: LONG });
    const waiting = acquireLock(db(), 'handover', nodeB, { lease: LONG, waitUntil: Date.now() + 10_000 });
    await sleep(200);
    await releaseLock(db(), 'handover', nodeA);
    const released = Date.now();
    await waiting;
    expect(Date.now() - released).toBeLessThan(1_500);
    expect(await holderOf(db(), 'handover')).toBe('node-b');
  });

  test('a holder working longer than its lease keeps the lock, and releases it when done', async () => {
    const lease = 500;
    let stolen = false;
    await withLock(db(), 'long work', nodeA, { lease, waitUntil: Date.now() }, async (signal) => {
      for (let i = 0; i < 6; i++) {
        await sleep(lease / 2);
        stolen ||= await tryAcquireLock(db(), 'long work', nodeB, { lease: LONG });
      }
      expect(signal.aborted).toBe(false);
    });
    expect(stolen).toBe(false);
    expect(await holderOf(db(), 'long work')).toBeUndefined();
  });

  test('a holder whose lock is taken over is told through its abort signal', async () => {
    const lease = 150;
    const seen = await withLock(db(), 'lost', nodeA, { lease, waitUntil: Date.now() }, async (signal) => {
      // Someone (an operator, a clock jump) hands the lock to another node behind A's back.
      await db().query(`UPDATE weir_lock SET owner = 'node-b' WHERE name = 'lost'`);
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return signal.reason as Error;
    });
    expect(seen).toMatchObject({ code: 'WEIR_LOCK_LOST' });
    expect(await holderOf(db(), 'lost')).toBe('node-b');
  });
});
