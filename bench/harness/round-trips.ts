/**
 * Statements and round trips to PostgreSQL, counted where they start. Every `pg` client's
 * `query` call is a statement (a statement, a BEGIN, a COMMIT, or a batch sent as one); it is
 * also a round trip unless it was written behind another one still unanswered on a pipelined
 * client (`pipeline: true`, as Weir's pool is), whose answer it then shares. Counting is a
 * wrapper around `pg.Client.prototype.query`, installed once per process: in the bench process
 * it counts the in-process engine's and the peers' queries, in a load node that node's
 * (`load-node.ts`). An increment per query costs nothing next to the query. With `BENCH_TRACE`
 * set it also counts statements by text (the first 100 characters), to see which an instance
 * sends.
 */
import pg from 'pg';

interface ClientInternals {
  readonly pipeline?: boolean;
  readonly _activeQuery?: unknown;
  readonly _sentQueryQueue?: readonly unknown[];
}

let count = 0;
let statements = 0;
let installed = false;
const byStatement = new Map<string, number>();
const tracing = Boolean(process.env.BENCH_TRACE);

const statementOf = (first: unknown): string => {
  const config = first as { text?: string; name?: string } | string;
  const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
  return text.replace(/\s+/g, ' ').slice(0, 100);
};

/** Start counting in this process (idempotent). */
export const countRoundTrips = (): void => {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as { query: (...args: unknown[]) => unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    statements += 1;
    const internals = this as unknown as ClientInternals;
    const inFlight = Boolean(internals._activeQuery) || (internals._sentQueryQueue?.length ?? 0) > 0;
    if (!(internals.pipeline && inFlight)) count += 1;
    if (tracing) {
      const key = statementOf(args[0]);
      byStatement.set(key, (byStatement.get(key) ?? 0) + 1);
    }
    return query.apply(this, args);
  };
};

/** Round trips and statements sent by this process since counting began. */
export const roundTripsSoFar = (): { roundTrips: number; statements: number } => ({
  roundTrips: count,
  statements,
});

/** With BENCH_TRACE: the statements sent since the last call, most frequent first; then forgets them. */
export const takeStatementCounts = (): [string, number][] => {
  const list = [...byStatement].sort((a, b) => b[1] - a[1]);
  byStatement.clear();
  return list;
};
