import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { forEachDatabase, openTestDatabase, withAdmin } from '../helpers/database.ts';
import { openDatabase } from '../../src/persistence/open-database.ts';
import { openEmbeddedDatabase } from '../../src/persistence/embedded.ts';
import type { Database } from '../../src/persistence/database.ts';
import { prepared } from '../../src/persistence/prepared.ts';

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
};

const count = async (db: Database, label: string) =>
  (await db.query<{ n: number }>('SELECT count(*) AS n FROM test_item WHERE label = $1', [label])).rows[0].n;

forEachDatabase((db, kind) => {
  beforeAll(async () => {
    await db().exec('CREATE TABLE test_item (id serial PRIMARY KEY, label text NOT NULL, size bigint);');
  });

  test('a query binds its parameters and returns typed rows, bigint as a number', async () => {
    const { rows, rowCount } = await db().query<{ id: number; label: string; size: number }>(
      'INSERT INTO test_item (label, size) VALUES ($1, $2), ($3, $4) RETURNING id, label, size',
      ['first', 7, 'second', 9_007_199_254_740_991],
    );
    expect(rowCount).toBe(2);
    expect(rows.map((row) => [row.label, row.size])).toEqual([
      ['first', 7],
      ['second', 9_007_199_254_740_991],
    ]);
    expect(await count(db(), 'first')).toBe(1);
  });

  test('an update reports how many rows it changed', async () => {
    const { rowCount } = await db().query(`UPDATE test_item SET size = 1 WHERE label IN ('first', 'second')`);
    expect(rowCount).toBe(2);
  });

  test('a transaction commits its writes together and then runs its after-commit callbacks', async () => {
    const events: string[] = [];
    await db().transaction(async (tx) => {
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['committed']);
      tx.afterCommit(() => events.push('after commit'));
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['committed']);
      events.push('work done');
    });
    expect(events).toEqual(['work done', 'after commit']);
    expect(await count(db(), 'committed')).toBe(2);
  });

  test('a transaction that throws leaves nothing behind and runs no after-commit callback', async () => {
    let called = false;
    const failing = db().transaction(async (tx) => {
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['rolled back']);
      tx.afterCommit(() => (called = true));
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(called).toBe(false);
    expect(await count(db(), 'rolled back')).toBe(0);
  });

  test('a failing statement rolls the whole transaction back', async () => {
    const failing = db().transaction(async (tx) => {
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['half done']);
      await tx.query('INSERT INTO test_item (label) VALUES (NULL)');
    });
    await expect(failing).rejects.toThrow(/null value/);
    expect(await count(db(), 'half done')).toBe(0);
  });

  test('a last statement that fails leaves nothing of its transaction, though its COMMIT went with it', async () => {
    const failing = db().transaction(async (tx) => {
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['before the last']);
      await tx.queryLast('INSERT INTO test_item (label) VALUES (NULL)');
    });
    await expect(failing).rejects.toThrow(/null value/);
    expect(await count(db(), 'before the last')).toBe(0);
    // the connection went back clean: the next transaction commits as usual
    await db().transaction(async (tx) => {
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['after the failure']);
      await tx.queryLast('INSERT INTO test_item (label) VALUES ($1)', ['after the failure']);
    });
    expect(await count(db(), 'after the failure')).toBe(2);
  });

  test('nothing may follow the last statement of a transaction', async () => {
    const misuse = db().transaction(async (tx) => {
      await tx.query('INSERT INTO test_item (label) VALUES ($1)', ['misuse']);
      await tx.queryLast('INSERT INTO test_item (label) VALUES ($1)', ['misuse']);
      await tx.query('SELECT 1');
    });
    if (kind === 'postgres') {
      // the COMMIT went with the last statement: its writes stand, the statement after is refused
      await expect(misuse).rejects.toThrow(/queryLast must be the last statement/);
      expect(await count(db(), 'misuse')).toBe(2);
    } else {
      await expect(misuse).resolves.toBeUndefined();
    }
  });

  test('statements sent in order run in order, each one seeing what the one before wrote', async () => {
    const results = await db().transaction((tx) =>
      tx.queryInOrder([
        { sql: 'INSERT INTO test_item (label) VALUES ($1)', params: ['in order'] },
        { sql: 'SELECT count(*) AS n FROM test_item WHERE label = $1', params: ['in order'] },
      ]),
    );
    expect(results[1].rows).toEqual([{ n: 1 }]);
  });

  test('a transaction object kept after its transaction ended refuses queries', async () => {
    const kept = await db().transaction(async (tx) => tx);
    await expect(kept.query('SELECT 1')).rejects.toThrow(/already finished/);
  });

  test('several statements in one query are refused; exec runs a script', async () => {
    await expect(db().query('SELECT 1; SELECT 2')).rejects.toThrow(/multiple commands/);
    await db().exec(
      `INSERT INTO test_item (label) VALUES ('script'); INSERT INTO test_item (label) VALUES ('script');`,
    );
    expect(await count(db(), 'script')).toBe(2);
  });

  test('a notification reaches its listener, and stops after unsubscribing', async () => {
    const received: string[] = [];
    const unlisten = await db().listen('weir_test_channel', (payload) => received.push(payload));
    await db().notify('weir_test_channel', 'hello');
    await until(() => received.length === 1);
    await unlisten();
    await db().notify('weir_test_channel', 'unheard');
    await sleep(200);
    expect(received).toEqual(['hello']);
  });

  test('a notification sent inside a transaction arrives only after the commit', async () => {
    const received: string[] = [];
    const unlisten = await db().listen('weir_test_tx', (payload) => received.push(payload));
    await db()
      .transaction(async (tx) => {
        await tx.query(`SELECT pg_notify('weir_test_tx', 'rolled back')`);
        throw new Error('abandon');
      })
      .catch(() => {});
    await db().transaction(async (tx) => {
      await tx.query(`SELECT pg_notify('weir_test_tx', 'committed')`);
      await sleep(100);
      expect(received).toEqual([]);
    });
    await until(() => received.length === 1);
    expect(received).toEqual(['committed']);
    await unlisten();
  });

  if (kind === 'embedded') {
    test('calling the database from inside its own open transaction fails instead of hanging', async () => {
      const nested = db().transaction(async () => db().query('SELECT 1'));
      await expect(nested).rejects.toThrow(/inside an open transaction/);
      // The queue moved on: the database still answers.
      expect((await db().query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  }
});

describe('the embedded data folder', () => {
  test('a second open of a folder in use is refused, naming the holder', async () => {
    const first = await openTestDatabase('embedded');
    try {
      const second = openEmbeddedDatabase({ path: first.path!, shownAs: './data' });
      await expect(second).rejects.toMatchObject({
        code: 'WEIR_DATA_FOLDER_LOCKED',
        message: `Data folder ./data is in use by another Weir process (pid ${process.pid}); a second node needs PostgreSQL (set database.url)`,
      });
    } finally {
      await first.close();
    }
  });
});

describe('on postgres', () => {
  test('a prepared last statement on its generic plan commits, a failing one leaves nothing, and the setting ends with its transaction', async () => {
    // one connection, so the transactions after the first run where its SET LOCAL was sent
    const database = await openTestDatabase('postgres', 1);
    try {
      const { db } = database;
      await db.exec('CREATE TABLE plan_item (id int PRIMARY KEY, label text NOT NULL)');
      const insert = prepared('INSERT INTO plan_item (id, label) SELECT $1, $2 RETURNING id');
      const run = (id: number, label: string | null) =>
        db.transaction(async (tx) => {
          await tx.query('SELECT 1');
          return tx.queryLast(insert, [id, label], { genericPlan: true });
        });
      expect((await run(1, 'first')).rows).toEqual([{ id: 1 }]);
      await expect(run(2, null)).rejects.toThrow(/null value/);
      expect((await run(3, 'third')).rows).toEqual([{ id: 3 }]);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM plan_item ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual([1, 3]);
      const mode = await db.transaction((tx) =>
        tx.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'),
      );
      expect(mode.rows).toEqual([{ plan_cache_mode: 'auto' }]);
    } finally {
      await database.close();
    }
  });

  test('parts of a transaction (savepoints) fail alone, commit together, and keep their after-commit work for the commit', async () => {
    const database = await openTestDatabase('postgres', 1);
    try {
      const { db } = database;
      await db.exec('CREATE TABLE part_item (id int PRIMARY KEY, label text NOT NULL)');
      const insert = prepared('INSERT INTO part_item (id, label) SELECT $1, $2 RETURNING id');
      const events: string[] = [];
      const modes: string[] = [];
      const outcomes = await db.transaction(async (tx) => {
        const part = tx.savepoint!;
        const results: string[] = [];
        for (const [id, label] of [
          [1, 'first'],
          [2, null],
          [3, 'third'],
        ] as const) {
          try {
            await part(async (p) => {
              // the mode a part runs with is the server's, whatever the part before it set
              const mode = await p.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
              modes.push(mode.rows[0].plan_cache_mode);
              await p.queryLast(insert, [id, label], { genericPlan: true });
              p.afterCommit(() => events.push(`committed ${id}`));
            });
            results.push(`${id} done`);
          } catch (error) {
            results.push(`${id} failed: ${(error as Error).message}`);
          }
        }
        // a part whose only statement fails leaves the transaction usable too
        await expect(part((p) => p.queryLast(insert, [4, null]))).rejects.toThrow(/null value/);
        events.push('before commit');
        return results;
      });
      expect(outcomes).toEqual(['1 done', expect.stringMatching(/^2 failed: .*null value/), '3 done']);
      expect(modes).toEqual(['auto', 'auto', 'auto']);
      expect(events).toEqual(['before commit', 'committed 1', 'committed 3']);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM part_item ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual([1, 3]);

      // when the transaction fails after its parts succeeded, none of them stays and no after-commit work runs
      await expect(
        db.transaction(async (tx) => {
          await tx.savepoint!((p) =>
            p.queryLast(insert, [5, 'fifth']).then(() => p.afterCommit(() => events.push('committed 5'))),
          );
          await tx.query('SELECT 1/0');
        }),
      ).rejects.toThrow(/division by zero/);
      expect((await db.query('SELECT id FROM part_item WHERE id = 5')).rows).toEqual([]);
      expect(events).not.toContain('committed 5');
    } finally {
      await database.close();
    }
  });

  test('the LISTEN connection comes back after its backend is terminated, and wakes its subscribers once', async () => {
    const database = await openTestDatabase('postgres');
    try {
      const received: string[] = [];
      await database.db.listen('weir_test_reconnect', (payload) => received.push(payload));
      const name = new URL(database.url!).pathname.slice(1);
      await withAdmin((admin) =>
        admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'`,
          [name],
        ),
      );
      // Back, the listener wakes each subscriber with an empty payload: what was notified
      // while it was away is lost, so subscribers should look for work they missed.
      const deadline = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < deadline) await sleep(50);
      expect(received).toEqual(['']);
      // And it is listening again.
      while (received.length === 1 && Date.now() < deadline) {
        await database.db.notify('weir_test_reconnect', 'after the drop');
        await sleep(100);
      }
      expect(received[1]).toBe('after the drop');
    } finally {
      await database.close();
    }
  });

  test('a statement sent in order after a lock wait sees what committed while it waited', async () => {
    const database = await openTestDatabase('postgres');
    try {
      const { db } = database;
      await db.exec(`CREATE TABLE lock_item (id int PRIMARY KEY, label text NOT NULL);
                     INSERT INTO lock_item VALUES (1, 'before');`);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // one transaction holds the row, changes it, and commits while the other waits for it
      const holder = db.transaction(async (tx) => {
        await tx.query('SELECT * FROM lock_item WHERE id = 1 FOR UPDATE');
        locked();
        await held;
        await tx.query(`UPDATE lock_item SET label = 'changed' WHERE id = 1`);
      });
      await isLocked;
      const waiter = db.transaction((tx) =>
        tx.queryInOrder([
          { sql: 'SELECT label FROM lock_item WHERE id = 1 FOR UPDATE' },
          { sql: 'SELECT label FROM lock_item WHERE id = $1', params: [1] },
        ]),
      );
      await sleep(200);
      release();
      await holder;
      const [first, second] = await waiter;
      expect(first.rows).toEqual([{ label: 'changed' }]);
      expect(second.rows).toEqual([{ label: 'changed' }]);
    } finally {
      await database.close();
    }
  });

  test('an unreachable database is reported with its address and reason, never its password', async () => {
    const opening = openDatabase({
      database: { url: 'postgres://weir:s3cret@127.0.0.1:1/weir', embeddedPath: '', poolSize: 1 },
    });
    await expect(opening).rejects.toMatchObject({
      code: 'WEIR_DATABASE_UNREACHABLE',
      message: 'Database at postgres://127.0.0.1:1/weir does not answer: connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});
