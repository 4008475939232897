/**
 * The `Database` on a real PostgreSQL, through a `pg` pool. Every node of a cluster opens
 * one of these against the same database; that database is all they share.
 */
import pg from 'pg';
import type { PoolClient, QueryConfig } from 'pg';
import type { Writable } from 'node:stream';
import type { Database, PoolStats, QueryLastOptions, QueryResult, Transaction } from './database.ts';
import { runAfterCommit, silentLog, TransactionState } from './after-commit.ts';
import type { DatabaseLog } from './after-commit.ts';
import { asConnectionLoss, isConnectionLoss } from './connection-loss.ts';
import { createPostgresListener } from './postgres-listener.ts';
import { preparedName } from './prepared.ts';

/**
 * How the node reaches PostgreSQL. `direct` and `session` (a pooler in session mode) keep a
 * server connection per client connection, so prepared statements and LISTEN work as usual.
 * `transaction` (pgbouncer's transaction pooling) hands a server connection to a client for
 * one transaction only: named prepared statements would land on connections that never saw
 * them, and LISTEN would listen on a connection soon serving somebody else.
 */
export type PoolerMode = 'direct' | 'session' | 'transaction';

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  /** Shown in `pg_stat_activity`, so an operator sees which node holds which connection. */
  readonly applicationName?: string;
  readonly log?: DatabaseLog;
  readonly pooler?: PoolerMode;
  /**
   * A direct connection for LISTEN when `url` goes through a transaction pooler. Without one
   * in that mode, nothing listens and callers fall back to polling.
   */
  readonly listenUrl?: string;
}

/**
 * How long a query waits for a free pool connection, or for a new connection to open.
 * Without a limit, a request during a database outage hangs until the client gives up;
 * with it, health answers DOWN and requests fail while the database is away.
 */
const CONNECT_TIMEOUT_MS = 10_000;

const INT8_OID = 20;

/**
 * PGlite returns `bigint` columns (such as `count(*)`) as numbers while they are exact, and
 * `pg` returns strings. Parse them the PGlite way here so code that passes its tests on one
 * database does not break on the other.
 */
const parseInt8 = (text: string): number | bigint => {
  const value = BigInt(text);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value;
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Queries always use the extended protocol, as PGlite's `query` does: one statement per call
 * everywhere, so a multi-statement string fails on both databases alike. Scripts go through
 * `exec`.
 */
// `queryMode` is honoured by pg (8.11+) but missing from @types/pg.
type Statement = (sql: string, params?: readonly unknown[]) => QueryConfig & { queryMode: 'extended' };

const statementMaker =
  (prepare: boolean): Statement =>
  (sql, params) => ({
    name: prepare ? preparedName(sql) : undefined,
    text: sql,
    values: params ? [...params] : [],
    queryMode: 'extended',
  });

/**
 * Send several queries at once on a pipelined client, in one socket write (the stream is
 * corked while they are queued), and wait for every answer. Each query keeps its own Sync, so
 * a failing one does not swallow the next: the first failure is thrown once all are answered.
 */
const sendTogether = async (
  client: PoolClient,
  configs: readonly (QueryConfig | string)[],
): Promise<pg.QueryResult[]> => {
  const stream = (client as unknown as { connection: { stream: Writable } }).connection.stream;
  stream.cork();
  let sent: Promise<pg.QueryResult>[];
  try {
    sent = configs.map((config) => client.query(config));
  } finally {
    stream.uncork();
  }
  const settled = await Promise.allSettled(sent);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<pg.QueryResult>).value);
};

/**
 * Sent before a prepared last statement that asks for its generic plan (`QueryLastOptions`).
 * Without it PostgreSQL compares the generic plan's estimate with the custom plans' and, for a
 * job's write batch, re-plans it at every run: its `= ANY($n)` lookups are estimated at ten
 * rows each in the generic plan, one in a custom plan, for the same index scans.
 *
 * Sequential scans are off for the same statement: a generic plan is made once per connection
 * and kept until the table's statistics change, so one made while a table was small (a new
 * database, before autovacuum's first ANALYZE of it) scanned the whole table at every run
 * after, while it grew: in the bench, each job of a fresh database read every row of the
 * process history (500 million rows read for 44,000 instances). Every part of such a
 * statement looks rows up by key, so an index scan is right at any size.
 */
