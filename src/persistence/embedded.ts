/**
 * The `Database` on PGlite: real PostgreSQL compiled to WebAssembly, running inside this
 * process on a data folder. For one node without a database server (development, trials,
 * small installations); a cluster needs PostgreSQL.
 *
 * PGlite has one connection. A statement issued while a transaction is open would run inside
 * that transaction, so every top-level call (query, transaction, listen, notify) waits its
 * turn in one queue and a transaction has the connection to itself until it ends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Results, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type { Database, QueryResult, Transaction } from './database.ts';
import { runAfterCommit, silentLog, TransactionState } from './after-commit.ts';
import type { DatabaseLog } from './after-commit.ts';
import { lockDataFolder } from './data-folder-lock.ts';

export interface EmbeddedOptions {
  /** The data folder; created when missing. */
  readonly path: string;
  /** How the folder is named in messages (as configured, e.g. `./data`). */
  readonly shownAs?: string;
  readonly log?: DatabaseLog;
}

/** PostgreSQL's own files live in a subfolder, leaving the data folder room for Weir's. */
const PGDATA = 'pgdata';

const toResult = <Row>(result: Results<Row>): QueryResult<Row> => ({
  rows: result.rows,
  rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
});

/** A promise chain: each call starts when the previous one has settled. */
const createQueue = () => {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
};

export const openEmbeddedDatabase = async (options: EmbeddedOptions): Promise<Database> => {
  const log = options.log ?? silentLog;
  const folder = resolve(options.path);
  await mkdir(folder, { recursive: true });
  const folderLock = await lockDataFolder(folder, options.shownAs ?? options.path);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(join(folder, PGDATA));
  } catch (error) {
    await folderLock.release();
    throw error;
  }

  const enqueue = createQueue();
  let closing: Promise<void> | undefined;
  // The transaction (if any) whose async context we are in. Calling the database itself from
  // inside an open transaction would wait for that transaction to end, forever; on PostgreSQL
  // the same code silently uses a second connection. Fail loudly instead of hanging.
  const current = new AsyncLocalStorage<TransactionState>();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    if (current.getStore()?.open) {
      return Promise.reject(
        new Error('Database called from inside an open transaction: use the transaction object instead'),
      );
    }
    return enqueue(work);
  };

  const transactionOn = (tx: PGliteTransaction, state: TransactionState): Transaction => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      state.assertOpen();
      return toResult(await tx.query<Row>(sql, params ? [...params] : []));
    },
    // one process, no round trips to save: statements run one after the other
    async queryInOrder(statements) {
      state.assertOpen();
      const results = [];
      for (const { sql, params } of statements) {
        results.push(toResult(await tx.query<Record<string, unknown>>(sql, params ? [...params] : [])));
      }
      return results;
    },
    // one process, no round trips to save: the last statement is just a statement
    async queryLast(sql: string, params?: readonly unknown[]) {
      state.assertOpen();
      return toResult(await tx.query<Record<string, unknown>>(sql, params ? [...params] : []));
    },
    async exec(sql: string) {
      state.assertOpen();
      await tx.exec(sql);
    },
    afterCommit(callback) {
      state.assertOpen();
      state.callbacks.push(callback);
    },
  });

  return {
    kind: 'embedded',
    query: <Row>(sql: string, params?: readonly unknown[]) =>
      exclusive(async () => toResult(await pglite.query<Row>(sql, params ? [...params] : []))),
    exec: (sql) =>
      exclusive(async () => {
        await pglite.exec(sql);
      }),
    async transaction(work) {
      const state = new TransactionState();
      try {
        const result = await exclusive(() =>
          pglite.transaction((tx) => current.run(state, () => work(transactionOn(tx, state)))),
        );
        state.finish();
        runAfterCommit(state.callbacks, log);
        return result;
      } finally {
        state.finish();
      }
    },
    async listen(channel, handler) {
      const unlisten = await exclusive(() => pglite.listen(channel, handler));
      return () => exclusive(() => unlisten());
    },
    async notify(channel, payload) {
      await exclusive(() => pglite.query('SELECT pg_notify($1, $2)', [channel, payload]));
    },
    close() {
      closing ??= enqueue(() => pglite.close()).finally(() => folderLock.release());
      return closing;
    },
  };
};
