/**
 * The one door to SQL. Two implementations: PostgreSQL through `pg` (pooled) and the
 * embedded PGlite. Everything above `persistence/` talks to this interface only, through
 * the query functions of this folder.
 */

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1`-style parameters. Several statements in one string are refused. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** A script of several statements without parameters, such as a migration file. */
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'postgres' | 'embedded';

export type NotificationHandler = (payload: string) => void;

/** A connection pool's figures, for metrics. The embedded database has no pool. */
export interface PoolStats {
  /** Most connections the pool opens. */
  readonly max: number;
  /** Connections open now, idle or in use. */
  readonly total: number;
  readonly idle: number;
  /** Callers waiting for a connection. */
  readonly waiting: number;
  /** Called with the milliseconds each caller waited for its connection. Returns the unsubscribe function. */
  onWait(listener: (ms: number) => void): () => void;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  readonly pool?: PoolStats;
  /**
   * A connection of its own for the node's liveness writes (the heartbeat), outside the pool:
   * a pool busy with long jobs and requests must not delay the beat, or the node would fence
   * itself and be taken for dead while it works. Absent where there is one connection anyway.
   */
  readonly liveness?: Queryable;
  /**
   * Run `work` in one transaction: commit when it resolves, roll back when it throws.
   * `afterCommit` callbacks registered through the transaction run only after a commit.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Subscribe to a NOTIFY channel; resolves once listening. Returns the unsubscribe function.
   * After the listening connection was lost and reopened, the handler is called once with an
   * empty payload (notifications sent meanwhile are lost): handlers treat a payload as a hint.
   * Behind a transaction pooler with no direct listen URL nothing listens: handlers are never
   * called and callers rely on their polling.
   */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** One statement of `Transaction.queryInOrder`. */
export interface Statement {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

export interface Transaction extends Queryable {
  /**
   * Several statements sent together (one round trip on PostgreSQL) and run one after the
   * other, each with its own snapshot as separate statements have: a later one sees what
   * committed while an earlier one waited for a lock. Fails with the first failure.
   */
  queryInOrder(statements: readonly Statement[]): Promise<QueryResult<Record<string, unknown>>[]>;
  /** Run after this transaction commits (never after a rollback). */
  afterCommit(callback: () => void): void;
  /**
   * The transaction's last statement. When nothing ran before it, it runs alone (one
   * statement is atomic on its own), saving the BEGIN and COMMIT round trips; otherwise it is
   * sent together with the COMMIT. Either way, once it succeeds the transaction has committed:
   * no statement may follow it, and nothing after it may need a rollback (a check that could
   * fail belongs in the statement itself, as the write batch's job guard is).
   */
  queryLast(
    sql: string,
    params?: readonly unknown[],
    options?: QueryLastOptions,
  ): Promise<QueryResult<Record<string, unknown>>>;
  /** Parts that fail alone (PostgreSQL only: the embedded database runs one command at a time anyway). */
  readonly savepoint?: Savepoint;
}

/**
 * Run `work` as a part of the transaction that can fail alone (a savepoint): when it throws,
 * what its statements did is rolled back and the transaction goes on; when it resolves, its
 * changes and its after-commit callbacks are the transaction's, committed or rolled back with
 * it. Inside, `queryLast` ends the part (sent with its RELEASE), not the transaction.
 */
export type Savepoint = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

export interface QueryLastOptions {
  /**
   * Run a prepared statement with its generic plan (planned once per connection) even where
   * PostgreSQL's estimates would plan it anew for each run. For statements whose every part is
   * a lookup by key or an insert of the rows given, such as the write batch: the custom plan
   * is the same plan, and planning it each time cost as much as running it. Ignored by the
   * embedded database and for texts that are not prepared.
   */
  readonly genericPlan?: boolean;
}

/** The cheapest statement that proves the database answers (the health check's probe). */
export const pingDatabase = async (db: Queryable): Promise<void> => {
  await db.query('SELECT 1');
};