const GENERIC_PLAN = `SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true)`;

/**
 * A part of a transaction (`Transaction.savepoint`) that ran its last statement with its
 * generic plan puts the two settings back before its RELEASE: a RELEASE keeps what SET LOCAL
 * did, and the parts after it are other commands.
 */
const PLAN_SETTINGS_BACK = ['SET LOCAL plan_cache_mode TO DEFAULT', 'SET LOCAL enable_seqscan TO DEFAULT'];

/** Where a transaction, or a part of one, stands. */
interface Phase {
  /** its opening statement (BEGIN, SAVEPOINT) was sent */
  begun: boolean;
  /** its last statement was sent */
  last: boolean;
  /** its last statement was answered, committed or not */
  ended: boolean;
  /** its closing statement (COMMIT, RELEASE) succeeded */
  closed: boolean;
  /** parts opened so far (savepoint names) */
  parts: number;
  /** a part's rollback failed: the transaction must not commit */
  broken?: Error;
}

const newPhase = (): Phase => ({ begun: false, last: false, ended: false, closed: false, parts: 0 });

/** The statements around a transaction's, or a part's, own. */
interface Frame {
  readonly open: () => string[];
  readonly close: readonly string[];
  readonly afterGenericPlan: readonly string[];
  /** a last statement with nothing before it runs alone (one statement is atomic by itself) */
  readonly mayRunAlone: boolean;
}

const TOP_FRAME: Frame = {
  open: () => ['BEGIN'],
  close: ['COMMIT'],
  afterGenericPlan: [],
  mayRunAlone: true,
};

/** Run `work`, turning a lost connection into `WEIR_DATABASE_UNREACHABLE`. */
const reportingLoss = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw asConnectionLoss(error);
  }
};

const toResult = <Row>(result: pg.QueryResult): QueryResult<Row> => ({
  rows: result.rows as Row[],
  rowCount: result.rowCount ?? result.rows.length,
});

const connectionSettings = (url: string, applicationName: string | undefined) => ({
  connectionString: url,
  application_name: applicationName ?? 'weir',
  connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  // TCP keep-alive finds a connection whose peer vanished (a failover, a dropped NAT entry)
  // instead of waiting on it forever.
  keepAlive: true,
  types,
});

export const openPostgresDatabase = (options: PostgresOptions): Database => {
  const log = options.log ?? silentLog;
  const pooler = options.pooler ?? 'direct';
  const statement = statementMaker(pooler !== 'transaction');
  const settings = connectionSettings(options.url, options.applicationName);
  const pool = new pg.Pool({
    ...settings,
    // Pipeline mode: a query is written without waiting for the one before it to be answered.
    // Transactions use it for BEGIN with their first statement and for their last statement
    // with COMMIT (`sendTogether`); every other query still waits for its answer before the
    // next is sent, so a connection carries one thing at a time as before.
    pipeline: true,
    max: options.poolSize,
    // Idle connections are closed after a while so a quiet node does not pin server slots.
    idleTimeoutMillis: 30_000,
  });
  // The heartbeat's own connection (`Database.liveness`): one, opened when first used.
  const livenessPool = new pg.Pool({ ...settings, max: 1, idleTimeoutMillis: 30_000 });
  livenessPool.on('error', (error) => log.warn({ err: error }, 'The heartbeat connection failed'));
  livenessPool.on('connect', (client) => {
    client.on('error', (error) => log.warn({ err: error }, 'The heartbeat connection failed'));
  });
  // An idle pooled connection that the server drops emits 'error' on the pool; unhandled, that
  // event would crash the process. The pool discards the connection and opens a new one later.
  pool.on('error', (error) => log.warn({ err: error }, 'An idle database connection failed'));
  // The pool listens to a client's 'error' event only while the client is idle. A server that
  // goes away (a restart, a failover, a terminated backend) also errors connections that are
  // checked out, or being handed from the pool to a waiting caller; with no listener there,
  // Node would end the process. This listener stays for the client's life: the error itself
  // reaches the caller as the failure of its next statement ("not queryable"), and a
  // transaction that sees a lost connection destroys it instead of returning it.
  pool.on('connect', (client) => {
    client.on('error', (error) => log.warn({ err: error }, 'A database connection failed'));
  });
  const listenSettings =
    pooler !== 'transaction'
      ? settings
      : options.listenUrl
        ? connectionSettings(options.listenUrl, options.applicationName)
        : undefined;
  if (!listenSettings) {
    log.warn(
      {},
      'database.pooler=transaction without database.listen-url: nothing LISTENs, so nodes find new jobs and events by polling only (set database.listen-url to a direct PostgreSQL URL for instant hand-off)',
    );
  }
  const listener = listenSettings ? createPostgresListener(listenSettings, log) : undefined;
  let closing: Promise<void> | undefined;

  // Every connection is taken through `acquire`, so the time callers wait for one (the sign of
  // a pool too small for the load) is measured for queries and transactions alike.
  const waitListeners = new Set<(ms: number) => void>();
  const acquire = async (): Promise<PoolClient> => {
    const started = performance.now();
    const client = await pool.connect();
    const waited = performance.now() - started;
    for (const report of waitListeners) report(waited);
    return client;
  };
  /** One statement on a pooled connection; as `pool.query` does, a failed one's connection is discarded. */
  const pooledQuery = async (config: QueryConfig | string): Promise<pg.QueryResult> => {
    const client = await acquire();
    try {
      const result = await client.query(config);
      client.release();
      return result;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  };
  const stats: PoolStats = {
    max: options.poolSize,
    get total() {
      return pool.totalCount;
    },
    get idle() {
      return pool.idleCount;
    },
    get waiting() {
      return pool.waitingCount;
    },
    onWait(listener) {
      waitListeners.add(listener);
      return () => waitListeners.delete(listener);
    },
  };

  /**
   * Round trips a transaction saves, with the pool in pipeline mode:
   * - BEGIN is sent with the first statement, in one write, and not up front: a command whose
   *   whole work is one final statement (starting an instance) runs it alone, without BEGIN
   *   and COMMIT;
   * - the last statement (`queryLast`) is sent with the COMMIT, in one write. When the
   *   statement fails, PostgreSQL answers the COMMIT of the aborted transaction with a
   *   ROLLBACK: either way the transaction is over when both answers are in (`phase.ended`).
   * So a job (lock and load, then its write batch) costs two round trips, not four.
   *
   * A part (`savepoint`) is framed the same way by SAVEPOINT and RELEASE SAVEPOINT instead of
   * BEGIN and COMMIT: its first statement carries the SAVEPOINT (and the BEGIN, when it is the
   * transaction's first), its last the RELEASE, so a part costs no round trip of its own.
   */
  const transactionOn = (
    client: PoolClient,
    state: TransactionState,
    phase: Phase,
    frame: Frame = TOP_FRAME,
  ): Transaction => {
    const opening = (): string[] => {
      phase.begun = true;
      return frame.open();
    };
    const withBegin = async (config: QueryConfig | string): Promise<pg.QueryResult> => {
      if (phase.last) throw new Error('queryLast must be the last statement of a transaction');
      if (phase.begun) return client.query(config);
      const open = opening();
      return (await sendTogether(client, [...open, config]))[open.length];
    };
    return {
      async query<Row>(sql: string, params?: readonly unknown[]) {
        state.assertOpen();
        return toResult<Row>(await withBegin(statement(sql, params)));
      },
      async queryInOrder(statements) {
        state.assertOpen();
        if (phase.last) throw new Error('queryLast must be the last statement of a transaction');
        const configs = statements.map(({ sql, params }) => statement(sql, params));
        const open = phase.begun ? [] : opening();
        return (await sendTogether(client, [...open, ...configs])).slice(open.length).map((r) => toResult(r));
      },
      async queryLast(sql: string, params?: readonly unknown[], options?: QueryLastOptions) {
        state.assertOpen();
        if (phase.last) throw new Error('queryLast must be the last statement of a transaction');
        phase.last = true;
        if (!phase.begun && frame.mayRunAlone) {
          return toResult<Record<string, unknown>>(await client.query(statement(sql, params)));
        }
        const open = phase.begun ? [] : opening();
        const last = statement(sql, params);
        // SET LOCAL lasts until the COMMIT sent with it: it concerns this statement only
        // (in a part, the settings are put back before its RELEASE)
        const generic = options?.genericPlan === true && last.name !== undefined;
        const before = generic ? [...open, GENERIC_PLAN] : open;
        const sent = [...before, last, ...(generic ? frame.afterGenericPlan : []), ...frame.close];
        try {
          const results = await sendTogether(client, sent);
          phase.closed = true;
          return toResult<Record<string, unknown>>(results[before.length]);
        } finally {
          phase.ended = true;
        }
      },
      async exec(sql: string) {
        state.assertOpen();
        await withBegin(sql);
      },
      afterCommit(callback) {
        state.assertOpen();
        state.callbacks.push(callback);
      },
      async savepoint(work) {
        state.assertOpen();
        if (phase.last) throw new Error('queryLast must be the last statement of a transaction');
        const name = `weir_part_${++phase.parts}`;
        const partState = new TransactionState();
        const partPhase = newPhase();
        const partFrame: Frame = {
          open: () =>
            phase.begun ? [`SAVEPOINT ${name}`] : ((phase.begun = true), ['BEGIN', `SAVEPOINT ${name}`]),
          close: [`RELEASE SAVEPOINT ${name}`],
          afterGenericPlan: PLAN_SETTINGS_BACK,
          mayRunAlone: false,
        };
        try {
          const value = await work(transactionOn(client, partState, partPhase, partFrame));
          if (partPhase.begun && !partPhase.closed) await client.query(`RELEASE SAVEPOINT ${name}`);
          partState.finish();
          // the part's after-commit work waits for the transaction's commit
          state.callbacks.push(...partState.callbacks);
          return value;
        } catch (error) {
          partState.finish();
          if (partPhase.begun && !partPhase.closed && !isConnectionLoss(error)) {
            try {
              await sendTogether(client, [`ROLLBACK TO SAVEPOINT ${name}`, `RELEASE SAVEPOINT ${name}`]);
            } catch (rollbackError) {
              // the transaction is in an unknown state: nothing more of it may run or commit
              phase.broken = rollbackError as Error;
              state.finish();
              throw rollbackError;
            }
          }
          throw error;
        }
      },
    };
  };

  return {
    kind: 'postgres',
    pool: stats,
    liveness: {
      async query<Row>(sql: string, params?: readonly unknown[]) {
        return toResult<Row>(await reportingLoss(() => livenessPool.query(statement(sql, params))));
      },
      async exec(sql: string) {
        await reportingLoss(() => livenessPool.query(sql));
      },
    },
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return toResult<Row>(await reportingLoss(() => pooledQuery(statement(sql, params))));
    },
    async exec(sql: string) {
      await reportingLoss(() => pooledQuery(sql));
    },
    async transaction(work) {
      const client = await reportingLoss(() => acquire());
      const state = new TransactionState();
      const phase = newPhase();
      let result;
      try {
        result = await work(transactionOn(client, state, phase));
        if (phase.broken) throw phase.broken;
        if (phase.begun && !phase.ended) {
          // PostgreSQL answers the COMMIT of a transaction a failed statement aborted with ROLLBACK
          const commit = await client.query('COMMIT');
          phase.ended = true;
          if (commit.command === 'ROLLBACK')
            throw new Error('The transaction was rolled back at its COMMIT: a statement in it had failed');
        }
      } catch (error) {
        state.finish();
        // A connection that was lost, now leads to a replica, or whose ROLLBACK failed is in
        // an unknown state: destroy it rather than hand it to the next caller.
        const broken = isConnectionLoss(error)
          ? (error as Error)
          : phase.begun && !phase.ended
            ? await client.query('ROLLBACK').then(
                () => undefined,
                (rollbackError: Error) => rollbackError,
              )
            : undefined;
        client.release(broken);
        throw asConnectionLoss(error);
      }
      state.finish();
      client.release();
      runAfterCommit(state.callbacks, log);
      return result;
    },
    async listen(channel, handler) {
      if (!listener) return async () => {};
      return reportingLoss(() => listener.listen(channel, handler));
    },
    async notify(channel, payload) {
      await reportingLoss(() => pooledQuery(statement('SELECT pg_notify($1, $2)', [channel, payload])));
    },
    close() {
      closing ??= (listener?.close() ?? Promise.resolve()).finally(() =>
        Promise.all([pool.end(), livenessPool.end()]).then(() => undefined),
      );
      return closing;
    },
  };
};
